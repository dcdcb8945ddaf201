"""The graph side of connection suggestions: who could be suggested, and the facts behind a reason."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import NotFound
from qnet.graph.driver import Graph
from qnet.graph.people.profiles import MEMBER_PROJECTION
from qnet.graph.vector_search import VectorQuery

PROFILE: LiteralString = """
MATCH (me:Member {id: $me})
RETURN me.region AS region,
       [(me)-[h:HAS_SKILL]->(s:Skill) | {key: s.key, name: s.name, level: h.level}] AS skills,
       [(me)-[:AUTHORED]->(i:Idea) WHERE coalesce(i.status, 'open') <> 'archived'
          | coalesce(i.title, '') + '. ' + coalesce(i.summary, '')] AS idea_texts
"""

# Candidates and the facts behind their reasons, in one statement. Who can never be suggested: me,
# my connections, anyone with a pending request either way, anyone I dismissed, anyone with a block
# between us either way (read once, as the `excluded` list), and anyone who chose not to appear in
# suggestions. Each candidate's shared
# topics and mutual connections are read from its own side against my (small) lists.
ELIGIBLE: LiteralString = "c <> me AND coalesce(c.suggestable, true) AND NOT c IN excluded"

CANDIDATES = VectorQuery(
    """
MATCH (me:Member {id: $me})
WITH me,
     [(me)-[:CONNECTED_TO|REQUESTED_CONNECTION|BLOCKED]-(x:Member) | x] + [(me)-[:DISMISSED]->(x:Member) | x]
       AS excluded,
     [(me)-[:INTERESTED_IN]->(t:Topic) | t] AS my_topics,
     [(me)-[:CONNECTED_TO]-(f:Member) | f] AS friends
CALL (me, excluded) {
  UNWIND CASE WHEN me.embedding IS NULL THEN [] ELSE [me.embedding] END AS mine
  <<NEAREST>>
  WITH c WHERE """
    + ELIGIBLE
    + """
  RETURN c
  UNION
  MATCH (me)-[:CONNECTED_TO]-(f:Member)-[:CONNECTED_TO]-(c:Member)
  WHERE """
    + ELIGIBLE
    + """
  WITH c, count(DISTINCT f) AS mutual ORDER BY mutual DESC LIMIT $k
  RETURN c
  UNION
  MATCH (s:Skill)<-[h:HAS_SKILL]-(c:Member)
  WHERE s.key IN $wanted AND h.level >= 2 AND """
    + ELIGIBLE
    + """
  WITH c, sum(h.level) AS strength ORDER BY strength DESC LIMIT $k
  RETURN c
}
WITH me, my_topics, friends, c AS m
RETURN """
    + MEMBER_PROJECTION
    + """ AS member,
       CASE WHEN m.embedding IS NULL OR me.embedding IS NULL THEN 0.0
            ELSE 2 * vector.similarity.cosine(m.embedding, me.embedding) - 1 END AS cosine,
       [(m)-[:INTERESTED_IN]->(t:Topic) WHERE t IN my_topics | t.name] AS shared_topics,
       [(m)-[h:HAS_SKILL]->(s:Skill) WHERE s.key IN $wanted AND h.level >= 2
          | {key: s.key, name: s.name, level: h.level}] AS offers,
       COLLECT { MATCH (m)-[:CONNECTED_TO]-(f:Member) WHERE f IN friends RETURN DISTINCT f.name } AS mutual,
       [(m)-[:WORKS_AT]->(o:Organisation) | o.key][0] AS organisation_key
""",
    index="member_embedding", label="Member", node="c", vector="mine", k="$k",
)


@dataclass(frozen=True)
class MyProfile:
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
        return MyProfile(row["region"], row["skills"], row["idea_texts"])

    def candidates(self, me: str, wanted: list[str], k: int) -> list[dict[str, Any]]:
        """Members worth suggesting (close in meaning, friends of friends, strong in what I want), with facts."""

        statement = CANDIDATES.cypher(self.graph)

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [dict(record.items()) for record in tx.run(statement, me=me, wanted=wanted, k=k)]

        return self.graph.read(work)
