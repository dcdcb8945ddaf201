"""Notifications: (:Notification {id, recipient, kind, actor, text, link, subject, created_at, created_ms,
read, mail, pending_mail}) — one node per recipient, found by the recipient's id through a composite
index, so a member's page and unread count never touch anyone else's notifications.

`mail` is how the recipient chose to hear about this kind when it was created (immediate, daily,
weekly, never); `pending_mail` holds the same value until an email has carried it, then goes.
Fan-out to many recipients is one UNWIND statement per batch, never a round trip per recipient.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.core.cursors import encode_cursor
from qnet.core.records import Notification, NotificationPage
from qnet.graph.driver import Graph
from qnet.graph.knowledge.shared import decode_cursor

NEWEST = 2**62  # a created_ms later than any notification: the first page starts here
UNREAD_CAP = 1000  # counted exactly up to here; the header shows "999+" beyond

# Recipients are filtered in the statement too: an unknown id, or the actor, gets nothing.
_CREATE: LiteralString = """
UNWIND $rows AS row
MATCH (m:Member {id: row.recipient})
WHERE row.recipient <> coalesce($actor, '')
WITH m, row, coalesce(m['mail_' + $kind], $default_mail) AS mail
CREATE (n:Notification {id: row.id, recipient: m.id, kind: $kind, actor: $actor, text: $text,
                        link: $link, subject: $subject, created_at: $at, created_ms: $ms, read: false,
                        mail: mail, pending_mail: CASE WHEN mail = 'never' THEN null ELSE mail END})
RETURN count(n) AS created
"""

_FIELDS: LiteralString = """
n {.id, .kind, .actor, .text, .link, .subject, .created_at, .created_ms, .read, .mail} AS n,
actor.name AS actor_name
"""

# An equality on the recipient and a range on the time let the planner seek the composite index and
# read it backwards in time order, stopping at the page's end (without the range it scanned the label).
_PAGE: LiteralString = """
MATCH (n:Notification)
WHERE n.recipient = $recipient AND n.created_ms <= $upto
  AND (n.created_ms < $upto OR $after_id IS NULL OR n.id < $after_id)
  AND ($unread_only = false OR n.read = false)
  AND ($kinds IS NULL OR n.kind IN $kinds)
WITH n ORDER BY n.created_ms DESC, n.id DESC LIMIT $limit
OPTIONAL MATCH (actor:Member {id: n.actor})
RETURN """ + _FIELDS

_UNREAD: LiteralString = """
MATCH (n:Notification) WHERE n.recipient = $recipient AND n.read = false
WITH n LIMIT $cap
RETURN count(n) AS unread
"""


@dataclass(frozen=True)
class NewNotifications:
    """One event to tell several members about: the same words and link for each of them."""

    kind: str
    actor_id: str | None
    text: str
    link: str | None
    subject_id: str | None
    default_mail: str
    at_iso: str
    at_ms: int


def create(tx: ManagedTransaction, recipients: list[str], event: NewNotifications) -> int:
    """Create one notification per recipient inside the caller's transaction; returns how many."""
    rows = [{"recipient": r, "id": str(uuid.uuid4())} for r in recipients]
    record = tx.run(_CREATE, rows=rows, actor=event.actor_id, kind=event.kind, text=event.text,
                    link=event.link, subject=event.subject_id, at=event.at_iso, ms=event.at_ms,
                    default_mail=event.default_mail).single()
    return int(record["created"]) if record else 0


def batches(ids: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(ids), size):
        yield ids[start: start + size]


class NotificationRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def create(self, recipients: list[str], event: NewNotifications, batch: int = 2000) -> int:
        """Store notifications for many recipients: one transaction and one statement per batch."""
        created = 0
        for chunk in batches(recipients, batch):
            created += self.graph.write(create, recipients=chunk, event=event)
        return created

    def page(self, recipient: str, limit: int, cursor: str | None, unread_only: bool = False,
             kinds: list[str] | None = None) -> NotificationPage:
        after_ms, after_id = decode_cursor(cursor)

        def work(tx: ManagedTransaction) -> NotificationPage:
            upto = NEWEST if after_ms is None else int(after_ms)
            rows = list(tx.run(_PAGE, recipient=recipient, upto=upto, after_id=after_id,
                               unread_only=unread_only, kinds=kinds, limit=limit + 1))
            items = [Notification.from_row(r.data()) for r in rows[:limit]]
            unread_record = tx.run(_UNREAD, recipient=recipient, cap=UNREAD_CAP).single()
            unread = int(unread_record["unread"]) if unread_record else 0
            more = len(rows) > limit
            next_cursor = encode_cursor(items[-1].created_ms, items[-1].id) if more and items else None
            return NotificationPage(items, unread, next_cursor)

        return self.graph.read(work)

    def unread(self, recipient: str) -> int:
        rows = self.graph.query(_UNREAD, recipient=recipient, cap=UNREAD_CAP)
        return int(rows[0]["unread"]) if rows else 0

    def mark_read(self, recipient: str, ids: list[str] | None) -> int:
        """Mark the recipient's notifications read (just `ids`, or all); returns how many changed."""
        rows = self.graph.execute(
            "MATCH (n:Notification) WHERE n.recipient = $recipient AND n.read = false "
            "AND ($ids IS NULL OR n.id IN $ids) SET n.read = true RETURN count(n) AS n",
            recipient=recipient, ids=ids,
        )
        return int(rows[0]["n"]) if rows else 0

    def mark_read_about(self, recipient: str, subject_id: str) -> int:
        """Reading the thing itself (a conversation, an idea) reads what told the member about it."""
        rows = self.graph.execute(
            "MATCH (n:Notification) WHERE n.recipient = $recipient AND n.read = false "
            "AND n.subject = $subject SET n.read = true RETURN count(n) AS n",
            recipient=recipient, subject=subject_id,
        )
        return int(rows[0]["n"]) if rows else 0

    def delete_for(self, recipient: str) -> None:
        """A member who leaves takes their notifications with them."""
        self.graph.run_autocommit(
            "MATCH (n:Notification) WHERE n.recipient = $recipient AND n.created_ms IS NOT NULL "
            "CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS",
            recipient=recipient,
        )

    def exists_since(self, recipient: str, kind: str, since_ms: int) -> bool:
        rows = self.graph.query(
            "MATCH (n:Notification) WHERE n.recipient = $recipient AND n.created_ms >= $since "
            "AND n.kind = $kind RETURN n.id AS id LIMIT 1",
            recipient=recipient, kind=kind, since=since_ms,
        )
        return bool(rows)
