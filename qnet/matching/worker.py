"""`qnet worker`: the long-running process that sends what members are owed.

Each round it announces idea rounds whose voting has begun, finishes fan-out jobs that a stopped process left, turns notifications that members
want at once into email, sends the daily and weekly digests when their time comes, and delivers
the outbox. Every step is safe to repeat and to run beside the app; run one worker per deployment.
qnet.services.build_worker wires it.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from qnet.graph.knowledge.shared import utc_now
from qnet.matching.mail import MailService
from qnet.matching.messaging.activity import ActivityNotices
from qnet.matching.messaging.notification_mail import DIGESTS, NotificationEmail

log = logging.getLogger(__name__)


@dataclass
class RoundReport:
    rounds: int = 0  # rounds announced as open for voting
    introduced: int = 0  # members told about a new member close to their interests
    fanouts: int = 0
    immediate: int = 0
    digests: dict[str, int] = field(default_factory=dict)
    sent: int = 0
    failed: int = 0

    def busy(self) -> bool:
        return bool(self.rounds or self.introduced or self.fanouts or self.immediate or self.digests or self.sent or self.failed)


class Worker:
    def __init__(self, email: NotificationEmail, mail: MailService, notices: ActivityNotices,
                 interval_s: float = 5.0) -> None:
        self.email = email
        self.mail = mail
        self.notices = notices
        self.fanout = notices.notifier.dispatcher
        self.interval_s = interval_s

    def run_once(self, now: datetime | None = None) -> RoundReport:
        now = now or utc_now()
        report = RoundReport(rounds=self.notices.announce_voting(now))
        self.fanout.drain()  # this process's own fan-outs (round announcements) before their emails
        report.fanouts = self.fanout.run_stale()
        report.introduced = self.introduce_new_members(now)
        report.immediate = len(self.email.queue_immediate(now))
        for period in DIGESTS:
            queued = self.email.run_digest(period, now)
            if queued is not None:
                report.digests[period] = queued
        while True:  # deliver everything queued, a batch at a time; failures wait for the next round
            delivery = self.mail.deliver(now=now)
            report.sent += len(delivery.sent)
            report.failed += len(delivery.failed)
            if not delivery.sent:
                break
        return report

    def introduce_new_members(self, now: datetime) -> int:
        """Once a day (at the digest hour): members who joined in the day before hear about each other."""
        slot = self.email.slot("daily", now)
        if self.email.mail.claim_schedule("introductions", int(slot.timestamp() * 1000),
                                          int(now.timestamp() * 1000)) is None:
            return 0
        told = self.notices.introduce_new_members(slot - timedelta(days=1), slot)
        self.email.mail.finish_schedule("introductions")
        return told

    def run_forever(self, stop: threading.Event) -> None:
        """Work in rounds until `stop` is set (SIGTERM or Ctrl-C in the command line)."""
        log.info("worker started", extra={"interval_s": self.interval_s})
        while not stop.is_set():
            try:
                report = self.run_once()
                if report.busy():
                    log.info("worker round", extra={"fanouts": report.fanouts, "immediate": report.immediate,
                                                    "digests": report.digests, "sent": report.sent,
                                                    "failed": report.failed})
            except Exception:  # a database outage must not end the worker; the next round retries
                log.exception("worker round failed; retrying")
            stop.wait(self.interval_s)
        log.info("worker stopped")
