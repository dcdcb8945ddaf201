"""Special interest groups: every Cypher statement for them.

(:Member)-[:IN_GROUP {role, since}]->(:Group)-[:ABOUT]->(:Topic); role is convener or member.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.cursors import encode_cursor
from qnet.core.errors import Conflict, NotFound
from qnet.core.knowledge_records import Group
from qnet.core.records import Page
from qnet.graph.driver import Graph
from qnet.graph.knowledge.shared import (
    LINK_TOPICS,
    SET_EMBEDDING,
    decode_cursor,
    lock,
    member_keys,
    stamp,
)
from qnet.graph.vector_search import VectorQuery

GROUP_PROJECTION: LiteralString = """
g {
  .id, .name, .learning_question, .description, .created_at, .follower_count,
  topics: [(g)-[:ABOUT]->(t:Topic) | t.name],
  members: [(m:Member)-[r:IN_GROUP]->(g) | {id: m.id, name: m.name, role: r.role}]
}
"""

# Creates or updates a batch of groups by id (the app's edits are batches of one): their fields, topics
# (replaced), seats (added: a seat already held keeps its role) and embedding. Rows: id, name,
# learning_question, description, topics [{key, name}], topics_text, updated_at; when new,
# created_at, created_ms; optionally key (a seeded group's), members [{member: key, role}],
# embedding, embedding_hash.
WRITE_GROUPS: LiteralString = """
UNWIND $rows AS row
MERGE (n:Group {id: row.id})
  ON CREATE SET n.created_at = row.created_at, n.created_ms = row.created_ms, n.follower_count = 0
SET n.key = coalesce(row.key, n.key), n.name = row.name, n.learning_question = row.learning_question,
    n.description = row.description, n.topics_text = row.topics_text, n.updated_at = row.updated_at
WITH n, row
CALL (n) { OPTIONAL MATCH (n)-[old:ABOUT]->() DELETE old }
CALL (n, row) {
  UNWIND row.members AS seat
  MATCH (m:Member {key: seat.member})
  MERGE (m)-[r:IN_GROUP]->(n) ON CREATE SET r.role = seat.role, r.since = row.created_at
}
""" + LINK_TOPICS + SET_EMBEDDING

SUGGEST_GROUPS = VectorQuery("""
MATCH (me:Member {id: $member})
<<NEAREST>>
WITH me, g, score WHERE NOT EXISTS { (me)-[:IN_GROUP]->(g) }
RETURN g.id AS id, 2 * score - 1 AS cosine,
       [(g)-[:ABOUT]->(t:Topic)<-[:INTERESTED_IN]-(me) | t.name] AS shared_topics,
       [(g)<-[:IN_GROUP]-(c:Member)-[:CONNECTED_TO]-(me) | c.name] AS connections
""", index="group_embedding", label="Group", node="g", vector="me.embedding", k="$k")

GROUPS_BY_TOPIC: LiteralString = """
MATCH (me:Member {id: $member})-[:INTERESTED_IN]->(:Topic)<-[:ABOUT]-(g:Group)
WHERE NOT EXISTS { (me)-[:IN_GROUP]->(g) }
WITH DISTINCT me, g
RETURN g.id AS id, coalesce(vector.similarity.cosine(me.embedding, g.embedding), 0.5) * 2 - 1 AS cosine,
       [(g)-[:ABOUT]->(t:Topic)<-[:INTERESTED_IN]-(me) | t.name] AS shared_topics,
       [(g)<-[:IN_GROUP]-(c:Member)-[:CONNECTED_TO]-(me) | c.name] AS connections
"""

OVERLAP_BY_MEMBERS: LiteralString = """
MATCH (a:Group)<-[:IN_GROUP]-(m:Member)-[:IN_GROUP]->(b:Group)
WHERE a.id < b.id
WITH a, b, count(DISTINCT m) AS shared
WITH a, b, shared, COUNT { (a)<-[:IN_GROUP]-() } AS size_a, COUNT { (b)<-[:IN_GROUP]-() } AS size_b
RETURN a.id AS a, b.id AS b, shared, size_a, size_b,
       coalesce(vector.similarity.cosine(a.embedding, b.embedding), 0.5) * 2 - 1 AS cosine
"""

OVERLAP_BY_MEANING = VectorQuery("""
MATCH (a:Group)
<<NEAREST>>
WITH a, b, score WHERE a.id < b.id
RETURN a.id AS a, b.id AS b, 2 * score - 1 AS cosine,
       COUNT { (a)<-[:IN_GROUP]-(m:Member)-[:IN_GROUP]->(b) } AS shared,
       COUNT { (a)<-[:IN_GROUP]-() } AS size_a, COUNT { (b)<-[:IN_GROUP]-() } AS size_b
