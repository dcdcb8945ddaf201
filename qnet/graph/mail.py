"""The mail outbox: every outgoing message is a (:Mail) node until it has been delivered.

Other repositories enqueue mail inside their own write transaction (`enqueue(tx, mail)`), so a
message exists exactly when the change it reports was committed. Delivery claims queued mail,
hands it to SMTP or the mail directory, and marks it sent; a delivered message keeps its headers
but drops its body, which may carry a single-use link.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph

ENQUEUE: LiteralString = """
CREATE (m:Mail {id: $id, to: $to, subject: $subject, body: $body, kind: $kind, ref: $ref,
                status: 'queued', attempts: 0, created_at: $now, unsubscribe: $unsubscribe})
RETURN m.id AS id
"""

ENQUEUE_MANY: LiteralString = """
UNWIND $mails AS mail
CREATE (m:Mail {id: mail.id, to: mail.to, subject: mail.subject, body: mail.body, kind: mail.kind, ref: mail.ref,
                status: 'queued', attempts: 0, created_at: $now, unsubscribe: mail.unsubscribe})
"""

# A claim older than this is assumed to belong to a process that died while sending.
CLAIM_STALE_S = 300


@dataclass(frozen=True)
class OutgoingMail:
    to: str
    subject: str
    body: str
    kind: str  # application_received, decision, invitation, updates_confirm, ...
    ref: str | None = None  # the id of what the mail is about (application, subscription)
    unsubscribe: str | None = None  # a one-click unsubscribe link (List-Unsubscribe, RFC 8058)


@dataclass(frozen=True)
class StoredMail:
    id: str
    to: str
    subject: str
    body: str | None
    kind: str
    status: str  # queued, sending, sent
    attempts: int
    created_at: str
    sent_at: str | None = None
    last_error: str | None = None
    unsubscribe: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> StoredMail:
        return cls(row["id"], row["to"], row["subject"], row.get("body"), row["kind"], row["status"],
                   int(row.get("attempts") or 0), str(row["created_at"]),
                   str(row["sent_at"]) if row.get("sent_at") else None, row.get("last_error"),
                   row.get("unsubscribe"))


_MAIL_FIELDS: LiteralString = """
m {.id, .to, .subject, .body, .kind, .status, .attempts, .last_error, .unsubscribe,
   created_at: toString(m.created_at), sent_at: toString(m.sent_at)}
"""


def enqueue(tx: ManagedTransaction, mail: OutgoingMail, now: datetime) -> str:
    """Queue a mail inside the caller's transaction; returns its id."""
    mail_id = str(uuid.uuid4())
    tx.run(ENQUEUE, id=mail_id, to=mail.to, subject=mail.subject, body=mail.body, kind=mail.kind,
           ref=mail.ref, now=now, unsubscribe=mail.unsubscribe).consume()
    return mail_id


def enqueue_many(tx: ManagedTransaction, mails: list[OutgoingMail], now: datetime) -> list[str]:
    """Queue many mails in one statement inside the caller's transaction (digests); returns their ids."""
    rows: list[dict[str, str | None]] = [{"id": str(uuid.uuid4()), "to": m.to, "subject": m.subject, "body": m.body, "kind": m.kind,
             "ref": m.ref, "unsubscribe": m.unsubscribe} for m in mails]
    if rows:
        tx.run(ENQUEUE_MANY, mails=rows, now=now).consume()
    return [str(row["id"]) for row in rows]


class OutboxRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def enqueue(self, mail: OutgoingMail, now: datetime) -> str:
        return self.graph.write(lambda tx: enqueue(tx, mail, now))

    def claim(self, now: datetime, ids: list[str] | None = None, limit: int = 100) -> list[StoredMail]:
        """Mark queued mail (all, or just `ids`) as being sent by this process and return it."""

        def work(tx: ManagedTransaction) -> list[StoredMail]:
            rows = tx.run(
                """
                MATCH (m:Mail)
                WHERE ($ids IS NULL OR m.id IN $ids)
                  AND (m.status = 'queued'
                       OR (m.status = 'sending' AND m.claimed_at < $now - duration({seconds: $stale})))
                WITH m ORDER BY m.created_at LIMIT $limit
                SET m.status = 'sending', m.claimed_at = $now, m.attempts = coalesce(m.attempts, 0) + 1
                RETURN """ + _MAIL_FIELDS + " AS mail",
                ids=ids, now=now, stale=CLAIM_STALE_S, limit=limit,
            )
            return [StoredMail.from_row(r["mail"]) for r in rows]

        return self.graph.write(work)

    def mark_sent(self, mail_id: str, now: datetime, where: str) -> None:
        """Delivered: keep the headers for the record, drop the body (it may hold a single-use link)."""
        self.graph.execute(
            "MATCH (m:Mail {id: $id}) SET m.status = 'sent', m.sent_at = $now, m.delivered_to = $where, "
            "m.body = null, m.last_error = null REMOVE m.claimed_at",
            id=mail_id, now=now, where=where,
        )

    def mark_failed(self, mail_id: str, error: str) -> None:
        """Back to the queue for the next delivery run, with the reason kept."""
        self.graph.execute(
            "MATCH (m:Mail {id: $id}) SET m.status = 'queued', m.last_error = $error REMOVE m.claimed_at",
            id=mail_id, error=error[:500],
        )

    def for_recipient(self, to: str) -> list[StoredMail]:
        rows = self.graph.query(
            "MATCH (m:Mail {to: $to}) RETURN " + _MAIL_FIELDS + " AS mail ORDER BY m.created_at",
            to=to,
        )
        return [StoredMail.from_row(r["mail"]) for r in rows]

    def counts(self) -> dict[str, int]:
        rows = self.graph.query("MATCH (m:Mail) RETURN m.status AS status, count(*) AS n")
        return {r["status"]: int(r["n"]) for r in rows}
