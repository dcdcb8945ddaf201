"""Applications to join: submission, the coordinators' queue, the private status link, retention.

(:Application {id, email, active_email, status_hash, name, ..., answer_a/b/c, status})-[:FOR_PHASE]->
(:RecruitmentPhase). `active_email` is set while the application is in progress and is unique, so
two submissions racing for one email leave exactly one application. Reviews, decisions and links to
the member it became are relationships from (:Member) nodes (qnet/graph/membership/reviews.py).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from qnet.core.errors import Conflict, Invalid, NotFound
from qnet.core.filters import QueueFilters
from qnet.core.records import Application
from qnet.core.vocabulary import CRITERION_KEYS
from qnet.graph.driver import Graph
from qnet.graph.mail import OutgoingMail, enqueue

ALREADY_MEMBER = "this email already belongs to a member: sign in instead"
IN_PROGRESS = ("an application from this email is already in progress; "
               "follow the private status link we emailed you")
DEFAULT_RETENTION_DAYS = 180

APPLICATION_PROJECTION: LiteralString = """
a {
  .id, .name, .email, .organisation, .region, .role, .route, .route_evidence, .status,
  .answer_a, .answer_b, .answer_c, .submitted_at, .decided_at, .decision_message,
  phase_id: p.id, phase_name: p.name, reviews_required: p.reviews_required,
  reviews: [(r)-[v:REVIEWED]->(a) | {
    reviewer_id: r.id, reviewer_name: coalesce(r.name, 'a former member'), at: v.at, conflict_of_interest: v.conflict_of_interest,
    scores: [v.score_a, v.score_b, v.score_c], notes: [v.note_a, v.note_b, v.note_c]}],
  member_id: head([(m:Member)-[:SUBMITTED]->(a) | m.id])
}
"""

CREATE_APPLICATION: LiteralString = """
MATCH (p:RecruitmentPhase {id: $phase_id})
WHERE p.opens_at <= $now AND $now < p.closes_at
CREATE (a:Application {
  id: $id, email: $email, active_email: $email, status_hash: $status_hash, status: 'received',
  name: $name, organisation: $organisation, organisation_key: $organisation_key, region: $region,
  role: $role, route: $route, route_evidence: $route_evidence, evidence_key: $evidence_key,
  answer_a: $answer_a, answer_b: $answer_b, answer_c: $answer_c,
  consent_at: $now, submitted_at: $now})