""", index="group_embedding", label="Group", node="b", vector="a.embedding", k="$k")


class GroupRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def get(self, group_id: str) -> Group:
        rows = self.graph.query("MATCH (g:Group {id: $id}) RETURN " + GROUP_PROJECTION + " AS group", id=group_id)
        if not rows:
            raise NotFound("no group with that id")
        return Group.from_row(rows[0]["group"])

    def get_many(self, ids: list[str]) -> dict[str, Group]:
        rows = self.graph.query("UNWIND $ids AS id MATCH (g:Group {id: id}) RETURN " + GROUP_PROJECTION + " AS group",
                                ids=ids)
        return {row["group"]["id"]: Group.from_row(row["group"]) for row in rows}

    def page(self, topic: str | None, limit: int, cursor: str | None) -> Page[Group]:
        after_key, after_id = decode_cursor(cursor)
        rows = self.graph.query(
            """
            MATCH (g:Group)
            WHERE ($topic IS NULL OR EXISTS { (g)-[:ABOUT]->(:Topic {key: $topic}) })
              AND ($after_key IS NULL OR g.created_ms < $after_key OR (g.created_ms = $after_key AND g.id > $after_id))
            WITH g ORDER BY g.created_ms DESC, g.id LIMIT $limit
            RETURN """ + GROUP_PROJECTION + " AS group, g.created_ms AS sort_key",
            topic=topic, after_key=after_key, after_id=after_id, limit=limit + 1)
        groups = [Group.from_row(row["group"]) for row in rows[:limit]]
        next_cursor = encode_cursor(rows[limit - 1]["sort_key"], groups[-1].id) if len(rows) > limit else None
        return Page(groups, next_cursor)

    def create(self, conveners: list[str], row: dict[str, Any], at: datetime) -> str:
        group_id = str(uuid.uuid4())
        when = stamp(at)

        def work(tx: ManagedTransaction) -> None:
            keys = member_keys(tx, conveners)
            if any(c not in keys for c in conveners):
                raise NotFound("every convener must be a member", fields={"conveners": ["no member with that id"]})
            tx.run(WRITE_GROUPS, rows=[row | {
                "id": group_id, "created_at": when["iso"], "created_ms": when["ms"], "updated_at": when["iso"],
                "members": [{"member": keys[c], "role": "convener"} for c in conveners]}]).consume()

        self.graph.write(work)
        return group_id

    def update(self, group_id: str, row: dict[str, Any], at: datetime) -> None:
        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Group", group_id, "group")
            tx.run(WRITE_GROUPS, rows=[row | {"id": group_id, "updated_at": stamp(at)["iso"]}]).consume()

        self.graph.write(work)

    def join(self, group_id: str, member_id: str, at: datetime) -> None:
        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Group", group_id, "group")
            tx.run("MATCH (g:Group {id: $group}), (m:Member {id: $member}) "
                   "MERGE (m)-[r:IN_GROUP]->(g) ON CREATE SET r.role = 'member', r.since = $at",
                   group=group_id, member=member_id, at=stamp(at)["iso"]).consume()

        self.graph.write(work)

    def leave(self, group_id: str, member_id: str) -> None:
        """Leave a group; its last convener cannot leave while others remain."""

        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Group", group_id, "group")
            record = tx.run(
                "MATCH (:Member {id: $member})-[r:IN_GROUP]->(g:Group {id: $group}) "
                "RETURN r.role AS role, COUNT { (:Member)-[:IN_GROUP {role: 'convener'}]->(g) } AS conveners, "
                "COUNT { (:Member)-[:IN_GROUP]->(g) } AS size", member=member_id, group=group_id).single()
            if record is None:
                raise NotFound("you are not in this group")
            if record["role"] == "convener" and record["conveners"] <= 1 and record["size"] > 1:
                raise Conflict("the group's only convener cannot leave while it has members; name another convener")
            tx.run("MATCH (:Member {id: $member})-[r:IN_GROUP]->(:Group {id: $group}) DELETE r",
                   member=member_id, group=group_id).consume()

        self.graph.write(work)

    def suggestions(self, member_id: str, k: int) -> list[dict[str, Any]]:
        """Groups near a member by meaning, plus those about topics they are interested in."""
        rows = {r["id"]: r for r in self.graph.query(GROUPS_BY_TOPIC, member=member_id)}
        has_vector = self.graph.query("MATCH (m:Member {id: $id}) RETURN m.embedding IS NOT NULL AS ok", id=member_id)
        if has_vector and has_vector[0]["ok"]:
            for row in self.graph.query(SUGGEST_GROUPS.cypher(self.graph), member=member_id, k=k):
                rows.setdefault(row["id"], row)
        return list(rows.values())

    def overlaps(self, k: int) -> list[dict[str, Any]]:
        """Pairs of groups that share members, and pairs close in meaning, with both measures."""
        pairs = {(r["a"], r["b"]): r for r in self.graph.query(OVERLAP_BY_MEMBERS)}
        for row in self.graph.query(OVERLAP_BY_MEANING.cypher(self.graph), k=k):
            pairs.setdefault((row["a"], row["b"]), row)
        return list(pairs.values())
