"""What the activity notifications need to know about an event, read in one statement each.

A comment: what it is on (kind, id, title), who owns that (the idea's author, the project's team) and
whose comment it answers. The members a pairing round introduced someone to. Rounds whose voting has begun are claimed for announcement with a
conditional write, so each round is announced once whichever process sees it first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from qnet.graph.driver import Graph

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
