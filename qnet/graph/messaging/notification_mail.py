"""Members' email choices per notification kind, and turning pending notifications into outbox mail.

A member's choice for a kind is the property `mail_<kind>` on their (:Member) node (absent: the
kind's default). Mail is composed inside the same transaction that takes the notifications off the
pending list and queues the mail, so a notification is emailed exactly once or not at all.
Digest schedules are (:Schedule {name, slot_ms, after, done, claimed_ms}) nodes: claiming a slot is a
conditional write, so two workers never send the same digest, and a run resumes where it stopped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph
from qnet.graph.mail import OutgoingMail, enqueue_many

SETTING_PREFIX = "mail_"
SCHEDULE_STALE_MS = 10 * 60_000  # a run that has not moved for this long belonged to a stopped worker


@dataclass(frozen=True)
class Recipient:
    id: str
    name: str
    email: str


@dataclass(frozen=True)
class PendingNote:
    id: str
    kind: str
    text: str
    link: str | None
    created_at: str


@dataclass(frozen=True)
class PendingMail:
    """What one member is owed: one notification (immediate) or several (a digest)."""

    recipient: Recipient
    notes: list[PendingNote]


Compose = Callable[[PendingMail], OutgoingMail]

_IMMEDIATE: LiteralString = """
MATCH (n:Notification) WHERE n.pending_mail = 'immediate' AND n.recipient IS NOT NULL
WITH n LIMIT $limit
MATCH (m:Member {id: n.recipient})
REMOVE n.pending_mail
RETURN m {.id, .name, .email} AS member, collect(n {.id, .kind, .text, .link, .created_at}) AS notes
"""

# Members are walked in id order (a keyset over the unique index); each member's pending notes are an
# index seek on (pending_mail, recipient), so one run is linear in members, not members x notes.
_DIGEST: LiteralString = """
MATCH (m:Member) WHERE m.id > $after
WITH m ORDER BY m.id LIMIT $batch
WITH collect(m) AS members, max(m.id) AS last
UNWIND members AS m
OPTIONAL MATCH (n:Notification) WHERE n.pending_mail = $mode AND n.recipient = m.id AND n.created_ms <= $until
WITH last, m, n ORDER BY n.created_ms DESC
WITH last, m, collect(n) AS pending
FOREACH (n IN pending | REMOVE n.pending_mail)
RETURN last, m {.id, .name, .email} AS member,
       [n IN pending | n {.id, .kind, .text, .link, .created_at}] AS notes
"""


def _pending(row: dict[str, Any]) -> PendingMail | None:
    member = row["member"]
    if not row["notes"] or not member.get("email"):
        return None
    notes = [PendingNote(n["id"], n["kind"], n["text"], n.get("link"), n["created_at"]) for n in row["notes"]]
    return PendingMail(Recipient(member["id"], member.get("name") or "", member["email"]), notes)


class NotificationMailRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def settings(self, member_id: str) -> dict[str, str]:
        """The member's own choices (kinds they never changed are absent: the default applies)."""
        rows = self.graph.query(
            "MATCH (m:Member {id: $id}) "
            "RETURN [k IN keys(m) WHERE k STARTS WITH $prefix | [substring(k, size($prefix)), m[k]]] AS pairs",
            id=member_id, prefix=SETTING_PREFIX,
        )
        return {kind: mode for kind, mode in rows[0]["pairs"]} if rows else {}

    def choose(self, member_id: str, modes: dict[str, str]) -> bool:
        """Store choices; notifications still waiting for an email follow the new choice."""

        def work(tx: ManagedTransaction) -> bool:
            props = {SETTING_PREFIX + kind: mode for kind, mode in modes.items()}
            if tx.run("MATCH (m:Member {id: $id}) SET m += $props RETURN m.id AS id",
                      id=member_id, props=props).single() is None:
                return False
            tx.run(
                "MATCH (n:Notification) WHERE n.recipient = $id AND n.created_ms IS NOT NULL "
                "AND n.pending_mail IS NOT NULL AND n.kind IN keys($modes) "
                "SET n.pending_mail = CASE $modes[n.kind] WHEN 'never' THEN null ELSE $modes[n.kind] END",
                id=member_id, modes=modes,
            ).consume()
            return True

        return self.graph.write(work)

    def mail_immediate(self, compose: Compose, now: datetime, limit: int = 200) -> list[str]:
        """Queue one email per notification waiting to be sent at once; returns the mail ids."""

        def work(tx: ManagedTransaction) -> list[str]:
            mails: list[OutgoingMail] = []
            for record in tx.run(_IMMEDIATE, limit=limit).data():
                pending = _pending(record)
                if pending is not None:
                    mails.extend(compose(PendingMail(pending.recipient, [note])) for note in pending.notes)
            return enqueue_many(tx, mails, now)

        return self.graph.write(work)

    def mail_digest_batch(self, schedule: str, mode: str, after: str, until_ms: int, compose: Compose,
                          now: datetime, batch: int = 1000) -> tuple[str | None, int]:
        """One batch of a digest run: mail each member their pending notes of `mode` and move the
        schedule's cursor, all in one transaction. Returns (the cursor, or None when done; mails)."""

        def work(tx: ManagedTransaction) -> tuple[str | None, int]:
            rows = tx.run(_DIGEST, after=after, batch=batch, mode=mode, until=until_ms).data()
            if not rows:
                tx.run("MATCH (s:Schedule {name: $name}) SET s.done = true", name=schedule).consume()
                return None, 0
            owed = [pending for row in rows if (pending := _pending(row)) is not None]
            sent = len(enqueue_many(tx, [compose(pending) for pending in owed], now))
            last = str(rows[0]["last"])
            tx.run("MATCH (s:Schedule {name: $name}) SET s.after = $after, s.claimed_ms = $now_ms",
                   name=schedule, after=last, now_ms=int(now.timestamp() * 1000)).consume()
            return last, sent

        return self.graph.write(work)

    def finish_schedule(self, name: str) -> None:
        self.graph.execute("MATCH (s:Schedule {name: $name}) SET s.done = true", name=name)

    def claim_schedule(self, name: str, slot_ms: int, now_ms: int) -> str | None:
        """The cursor to run (or resume) schedule `name` from for the slot, or None if not due or held."""
        rows = self.graph.execute(
            "MERGE (s:Schedule {name: $name}) "
            "WITH s, coalesce(s.slot_ms, 0) < $slot AS fresh, "
            "     (s.done = false AND s.claimed_ms < $stale) AS abandoned "
            "WHERE fresh OR abandoned "
            "SET s.slot_ms = CASE WHEN fresh THEN $slot ELSE s.slot_ms END, "
            "    s.after = CASE WHEN fresh THEN '' ELSE s.after END, s.done = false, s.claimed_ms = $now "
            "RETURN s.after AS after",
            name=name, slot=slot_ms, stale=now_ms - SCHEDULE_STALE_MS, now=now_ms,
        )
        return str(rows[0]["after"]) if rows else None
