"""Monthly pairing rounds: who opted in, who was paired before, and the rounds themselves.

(:Member {pairing_opt_in}) -[:PAIRED_IN]-> (:Pairing {id, reason, score}) -[:IN_ROUND]-> (:PairingRound {id, number}).
Round numbers are unique (a constraint), so two coordinators starting a round at the same moment
cannot both write round n: the second gets Conflict and no pairs.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, NotFound
from qnet.graph.coordinator.introductions import MESSAGED, open_introductions
from qnet.graph.driver import Graph
from qnet.graph.knowledge.shared import stamp, utc_now

PARTICIPANTS: LiteralString = """
MATCH (m:Member {pairing_opt_in: true})
WITH m ORDER BY m.id
RETURN collect(m.id) AS ids, collect(coalesce(m.name, '')) AS names, collect(coalesce(m.role, '')) AS roles,
       collect(coalesce(m.region, '')) AS regions,
       collect([(m)-[:HAS_SKILL]->(s:Skill) | s.name]) AS skills,
       collect([(m)-[:INTERESTED_IN]->(t:Topic) | t.name]) AS topics
"""

PAST_PAIRS: LiteralString = """
MATCH (a:Member)-[:PAIRED_IN]->(:Pairing)<-[:PAIRED_IN]-(b:Member)
WHERE a.id < b.id
RETURN collect(a.id) AS a, collect(b.id) AS b
"""

ROUND_FIELDS: LiteralString = (
    "r {.id, .number, .members, .pairs, .created_by, created_at: toString(r.created_at), messaged: "
    + MESSAGED
    + "}"
)


@dataclass(frozen=True)
class Participants:
    ids: list[str]
    names: list[str]
    roles: list[str]
    regions: list[str]
    skills: list[list[str]]
    topics: list[list[str]]


@dataclass(frozen=True)
class PairingRound:
    id: str
    number: int
    members: int
    pairs: int
    created_by: str | None
    created_at: str
    messaged: int = 0  # introductions after which either member wrote to the other

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> PairingRound:
        return cls(r["id"], int(r["number"]), int(r.get("members") or 0), int(r.get("pairs") or 0),
                   r.get("created_by"), r["created_at"], int(r.get("messaged") or 0))


@dataclass(frozen=True)
class PairedMember:
    id: str
    name: str
    role: str
    region: str


@dataclass(frozen=True)
class Pairing:
    id: str
    members: list[PairedMember]
    reason: str
    score: float


class PairingRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def set_opt_in(self, member_id: str, opt_in: bool) -> bool:
        rows = self.graph.execute(
            "MATCH (m:Member {id: $id}) SET m.pairing_opt_in = $opt RETURN m.pairing_opt_in AS opt",
            id=member_id, opt=opt_in,
        )
        if not rows:
            raise NotFound("no member with that id")
        return bool(rows[0]["opt"])

    def opt_in(self, member_id: str) -> bool:
        rows = self.graph.query("MATCH (m:Member {id: $id}) RETURN coalesce(m.pairing_opt_in, false) AS opt",
                                id=member_id)
        if not rows:
            raise NotFound("no member with that id")
        return bool(rows[0]["opt"])

    def participants(self) -> Participants:
        def work(tx: ManagedTransaction) -> Participants:
            record = tx.run(PARTICIPANTS).single()
            assert record is not None
            return Participants(*(list(v) for v in record.values()))

        return self.graph.read(work)

    def past_pairs(self) -> set[tuple[str, str]]:
        """Every pair of members who have met in an earlier round (a trio counts as three pairs)."""

        def work(tx: ManagedTransaction) -> set[tuple[str, str]]:
            record = tx.run(PAST_PAIRS).single()
            return set(zip(record["a"], record["b"])) if record else set()

        return self.graph.read(work)

    def next_number(self) -> int:
        rows = self.graph.query("MATCH (r:PairingRound) RETURN coalesce(max(r.number), 0) + 1 AS n")
        return int(rows[0]["n"])

    def create_round(self, number: int, created_by: str | None, groups: list[dict[str, Any]], members: int) -> PairingRound:
        """Write a round, all its pairings and the conversations they open in one transaction;
        Conflict if round `number` exists."""
        round_id, at = str(uuid.uuid4()), stamp(utc_now())
        rows = [{**g, "id": str(uuid.uuid4())} for g in groups]

        def work(tx: ManagedTransaction) -> None:
            tx.run(
                "CREATE (:PairingRound {id: $id, number: $number, members: $members, pairs: $pairs, "
                "created_by: $by, created_at: datetime()})",
                id=round_id, number=number, members=members, pairs=len(rows), by=created_by,
            ).consume()
            tx.run(
                """
                MATCH (r:PairingRound {id: $round})
                UNWIND $rows AS row
                CREATE (p:Pairing {id: row.id, reason: row.reason, score: row.score})-[:IN_ROUND]->(r)
                WITH p, row
                UNWIND row.members AS member_id
                MATCH (m:Member {id: member_id})
                CREATE (m)-[:PAIRED_IN]->(p)
                """,
                round=round_id, rows=rows,
            ).consume()
            open_introductions(tx, number, rows, at)

        try:
            self.graph.write(work)
        except Conflict as exc:
            raise Conflict("another pairing round was started at the same moment; try again") from exc
        return self.get_round(round_id)

    def get_round(self, round_id: str) -> PairingRound:
        row = self.graph.query_one("MATCH (r:PairingRound {id: $id}) RETURN " + ROUND_FIELDS + " AS round",
                                   "no pairing round with that id", id=round_id)
        return PairingRound.from_row(row["round"])

    def rounds(self, limit: int = 24) -> list[PairingRound]:
        rows = self.graph.query(
            "MATCH (r:PairingRound) RETURN " + ROUND_FIELDS + " AS round ORDER BY r.number DESC LIMIT $limit",
            limit=limit,
        )
        return [PairingRound.from_row(r["round"]) for r in rows]

    def pairings(self, round_id: str) -> list[Pairing]:
        rows = self.graph.query(
            """
            MATCH (:PairingRound {id: $id})<-[:IN_ROUND]-(p:Pairing)
            CALL (p) {
              MATCH (m:Member)-[:PAIRED_IN]->(p)
              WITH m ORDER BY m.sort_name
              RETURN collect(m {.id, .name, .role, .region}) AS members
            }
            RETURN p.id AS id, p.reason AS reason, p.score AS score, members
            ORDER BY p.score DESC
            """,
            id=round_id,
        )
        return [Pairing(r["id"], [PairedMember(m["id"], m["name"], m.get("role") or "", m.get("region") or "")
                                  for m in r["members"]], r["reason"], float(r["score"] or 0.0)) for r in rows]