CREATE (a)-[:FOR_PHASE]->(p)
RETURN a.id AS id
"""


@dataclass(frozen=True)
class ApplicationWrite:
    name: str
    email: str
    organisation: str | None
    organisation_key: str | None
    region: str
    role: str
    route: str
    route_evidence: str | None
    evidence_key: str | None
    answers: dict[str, str]


class ApplicationRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def submit(self, write: ApplicationWrite, phase_id: str, status_hash: str, now: datetime,
               mail: Callable[[str], OutgoingMail]) -> tuple[str, str]:
        """Store an application and queue its acknowledgement in one transaction: (id, mail id)."""

        def work(tx: ManagedTransaction) -> tuple[str, str]:
            if tx.run("MATCH (m:Member {email: $email}) RETURN m.id", email=write.email).single():
                raise Conflict(ALREADY_MEMBER, fields={"email": ["already a member"]})
            if tx.run("MATCH (a:Application {active_email: $email}) RETURN a.id", email=write.email).single():
                raise Conflict(IN_PROGRESS, fields={"email": ["application in progress"]})
            params: dict[str, Any] = {f"answer_{k}": write.answers[k] for k in CRITERION_KEYS}
            record = tx.run(
                CREATE_APPLICATION, id=str(uuid.uuid4()), phase_id=phase_id, now=now, status_hash=status_hash,
                email=write.email, name=write.name, organisation=write.organisation,
                organisation_key=write.organisation_key, region=write.region, role=write.role,
                route=write.route, route_evidence=write.route_evidence, evidence_key=write.evidence_key,
                **params,
            ).single()
            if record is None:
                raise Conflict("that recruitment phase has just closed; see what is open now")
            application_id = str(record["id"])
            return application_id, enqueue(tx, mail(application_id), now)

        try:
            return self.graph.write(work)
        except Conflict as exc:
            if isinstance(exc.__cause__, ConstraintError):  # the same email, submitted at the same moment
                raise Conflict(IN_PROGRESS, fields={"email": ["application in progress"]}) from exc
            raise

    def in_progress(self, email: str) -> bool:
        """Whether an application from this email is received, under review or waitlisted."""
        rows = self.graph.query("MATCH (a:Application {active_email: $email}) RETURN count(a) AS n", email=email)
        return bool(rows and rows[0]["n"])

    def get(self, application_id: str) -> Application:
        rows = self.graph.query(
            "MATCH (a:Application {id: $id})-[:FOR_PHASE]->(p:RecruitmentPhase) "
            "RETURN " + APPLICATION_PROJECTION + " AS application",
            id=application_id,
        )
        if not rows:
            raise NotFound("no application with that id")
        return Application.from_row(rows[0]["application"])

    def by_status_hash(self, status_hash: str) -> Application | None:
        rows = self.graph.query(
            "MATCH (a:Application {status_hash: $hash})-[:FOR_PHASE]->(p:RecruitmentPhase) "
            "RETURN " + APPLICATION_PROJECTION + " AS application",
            hash=status_hash,
        )
        return Application.from_row(rows[0]["application"]) if rows else None

    def queue(self, filters: QueueFilters, limit: int,
              after: tuple[datetime, str] | None = None) -> list[Application]:
        """Oldest first, keyset-paginated on (submitted_at, id); `limit + 1` rows tell if more follow."""
        rows = self.graph.query(
            """
            MATCH (a:Application)-[:FOR_PHASE]->(p:RecruitmentPhase)
            WHERE ($phase IS NULL OR p.id = $phase)
              AND ($route IS NULL OR a.route = $route)
              AND ($region IS NULL OR a.region = $region)
              AND ($status IS NULL OR a.status = $status)
              AND ($after_at IS NULL OR a.submitted_at > $after_at
                   OR (a.submitted_at = $after_at AND a.id > $after_id))
            WITH a, p ORDER BY a.submitted_at, a.id LIMIT $limit
            RETURN """ + APPLICATION_PROJECTION + " AS application",
            phase=filters.phase, route=filters.route, region=filters.region, status=filters.status,
            after_at=after[0] if after else None, after_id=after[1] if after else None, limit=limit + 1,
        )
        return [Application.from_row(r["application"]) for r in rows]

    # -- retention of declined applications ------------------------------------------------------
    def retention_days(self) -> int:
        rows = self.graph.query(
            "MATCH (s:MembershipSettings {key: 'membership'}) RETURN s.declined_retention_days AS days"
        )
        return int(rows[0]["days"]) if rows and rows[0]["days"] is not None else DEFAULT_RETENTION_DAYS

    def set_retention_days(self, days: int, now: datetime) -> int:
        if days < 0:
            raise Invalid("retention cannot be negative", fields={"declined_retention_days": ["at least 0"]})
        self.graph.execute(
            "MERGE (s:MembershipSettings {key: 'membership'}) "
            "SET s.declined_retention_days = $days, s.updated_at = $now",
            days=days, now=now,
        )
        return days

    def purge_declined(self, cutoff: datetime) -> int:
        """Delete declined applications decided before `cutoff`, with their reviews and mail."""

        def work(tx: ManagedTransaction) -> int:
            record = tx.run(
                """
                MATCH (a:Application {status: 'declined'}) WHERE a.decided_at < $cutoff
                OPTIONAL MATCH (mail:Mail {ref: a.id})
                WITH a, collect(mail) AS mails
                FOREACH (m IN mails | DETACH DELETE m)
                DETACH DELETE a
                RETURN count(*) AS n
                """,
                cutoff=cutoff,
            ).single()
            # Stand-ins for erased reviewers go once nothing they reviewed or decided is left.
            tx.run("MATCH (f:FormerMember) WHERE NOT EXISTS { (f)--() } DELETE f").consume()
            return int(record["n"]) if record else 0

        return self.graph.write(work)
