"""Load the deterministic community into the graph: members, demo accounts, ties and activity.

Members stream from the generator in batches: validated like `qnet import members`, normalised and
embedded by ProfileService (only profiles whose text changed since the last load are encoded), then
written by qnet.graph.bulk in one UNWIND transaction per batch. Memory stays flat as N grows: only
small per-member views (key, region, interests, skill names, join date) and the ties are held.
Every write merges by stable id, so re-running, or resuming an interrupted load, duplicates nothing.

Stages: plan (a quick pass for the views, then the activity), members, accounts, ties, activity.
While a batch of members (or projects, ideas, groups, comments) is written, in one background
thread, the next batch is generated and embedded: Neo4j and the model work at the same time.
`LoadReport.seconds` splits the time into generate (text), embed (the model) and write (Neo4j); the
background writes overlap the other two, so `write_wait` says how long the loader waited for them.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from typing import Any

from marshmallow import ValidationError

from qnet.graph.bulk import BulkWriter, batched
from qnet.graph.driver import Graph
from qnet.graph.membership.accounts import AccountRepository
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.knowledge.similar_work import WorkEmbedder
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.membership.accounts import hash_password
from qnet.matching.people.importer import describe_errors
from qnet.matching.people.profiles import ProfileInput, ProfileService
from seed.activity import ActivityRows, embed_rows, joined_moment, stable_id
from seed.generator import (
    DEMO_ACCOUNTS,
    activity_view,
    generate_activity,
    iter_connections,
    iter_member_records,
)

DEMO_MEMBERS = 300
MEMBER_BATCH = 1000
TIE_BATCH = 5000
ACTIVITY_BATCH = 1000

Progress = Callable[[str, int, int], None]  # (stage, done, total)
Validator = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class LoadReport:
    members: int = 0  # member rows written
    embedded: int = 0  # members encoded now (the others' text was unchanged)
    rejected: list[tuple[int, str]] = field(default_factory=list)
    accounts: int = 0
    connections: int = 0  # tie rows sent (existing ties are kept, never doubled)
    projects: int = 0
    ideas: int = 0
    supports: int = 0
    comments: int = 0
    groups: int = 0
    seconds: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def ok(self) -> bool:
        return not self.rejected

    @contextmanager
    def timed(self, part: str) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[part] += time.perf_counter() - start


def _index(key: str) -> int:
    return int(key[1:]) - 1


class _BackgroundWriter:
    """Runs one write at a time in a thread while the caller prepares the next batch (memory: two batches)."""

    def __init__(self, report: LoadReport) -> None:
        self.report = report
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qnet-seed-writer")
        self.pending: tuple[Future[tuple[int, float]], str, Callable[[int], None]] | None = None

    def submit(self, part: str, write: Callable[[], int], done: Callable[[int], None]) -> None:
        """Wait for the previous write, then start this one; `done(rows)` runs when it has finished."""
        self.wait()

        def timed() -> tuple[int, float]:
            start = time.perf_counter()
            return write(), time.perf_counter() - start

        self.pending = (self.pool.submit(timed), part, done)

    def wait(self) -> None:
        """Block until the write in flight (if any) is done; its time counts as `write` and `part`."""
        if self.pending is not None:
            future, part, done = self.pending
            self.pending = None
            with self.report.timed("write_wait"):
                rows, seconds = future.result()
            self.report.seconds["write"] += seconds
            self.report.seconds[part] += seconds
            done(rows)

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self.pool.shutdown(wait=True)


class CommunityLoader:
    """One load of `members` generated members (and their activity) into a graph."""

    def __init__(self, graph: Graph, embedder: Embedder, validate: Validator, members: int, seed: int = 7,
                 progress: Progress | None = None, batch_size: int = MEMBER_BATCH) -> None:
        self.graph = graph
        self.writer = BulkWriter(graph)
        self.repository = MemberRepository(graph)
        self.profiles = ProfileService(self.repository, embedder)
        self.embedder = embedder
        self.work = WorkEmbedder(embedder)  # ideas and projects: the idea space
        self.validate = validate
        self.size = members
        self.seed = seed
        self.progress = progress or (lambda stage, done, total: None)
        self.batch_size = batch_size
        self.report = LoadReport()
        self.joined: list[int] = []  # date ordinals by member index

    def run(self, activity: bool = True) -> LoadReport:
        with self.report.timed("generate"):
            views = self._plan(activity)
            plan = generate_activity(self.size, self.seed, views) if activity else None
            del views
        titles: dict[str, list[str]] = defaultdict(list)
        for project in plan.projects if plan else []:
            for seat in project["team"]:
                titles[seat["member"]].append(project["title"])
        self.background = _BackgroundWriter(self.report)
        try:
            self._members({key: sorted(t) for key, t in titles.items()})
            self._accounts()
            self._ties()
            if plan is not None:
                self._activity(ActivityRows(plan, self._joined_of, self.work.hash))
        finally:
            self.background.close()
        return self.report

    def _joined_of(self, key: str) -> date:
        return date.fromordinal(self.joined[_index(key)])

    def _plan(self, with_views: bool) -> list[dict[str, Any]]:
        """A first, cheap pass: join dates, and what activity generation needs to know about each member."""
        views = []
        for member, extras in iter_member_records(self.size, self.seed):
            if with_views:
                views.append(activity_view(member))
            self.joined.append(date.fromisoformat(extras["joined"]).toordinal())
        return views

    def _members(self, projects: dict[str, list[str]]) -> None:
        records = enumerate(iter_member_records(self.size, self.seed), start=1)
        self.progress("members", 0, self.size)
        for batch in batched(records, self.batch_size):
            with self.report.timed("generate"):
                accepted = self._validated(batch)
                writes = [self.profiles.normalise(d["key"], d["email"], ProfileInput.from_dict(d))
                          for _, d, _ in accepted]
            with self.report.timed("write"):
                known = self.repository.embedding_hashes([w.key for w in writes])
            with self.report.timed("embed"), self.report.timed("embed_members"):
                writes = self.profiles.with_embeddings(writes, known, {w.key: projects.get(w.key, []) for w in writes})
            with self.report.timed("generate"):
                rows = [write.row() | {
                    "id": stable_id(write.key), "joined": joined_moment(date.fromisoformat(extras["joined"])).isoformat(),
                    "pairing_opt_in": bool(extras["pairing_opt_in"]),
                    "account_role": extras.get("account_role", "member"),
                    "organisation_id": stable_id(f"org:{write.organisation_key}") if write.organisation_key else None,
                } for (_, _, extras), write in zip(accepted, writes)]
            self.report.embedded += sum(1 for w in writes if w.embedding is not None)
            self.background.submit("write_members", partial(self.writer.members, rows, set(known)),
                                   partial(self._members_written, last=batch[-1][0]))
        self.background.wait()

    def _members_written(self, written: int, last: int) -> None:
        self.report.members += written
        self.progress("members", last, self.size)

    def _validated(self, batch: list[tuple[int, tuple[dict[str, Any], dict[str, Any]]]]
                   ) -> list[tuple[int, dict[str, Any], dict[str, Any]]]:
        """Valid records whose email is free (or already theirs); the rest are reported by number."""
        valid = []
        for number, (record, extras) in batch:
            try:
                data = self.validate(record)
            except ValidationError as exc:
                self.report.rejected.append((number, describe_errors(exc.messages)))
                continue
            data["email"] = data["email"].strip().lower()
            valid.append((number, data, extras))
        owners = self.repository.owners_of_emails([d["email"] for _, d, _ in valid])
        accepted = []
        for number, data, extras in valid:
            if owners.get(data["email"], data["key"]) != data["key"]:
                self.report.rejected.append((number, "email belongs to another member"))
            else:
                accepted.append((number, data, extras))
        return accepted

    def _accounts(self) -> None:
        """The demo logins: a password the first time; the role every time."""
        accounts = AccountRepository(self.graph)
        hashes: dict[str, str] = {}
        for account in DEMO_ACCOUNTS[: self.size]:
            credentials = accounts.credentials(account["email"])
            if credentials is None:
                continue
            if credentials.password_hash is None:
                password = account["password"]
                hashes.setdefault(password, hash_password(password))
                accounts.set_password_hash(credentials.member_id, hashes[password])
            self.repository.set_account_role(credentials.member_id, account["account_role"])
            self.report.accounts += 1

    def _ties(self) -> None:
        """Ties since the later of the two join dates (deterministic, never before either joined)."""
        with self.report.timed("generate"):
            ties = list(iter_connections(self.size, self.seed))
        for batch in batched(ties, TIE_BATCH):
            with self.report.timed("generate"):
                rows = [(a, b, joined_moment(date.fromordinal(max(self.joined[_index(a)], self.joined[_index(b)])))
                         .isoformat()) for a, b in batch]
            with self.report.timed("write"):
                self.report.connections += self.writer.connections(rows)
            self.progress("connections", self.report.connections, 0)

    def _activity(self, rows: ActivityRows) -> None:
        """Projects, ideas and groups (embedded), supports, comments, then the ideas' counters.

        Writes run in order in the background writer, so an idea's project exists before the idea."""
        plan = rows.activity
        for label, items, build, write, encode in (
                ("Project", plan.projects, rows.projects, self.writer.projects, self.work.embed),
                ("Idea", plan.ideas, rows.ideas, self.writer.ideas, self.work.embed),
                ("Group", plan.groups, rows.groups, self.writer.groups, self.embedder.embed)):
            stage = label.lower() + "s"
            self.progress(stage, 0, len(items))
            for chunk in batched(items, ACTIVITY_BATCH):
                with self.report.timed("generate"):
                    built, texts = build(chunk)
                with self.report.timed("write"):
                    known = self.writer.embedding_hashes(label, [r["id"] for r in built])
                with self.report.timed("embed"):
                    embed_rows(built, texts, known, encode)
                self.background.submit("write_activity", partial(write, built),
                                       partial(self._activity_written, stage, total=len(items)))
        self.background.wait()
        for support_chunk in batched(plan.supports, TIE_BATCH):
            with self.report.timed("generate"):
                support_rows = rows.supports(support_chunk)
            with self.report.timed("write"):
                self.report.supports += self.writer.supports(support_rows)
            self.progress("supports", self.report.supports, 0)
        for chunk in batched(plan.comments, ACTIVITY_BATCH):
            with self.report.timed("generate"):
                comment_rows = rows.comments(chunk)
            self.background.submit("write_activity", partial(self.writer.comments, comment_rows),
                                   partial(self._activity_written, "comments", total=0))
        self.background.wait()
        with self.report.timed("write"):
            for ids in batched([stable_id(i["key"]) for i in plan.ideas], TIE_BATCH):
                self.writer.recount_ideas(ids)

    def _activity_written(self, stage: str, written: int, total: int) -> None:
        setattr(self.report, stage, getattr(self.report, stage) + written)
        self.progress(stage, getattr(self.report, stage), total)


def load_demo(graph: Graph, embedder: Embedder, validate: Validator, members: int = DEMO_MEMBERS, seed: int = 7,
              progress: Progress | None = None, batch_size: int = MEMBER_BATCH, activity: bool = True) -> LoadReport:
    """Load `members` generated members with their demo accounts, ties and (by default) activity."""
    return CommunityLoader(graph, embedder, validate, members, seed, progress, batch_size).run(activity)
