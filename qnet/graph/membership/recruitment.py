"""Recruitment phases: who may apply when, and the identified courses, organisations and partners.

(:RecruitmentPhase {id, name, opens_at, closes_at, routes, reviews_required})
  -[:ADMITS_ALUMNI_OF]->(:Course)          courses whose alumni may apply by the course route
  -[:ADMITS_STAFF_OF]->(:Organisation)     national organisations whose staff may apply
  -[:PARTNER {region}]->(:Organisation)    regional improvement organisations taking part
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, NotFound
from qnet.core.records import Listed, Partner, Phase
from qnet.graph.driver import Graph

PHASE_PROJECTION: LiteralString = """
p {
  .id, .name, .routes, .reviews_required, .opens_at, .closes_at, .created_at,
  courses: [(p)-[:ADMITS_ALUMNI_OF]->(c:Course) | {key: c.key, name: c.name}],
  organisations: [(p)-[:ADMITS_STAFF_OF]->(o:Organisation) | {key: o.key, name: o.name}],
  partners: [(p)-[r:PARTNER]->(o:Organisation) | {key: o.key, name: o.name, region: r.region}],
  announced_at: p.announced_at
}
"""

WRITE_PHASE: LiteralString = """
MERGE (p:RecruitmentPhase {id: $id})
  ON CREATE SET p.created_at = $now
SET p.name = $name, p.opens_at = $opens_at, p.closes_at = $closes_at, p.routes = $routes,
    p.reviews_required = $reviews_required, p.updated_at = $now
WITH p
CALL (p) {
  OPTIONAL MATCH (p)-[old:ADMITS_ALUMNI_OF|ADMITS_STAFF_OF|PARTNER]->()
  DELETE old
}
FOREACH (c IN $courses |
  MERGE (k:Course {key: c.key}) ON CREATE SET k.name = c.name
  MERGE (p)-[:ADMITS_ALUMNI_OF]->(k))
FOREACH (o IN $organisations |
  MERGE (g:Organisation {key: o.key}) ON CREATE SET g.name = o.name, g.id = randomUUID()
  MERGE (p)-[:ADMITS_STAFF_OF]->(g))
FOREACH (o IN $partners |
  MERGE (g:Organisation {key: o.key}) ON CREATE SET g.name = o.name, g.id = randomUUID()
  MERGE (p)-[:PARTNER {region: o.region}]->(g))
RETURN p.id AS id
"""


@dataclass(frozen=True)
class PhaseWrite:
    """A whole phase as a coordinator defined it, already validated; lists are (key, name) pairs."""

    name: str
    opens_at: datetime
    closes_at: datetime
    routes: list[str]
    courses: list[Listed]
    organisations: list[Listed]
    partners: list[Partner]
    reviews_required: int = 2

    def params(self) -> dict[str, Any]:
        return {
            "name": self.name, "opens_at": self.opens_at, "closes_at": self.closes_at,
            "routes": self.routes, "reviews_required": self.reviews_required,
            "courses": [{"key": c.key, "name": c.name} for c in self.courses],
            "organisations": [{"key": o.key, "name": o.name} for o in self.organisations],
            "partners": [{"key": p.key, "name": p.name, "region": p.region} for p in self.partners],
        }


class RecruitmentRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def save(self, phase: PhaseWrite, now: datetime, phase_id: str | None = None) -> Phase:
        """Create a phase, or replace every part of an existing one (its lists included)."""

        def work(tx: ManagedTransaction) -> str:
            if phase_id is not None and tx.run("MATCH (p:RecruitmentPhase {id: $id}) RETURN p.id",
                                               id=phase_id).single() is None:
                raise NotFound("no recruitment phase with that id")
            record = tx.run(WRITE_PHASE, id=phase_id or str(uuid.uuid4()), now=now, **phase.params()).single()
            assert record is not None
            return str(record["id"])

        return self.get(self.graph.write(work))

    def get(self, phase_id: str) -> Phase:
        rows = self.graph.query(
            "MATCH (p:RecruitmentPhase {id: $id}) RETURN " + PHASE_PROJECTION + " AS phase", id=phase_id
        )
        if not rows:
            raise NotFound("no recruitment phase with that id")
        return Phase.from_row(rows[0]["phase"])

    def all(self) -> list[Phase]:
        rows = self.graph.query(
            "MATCH (p:RecruitmentPhase) RETURN " + PHASE_PROJECTION + " AS phase ORDER BY p.opens_at, p.name"
        )
        return [Phase.from_row(r["phase"]) for r in rows]

    def current_and_upcoming(self, now: datetime) -> list[Phase]:
        """Phases not yet closed, soonest closing first (the order in which applicants are placed)."""
        rows = self.graph.query(
            "MATCH (p:RecruitmentPhase) WHERE p.closes_at > $now "
            "RETURN " + PHASE_PROJECTION + " AS phase ORDER BY p.closes_at, p.opens_at, p.id",
            now=now,
        )
        return [Phase.from_row(r["phase"]) for r in rows]

    def delete(self, phase_id: str) -> None:
        """Remove a phase that nobody has applied to yet."""

        def work(tx: ManagedTransaction) -> None:
            record = tx.run(
                "MATCH (p:RecruitmentPhase {id: $id}) "
                "RETURN COUNT { (p)<-[:FOR_PHASE]-(:Application) } AS applications",
                id=phase_id,
            ).single()
            if record is None:
                raise NotFound("no recruitment phase with that id")
            if record["applications"]:
                raise Conflict("this phase has applications; change its closing date instead")
            tx.run("MATCH (p:RecruitmentPhase {id: $id}) DETACH DELETE p", id=phase_id).consume()

        self.graph.write(work)
