"""The graph side of connection suggestions: who could be suggested, and the facts behind a reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.errors import NotFound
from qnet.graph.driver import Graph
from qnet.graph.members import MEMBER_PROJECTION

PROFILE: LiteralString = """
MATCH (me:Member {id: $me})
RETURN me.embedding AS embedding, me.region AS region,
       [(me)-[h:HAS_SKILL]->(s:Skill) | {key: s.key, name: s.name, level: h.level}] AS skills,
       [(me)-[:AUTHORED]->(i:Idea) WHERE coalesce(i.status, 'open') <> 'archived'
          | coalesce(i.title, '') + '. ' + coalesce(i.summary, '')] AS idea_texts
"""

# Who can never be suggested: me, my connections, anyone with a pending request either way,
# anyone I dismissed, and anyone who chose not to appear in suggestions.
ELIGIBLE: LiteralString = """
c.id <> $me AND coalesce(c.suggestable, true)
AND NOT EXISTS { (me)-[:CONNECTED_TO|REQUESTED_CONNECTION]-(c) }
AND NOT EXISTS { (me)-[:DISMISSED]->(c) }
"""

SIMILAR: LiteralString = (
    """
MATCH (me:Member {id: $me})
CALL db.index.vector.queryNodes('member_embedding', $k, $embedding) YIELD node AS c, score
WITH me, c WHERE """
    + ELIGIBLE
    + """
RETURN c.id AS id
"""
)

FRIENDS_OF_FRIENDS: LiteralString = (
    """
MATCH (me:Member {id: $me})-[:CONNECTED_TO]-(f:Member)-[:CONNECTED_TO]-(c:Member)
WHERE """
    + ELIGIBLE
    + """
WITH c, count(DISTINCT f) AS mutual ORDER BY mutual DESC LIMIT $k
RETURN c.id AS id
"""
)

COMPLEMENTARY: LiteralString = (
    """
MATCH (me:Member {id: $me})
MATCH (s:Skill)<-[h:HAS_SKILL]-(c:Member)
WHERE s.key IN $wanted AND h.level >= 2 AND """
    + ELIGIBLE
    + """
WITH c, sum(h.level) AS strength ORDER BY strength DESC LIMIT $k
RETURN c.id AS id
"""
)

FACTS: LiteralString = (
    """
MATCH (me:Member {id: $me})
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN """
    + MEMBER_PROJECTION
    + """ AS member,
       CASE WHEN m.embedding IS NULL OR me.embedding IS NULL THEN 0.0
            ELSE 2 * vector.similarity.cosine(m.embedding, me.embedding) - 1 END AS cosine,
       [(me)-[:INTERESTED_IN]->(t:Topic)<-[:INTERESTED_IN]-(m) | t.name] AS shared_topics,
       [(m)-[h:HAS_SKILL]->(s:Skill) WHERE s.key IN $wanted AND h.level >= 2
          | {key: s.key, name: s.name, level: h.level}] AS offers,
       COLLECT { MATCH (me)-[:CONNECTED_TO]-(f:Member)-[:CONNECTED_TO]-(m) RETURN DISTINCT f.name } AS mutual,
       [(m)-[:WORKS_AT]->(o:Organisation) | o.key][0] AS organisation_key
"""
)


@dataclass(frozen=True)
class MyProfile:
    embedding: list[float] | None
    region: str
    skills: list[dict[str, Any]]
    idea_texts: list[str]


class SuggestionRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def profile(self, me: str) -> MyProfile:
        rows = self.graph.query(PROFILE, me=me)
        if not rows:
            raise NotFound("no member with that id")
        row = rows[0]
        return MyProfile(row["embedding"], row["region"], row["skills"], row["idea_texts"])

    def candidates(self, me: str, embedding: list[float] | None, wanted: list[str], k: int) -> list[str]:
        def work(tx: ManagedTransaction) -> list[str]:
            found: dict[str, None] = {}
            if embedding is not None:
                found.update((r["id"], None) for r in tx.run(SIMILAR, me=me, embedding=embedding, k=k))
            found.update((r["id"], None) for r in tx.run(FRIENDS_OF_FRIENDS, me=me, k=k))
            if wanted:
                found.update((r["id"], None) for r in tx.run(COMPLEMENTARY, me=me, wanted=wanted, k=k))
            return list(found)

        return self.graph.read(work)

    def facts(self, me: str, ids: list[str], wanted: list[str]) -> list[dict[str, Any]]:
        return self.graph.query(FACTS, me=me, ids=ids, wanted=wanted)
