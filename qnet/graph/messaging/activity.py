"""What the activity notifications need to know about an event, read in one statement each.

A comment: what it is on (kind, id, title), who owns that (the idea's author, the project's team) and
whose comment it answers. The members a pairing round introduced someone to. Rounds whose voting has begun are claimed for announcement with a
conditional write, so each round is announced once whichever process sees it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import LiteralString

from qnet.graph.driver import Graph
from qnet.graph.vector_search import VectorQuery

_COMMENT: LiteralString = """
MATCH (c:Comment {id: $id})-[:ON]->(t)
RETURN CASE WHEN t:Idea THEN 'idea' ELSE 'project' END AS kind, t.id AS target, t.title AS title,
       [(a:Member)-[:AUTHORED]->(t) | a.id] + [(m:Member)-[:MEMBER_OF]->(t) | m.id] AS owners,
       [(c)-[:REPLY_TO]->(:Comment)<-[:WROTE]-(p:Member) | p.id][0] AS parent_author
"""

_ROUNDS_VOTING: LiteralString = """
MATCH (r:Round) WHERE r.voting_ms <= $now AND r.results_ms > $now AND r.voting_announced IS NULL
SET r.voting_announced = $now
RETURN r.id AS id, r.name AS name, r.results_at AS closes
"""


# Members who joined in a window and chose to be suggested; then, for one of them, the members closest
# in meaning who have not been told about a new member this week, with what they share.
_NEW_MEMBERS: LiteralString = """
MATCH (m:Member) WHERE m.created_at > $since AND m.created_at <= $until AND m.embedding IS NOT NULL
  AND coalesce(m.suggestable, true)
RETURN m.id AS id, m.name AS name, m.role AS role ORDER BY m.created_at LIMIT $limit
"""
_CLOSE_TO = VectorQuery("""
MATCH (new:Member {id: $id})
<<NEAREST>>
WITH new, m, 2 * score - 1 AS cosine
WHERE m.id <> new.id AND cosine >= $min_cosine
  AND NOT EXISTS { MATCH (n:Notification) WHERE n.recipient = m.id AND n.created_ms >= $since_ms
                   AND n.kind = 'member_nearby' }
RETURN m.id AS id, cosine,
       [(new)-[:INTERESTED_IN]->(t)<-[:INTERESTED_IN]-(m) | t.name] AS interests,
       [(new)-[:HAS_SKILL]->(s)<-[:HAS_SKILL]-(m) | s.name] AS skills
""", index="member_embedding", label="Member", node="m", vector="new.embedding", k="$k")


@dataclass(frozen=True)
class NewMember:
    id: str
    name: str
    role: str


@dataclass(frozen=True)
class CloseMember:
    id: str
    cosine: float
    interests: list[str]
    skills: list[str]


@dataclass(frozen=True)
class CommentContext:
    target_kind: str  # idea or project
    target_id: str
    title: str
    owners: list[str]
    parent_author: str | None


@dataclass(frozen=True)
class VotingRound:
    id: str
    name: str
    closes: str


@dataclass(frozen=True)
class Introduction:
    member_id: str
    name: str
    reason: str
    round_number: int


class ActivityRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def comment(self, comment_id: str) -> CommentContext | None:
        rows = self.graph.query(_COMMENT, id=comment_id)
        if not rows:
            return None
        row = rows[0]
        return CommentContext(row["kind"], row["target"], row["title"] or "", sorted(set(row["owners"])),
                              row["parent_author"])

    def idea_owner(self, idea_id: str) -> tuple[str, list[str]] | None:
        """The idea's title and its author's id (a list: none if the author has left)."""
        rows = self.graph.query("MATCH (i:Idea {id: $id}) RETURN i.title AS title, "
                                "[(a:Member)-[:AUTHORED]->(i) | a.id] AS authors", id=idea_id)
        return (rows[0]["title"], rows[0]["authors"]) if rows else None

    def new_members(self, since: datetime, until: datetime, limit: int = 1000) -> list[NewMember]:
        # In UTC: the driver crashed the process (segfault) packing a datetime in a zoneinfo zone.
        rows = self.graph.query(_NEW_MEMBERS, since=since.astimezone(UTC), until=until.astimezone(UTC), limit=limit)
        return [NewMember(r["id"], r["name"] or "", r["role"] or "") for r in rows]

    def close_to(self, member_id: str, k: int, min_cosine: float, not_told_since_ms: int) -> list[CloseMember]:
        rows = self.graph.query(_CLOSE_TO.cypher(self.graph), id=member_id, k=k + 1, min_cosine=min_cosine, since_ms=not_told_since_ms)
        return [CloseMember(r["id"], float(r["cosine"]), sorted(r["interests"]), sorted(r["skills"])) for r in rows]

    def claim_rounds_voting(self, now_ms: int) -> list[VotingRound]:
        rows = self.graph.execute(_ROUNDS_VOTING, now=now_ms)
        return [VotingRound(r["id"], r["name"], r["closes"]) for r in rows]

    def introductions(self, member_id: str, limit: int = 5) -> list[Introduction]:
        """The members a pairing round introduced me to, newest round first, with the round's reason."""
        rows = self.graph.query(
            "MATCH (:Member {id: $id})-[:PAIRED_IN]->(p:Pairing)-[:IN_ROUND]->(r:PairingRound), "
            "(other:Member)-[:PAIRED_IN]->(p) WHERE other.id <> $id "
            "RETURN other.id AS id, other.name AS name, p.reason AS reason, r.number AS round "
            "ORDER BY r.number DESC, other.sort_name LIMIT $limit",
            id=member_id, limit=limit,
        )
        return [Introduction(r["id"], r["name"], r["reason"] or "", int(r["round"])) for r in rows]
