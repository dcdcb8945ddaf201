"""Blocks between members: (:Member)-[:BLOCKED {at}]->(:Member), read in both directions.

A block works both ways (neither member may message, ask to connect or be suggested to the other),
but only the member who blocked sees it and may lift it. Blocking also ends any connection and
pending request between the two, in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from qnet.core.errors import Invalid, NotFound
from qnet.graph.driver import Graph


def not_blocked(a: LiteralString, b: LiteralString) -> LiteralString:
    """Cypher condition for other statements: members `a` and `b` are not kept apart by a block either way."""
    return "NOT EXISTS { (" + a + ")-[:BLOCKED]-(" + b + ") }"


BLOCK: LiteralString = """
MATCH (me:Member {id: $me}), (other:Member {id: $other})
MERGE (me)-[b:BLOCKED]->(other) ON CREATE SET b.at = datetime()
WITH me, other
CALL (me, other) { MATCH (me)-[r:CONNECTED_TO|REQUESTED_CONNECTION]-(other) DELETE r }
RETURN count(*) AS n
"""

UNBLOCK: LiteralString = """
MATCH (:Member {id: $me})-[b:BLOCKED]->(:Member {id: $other})
DELETE b
RETURN count(*) AS n
"""

BLOCKED_BY_ME: LiteralString = """
MATCH (:Member {id: $me})-[b:BLOCKED]->(m:Member)
RETURN m.id AS id, m.name AS name, toString(b.at) AS at
ORDER BY b.at DESC
"""


@dataclass(frozen=True)
class BlockedMember:
    id: str
    name: str
    at: str


class BlockRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def block(self, me: str, other: str) -> None:
        """Block `other` (idempotent); any connection or pending request between us ends."""
        if me == other:
            raise Invalid("you cannot block yourself", fields={"member_id": ["is you"]})
        rows = self.graph.execute(BLOCK, me=me, other=other)
        if not rows or rows[0]["n"] == 0:
            raise NotFound("no member with that id")

    def unblock(self, me: str, other: str) -> None:
        rows = self.graph.execute(UNBLOCK, me=me, other=other)
        if not rows or rows[0]["n"] == 0:
            raise NotFound("you have not blocked that member")

    def blocked_by(self, me: str) -> list[BlockedMember]:
        """The members I blocked, most recent first (never who blocked me)."""
        return [BlockedMember(r["id"], r["name"] or "", r["at"]) for r in self.graph.query(BLOCKED_BY_ME, me=me)]

    def has_blocked(self, me: str, other: str) -> bool:
        rows = self.graph.query(
            "RETURN EXISTS { (:Member {id: $me})-[:BLOCKED]->(:Member {id: $other}) } AS blocked", me=me, other=other)
        return bool(rows and rows[0]["blocked"])
