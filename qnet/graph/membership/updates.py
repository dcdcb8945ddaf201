"""The updates list: (:Subscription {id, email, interests, region, status, confirm_hash, ...}).

A subscription is `pending` until its confirmation link is used (double opt-in), then `confirmed`.
Unsubscribing deletes it, with the mail that was sent about it: nothing of the address remains.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, NotFound
from qnet.graph.driver import Graph
from qnet.graph.mail import OutgoingMail, enqueue


@dataclass(frozen=True)
class Subscriber:
    id: str
    email: str
    region: str | None
    interests: list[str]


@dataclass(frozen=True)
class Confirmation:
    outcome: str  # confirmed, already_confirmed, expired, unknown
    subscription_id: str | None = None


class SubscriptionRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def subscribe(self, email: str, interests: list[str], region: str | None, confirm_hash: str,
                  expires_at: datetime, now: datetime,
                  confirm_mail: Callable[[str], OutgoingMail],
                  already_mail: Callable[[str], OutgoingMail]) -> str:
        """Start (or restart) double opt-in for a new or pending address; tell a confirmed one it is.

        Returns the queued mail's id. Whatever the address's state, the caller sees the same thing.
        """

        def work(tx: ManagedTransaction) -> str:
            record = tx.run(
                """
                MERGE (s:Subscription {email: $email})
                  ON CREATE SET s.id = $id, s.created_at = $now, s.status = 'pending'
                WITH s, s.status = 'confirmed' AS confirmed
                FOREACH (_ IN CASE WHEN confirmed THEN [] ELSE [1] END |
                  SET s.interests = $interests, s.region = $region, s.confirm_hash = $hash,
                      s.confirm_expires_at = $expires_at, s.requested_at = $now)
                RETURN s.id AS id, confirmed
                """,
                email=email, id=str(uuid.uuid4()), now=now, interests=interests, region=region,
                hash=confirm_hash, expires_at=expires_at,
            ).single()
            assert record is not None
            compose = already_mail if record["confirmed"] else confirm_mail
            return enqueue(tx, compose(str(record["id"])), now)

        return self.graph.write(work)

    def confirm(self, confirm_hash: str, now: datetime) -> Confirmation:
        def work(tx: ManagedTransaction) -> Confirmation:
            record = tx.run(
                """
                MATCH (s:Subscription {confirm_hash: $hash})
                WITH s, s.status = 'confirmed' AS already, s.confirm_expires_at <= $now AS expired
                FOREACH (_ IN CASE WHEN already OR expired THEN [] ELSE [1] END |
                  SET s.status = 'confirmed', s.confirmed_at = $now)
                RETURN s.id AS id, already, expired
                """,
                hash=confirm_hash, now=now,
            ).single()
            if record is None:
                return Confirmation("unknown")
            if record["already"]:
                return Confirmation("already_confirmed", record["id"])
            if record["expired"]:
                return Confirmation("expired", record["id"])
            return Confirmation("confirmed", record["id"])

        return self.graph.write(work)

    def unsubscribe(self, subscription_id: str) -> bool:
        """Delete the subscription and the mail about it; False if it was already gone."""
        rows = self.graph.execute(
            """
            MATCH (s:Subscription {id: $id})
            OPTIONAL MATCH (m:Mail {ref: s.id})
            WITH s, collect(m) AS mails
            FOREACH (m IN mails | DETACH DELETE m)
            DETACH DELETE s
            RETURN count(*) AS n
            """,
            id=subscription_id,
        )
        return bool(rows and rows[0]["n"])

    def status_of(self, email: str) -> str | None:
        rows = self.graph.query("MATCH (s:Subscription {email: $email}) RETURN s.status AS status", email=email)
        return rows[0]["status"] if rows else None

    def announce(self, phase_id: str, regions: list[str] | None, now: datetime,
                 compose: Callable[[Subscriber], OutgoingMail]) -> list[str]:
        """Mail every confirmed subscriber (in `regions`, when given) that a phase is open, once per phase."""

        def work(tx: ManagedTransaction) -> list[str]:
            phase = tx.run(
                "MATCH (p:RecruitmentPhase {id: $id}) "
                "WITH p, p.announced_at IS NOT NULL AS done SET p.announced_at = coalesce(p.announced_at, $now) "
                "RETURN done",
                id=phase_id, now=now,
            ).single()
            if phase is None:
                raise NotFound("no recruitment phase with that id")
            if phase["done"]:
                raise Conflict("this phase has already been announced")
            rows = tx.run(
                "MATCH (s:Subscription {status: 'confirmed'}) "
                "WHERE $regions IS NULL OR s.region IS NULL OR s.region IN $regions "
                "RETURN s.id AS id, s.email AS email, s.region AS region, s.interests AS interests "
                "ORDER BY s.created_at",
                regions=regions,
            ).data()
            subscribers = [Subscriber(r["id"], r["email"], r["region"], list(r["interests"] or [])) for r in rows]
            return [enqueue(tx, compose(s), now) for s in subscribers]

        return self.graph.write(work)
