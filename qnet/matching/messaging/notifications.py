"""Notifications: what members are told about, the rules for it, and the one way to tell them.

Every kind is listed once in KINDS with its label and the email default. `Notifier.notify()` tells a
short list of members now (a message, a connection request); `notify_followers()` and
`notify_everyone()` record a fan-out job in one small write and let a background thread work through
the audience in batches, so the request that caused the event does not wait for 10,000 followers.
A member's own actions never notify themselves.
"""


from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from qnet.core.errors import Invalid
from qnet.core.records import NotificationPage
from qnet.graph.knowledge.shared import stamp, utc_now
from qnet.graph.messaging.fanout import FanoutJob, FanoutRepository
from qnet.graph.messaging.notifications import NewNotifications, NotificationRepository

log = logging.getLogger(__name__)

FANOUT_BATCH = 2000
# How long a fan-out waits before it starts: a request's fan-outs are released at its teardown, before
# the server has written the response, and on a two-core machine the fan-out's first batch then competes
# with the end of the very request that caused it (docs/BENCHMARKS.md, "The fan-out tail").
FANOUT_START_DELAY_S = 0.05
MAX_TEXT = 300


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # what the settings page and emails call it
    default_mail: str  # immediate, daily, weekly or never


KINDS: dict[str, Kind] = {k.key: k for k in (
    Kind("connection_requested", "Someone asks to connect with you", "immediate"),
    Kind("connection_accepted", "Someone accepts your request to connect", "immediate"),
    Kind("message", "New messages", "immediate"),
    Kind("pairing_introduction", "Pairing introductions", "immediate"),
    Kind("comment_on_mine", "Comments on your ideas and projects", "daily"),
    Kind("reply", "Replies to your comments", "daily"),
    Kind("followed_activity", "New comments, status changes and updates on what you follow", "daily"),
    Kind("idea_status", "Your idea is shortlisted or funded", "daily"),
    Kind("round_voting", "An idea round opens for voting", "daily"),
    Kind("member_nearby", "New members close to your interests", "weekly"),
)}

def kind_of(key: str) -> Kind:
    try:
        return KINDS[key]
    except KeyError:
        raise ValueError(f"unknown notification kind {key!r}") from None


class FanoutDispatcher:
    """One background thread per process that works through fan-out jobs as they are added.

    A job whose process stops half-way stays in the graph and `qnet worker` finishes it.
    """

    def __init__(self, jobs: FanoutRepository, batch: int = FANOUT_BATCH,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.jobs = jobs
        self.batch = batch
        self.clock = clock
        self._queue: queue.Queue[str] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._held = threading.local()

    def hold(self) -> None:
        """Keep this thread's jobs until release(): a web request starts its fan-outs only once its
        response is done, so the fan-out never competes with the request it came from."""
        self._held.jobs = []

    def release(self) -> None:
        jobs, self._held.jobs = getattr(self._held, "jobs", None) or [], None
        for job_id in jobs:
            self._start(job_id)

    def submit(self, job_id: str) -> None:
        held = getattr(self._held, "jobs", None)
        if held is not None:
            held.append(job_id)
            return
        self._start(job_id)

    def _start(self, job_id: str) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._loop, name="qnet-fanout", daemon=True)
                self._thread.start()
        self._queue.put(job_id)

    def drain(self) -> None:
        """Wait until every submitted job has been worked through (tests, and the worker at exit)."""
        self._queue.join()

    def _loop(self) -> None:
        while True:
            job_id = self._queue.get()
            time.sleep(FANOUT_START_DELAY_S)
            try:
                for job in self.jobs.claim(self._now_ms(), job_id):
                    self.run(job)
            except Exception:  # the job stays pending; the worker picks it up
                log.exception("fan-out job %s stopped; qnet worker will finish it", job_id)
            finally:
                self._queue.task_done()

    def run(self, job: FanoutJob) -> None:
        while self.jobs.step(job, self.batch, self._now_ms()):
            pass

    def run_stale(self) -> int:
        """Finish jobs that no live process is working on; returns how many."""
        jobs = self.jobs.claim(self._now_ms())
        for job in jobs:
            self.run(job)
        return len(jobs)

    def _now_ms(self) -> int:
        return int(self.clock().timestamp() * 1000)


class Notifier:
    def __init__(self, notifications: NotificationRepository, jobs: FanoutRepository,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.notifications = notifications
        self.jobs = jobs
        self.clock = clock
        self.dispatcher = FanoutDispatcher(jobs, clock=clock)

    def _event(self, kind: str, actor_id: str | None, text: str, link: str | None,
               subject_id: str | None, now: datetime | None) -> NewNotifications:
        at = stamp(now or self.clock())
        return NewNotifications(kind=kind, actor_id=actor_id, text=text.strip()[:MAX_TEXT], link=link,
                                subject_id=subject_id, default_mail=kind_of(kind).default_mail,
                                at_iso=at["iso"], at_ms=at["ms"])

    def notify(self, recipient_ids: Iterable[str], kind: str, actor_id: str | None, text: str,
               link: str | None = None, subject_id: str | None = None, now: datetime | None = None) -> int:
        """Tell these members now (never the actor); returns how many notifications were stored."""
        recipients = sorted({r for r in recipient_ids if r and r != actor_id})
        if not recipients:
            return 0
        return self.notifications.create(recipients, self._event(kind, actor_id, text, link, subject_id, now))

    def notify_followers(self, target_kind: str, target_id: str, kind: str, actor_id: str | None, text: str,
                         link: str | None = None, subject_id: str | None = None,
                         exclude: Iterable[str] = (), now: datetime | None = None) -> str:
        """Tell everyone who follows an idea, project or group, in the background; returns the job id.

        `exclude` holds members already told about this event another way (the idea's author).
        """
        label = {"idea": "Idea", "project": "Project", "group": "Group"}[target_kind]
        return self._fan_out(f"followers:{label}", target_id, kind, actor_id, text, link, subject_id,
                             exclude, now)

    def notify_everyone(self, kind: str, actor_id: str | None, text: str, link: str | None = None,
                        subject_id: str | None = None, now: datetime | None = None) -> str:
        return self._fan_out("members", None, kind, actor_id, text, link, subject_id, (), now)

    def _fan_out(self, audience: str, target: str | None, kind: str, actor_id: str | None, text: str,
                 link: str | None, subject_id: str | None, exclude: Iterable[str], now: datetime | None) -> str:
        event = self._event(kind, actor_id, text, link, subject_id, now)
        excluded = sorted({*exclude, *([actor_id] if actor_id else [])})
        job_id = self.jobs.add(audience, target, excluded, event, event.at_ms)
        self.dispatcher.submit(job_id)
        return job_id

    def page(self, member_id: str, limit: int = 20, cursor: str | None = None,
             unread_only: bool = False, kinds: list[str] | None = None) -> NotificationPage:
        if not 1 <= limit <= 100:
            raise Invalid("limit must be between 1 and 100", fields={"limit": ["between 1 and 100"]})
        return self.notifications.page(member_id, limit, cursor, unread_only, kinds)

    def unread(self, member_id: str) -> int:
        return self.notifications.unread(member_id)

    def mark_read(self, member_id: str, ids: list[str] | None) -> int:
        """Mark some (ids) or all (None) of the member's notifications read; returns the unread count left."""
        self.notifications.mark_read(member_id, ids)
        return self.notifications.unread(member_id)

    def mark_read_about(self, member_id: str, subject_id: str) -> None:
        self.notifications.mark_read_about(member_id, subject_id)
