"""Bulk writes of a whole synthetic community, for the clustering benchmark and its tests.

The normal write paths (profiles, connections, ideas, projects) validate and embed one change at a
time; loading 100k members and their activity that way takes too long for a benchmark. These
functions write already-prepared rows in batched UNWIND transactions instead. They are used by
bench/clusters.py and by tests that need activity the other services do not create; the app never
calls them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, LiteralString, TypeVar

from qnet.graph.driver import Graph

T = TypeVar("T")
BATCH = 2000

WRITE_MEMBERS: LiteralString = """
UNWIND $rows AS row
CREATE (m:Member {id: row.id, key: row.key, email: row.email, name: row.name,
                  sort_name: toLower(row.name), role: row.role, organisation: row.organisation,
                  region: row.region, bio: row.bio, skills_text: row.skills_text,
                  interests_text: row.interests_text, account_role: row.account_role,
                  searchable: true, suggestable: true, pairing_opt_in: row.pairing_opt_in,
                  created_at: datetime(row.joined), embedding_hash: row.embedding_hash})
WITH m, row
CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)
WITH m, row
MERGE (r:Region {name: row.region})
CREATE (m)-[:BASED_IN]->(r)
WITH m, row
CALL (m, row) {
  UNWIND row.skills AS s
  MERGE (k:Skill {key: s.key}) ON CREATE SET k.name = s.name
  CREATE (m)-[:HAS_SKILL {level: s.level}]->(k)
}
CALL (m, row) {
  UNWIND row.interests AS t
  MERGE (tp:Topic {key: t.key}) ON CREATE SET tp.name = t.name
  CREATE (m)-[:INTERESTED_IN]->(tp)
}
"""

WRITE_CONNECTIONS: LiteralString = """
UNWIND $pairs AS pair
MATCH (a:Member {key: pair[0]}), (b:Member {key: pair[1]})
CREATE (a)-[:CONNECTED_TO {since: datetime()}]->(b)
"""

WRITE_PROJECTS: LiteralString = """
UNWIND $rows AS row
MERGE (p:Project {id: row.id}) SET p.title = row.title
WITH p, row
UNWIND row.team AS seat
MATCH (m:Member {key: seat.member})
CREATE (m)-[:MEMBER_OF {role: seat.role}]->(p)
"""

WRITE_GROUPS: LiteralString = """
UNWIND $rows AS row
MERGE (g:Group {id: row.id}) SET g.name = row.name
WITH g, row
UNWIND row.members AS seat
MATCH (m:Member {key: seat.member})
CREATE (m)-[:IN_GROUP {role: seat.role}]->(g)
"""

WRITE_IDEAS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Member {key: row.author})
MERGE (i:Idea {id: row.id}) SET i.title = row.title
CREATE (a)-[:AUTHORED]->(i)
"""

WRITE_SUPPORTS: LiteralString = """
UNWIND $rows AS row
MATCH (m:Member {key: row[0]}), (i:Idea {id: row[1]})
CREATE (m)-[:SUPPORTS {at: datetime()}]->(i)
"""

WRITE_COMMENTS: LiteralString = """
UNWIND $rows AS row
MATCH (m:Member {key: row.author}), (i:Idea {id: row.idea})
CREATE (m)-[:WROTE]->(c:Comment {id: row.id, body: row.body})-[:ON]->(i)
"""

WRITE_REPLIES: LiteralString = """
UNWIND $rows AS row
MATCH (c:Comment {id: row[0]}), (parent:Comment {id: row[1]})
CREATE (c)-[:REPLY_TO]->(parent)
"""


def _batches(items: Iterable[T], size: int = BATCH) -> Iterator[list[T]]:
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class CommunityLoader:
    """Writes prepared rows in batches; each batch is one transaction."""

    def __init__(self, graph: Graph, batch_size: int = BATCH) -> None:
        self.graph = graph
        self.batch_size = batch_size

    def _write(self, cypher: LiteralString, name: str, rows: Iterable[Any]) -> int:
        count = 0
        for batch in _batches(rows, self.batch_size):
            self.graph.write(lambda tx, b=batch: tx.run(cypher, {name: b}).consume())
            count += len(batch)
        return count

    def members(self, rows: Iterable[dict[str, Any]]) -> int:
        """Rows: id, key, email, name, role, organisation, region, bio, joined (ISO date),
        account_role, pairing_opt_in, skills [{key, name, level}], interests [{key, name}],
        skills_text, interests_text, embedding (384 floats), embedding_hash."""
        return self._write(WRITE_MEMBERS, "rows", rows)

    def connections(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Pairs of member keys, each written once (the caller guarantees no duplicates)."""
        return self._write(WRITE_CONNECTIONS, "pairs", ([a, b] for a, b in pairs))

    def projects(self, rows: Iterable[dict[str, Any]]) -> int:
        """Rows: id, title, team [{member: key, role}]."""
        return self._write(WRITE_PROJECTS, "rows", rows)

    def groups(self, rows: Iterable[dict[str, Any]]) -> int:
        """Rows: id, name, members [{member: key, role}]."""
        return self._write(WRITE_GROUPS, "rows", rows)

    def ideas(self, rows: Iterable[dict[str, Any]]) -> int:
        """Rows: id, title, author (member key)."""
        return self._write(WRITE_IDEAS, "rows", rows)

    def supports(self, pairs: Iterable[tuple[str, str]]) -> int:
        """Pairs of (member key, idea id)."""
        return self._write(WRITE_SUPPORTS, "rows", ([m, i] for m, i in pairs))

    def comments(self, rows: Iterable[dict[str, Any]]) -> int:
        """Rows: id, idea (idea id), author (member key), body, parent (comment id or None)."""
        rows = list(rows)
        written = self._write(WRITE_COMMENTS, "rows", rows)
        self._write(WRITE_REPLIES, "rows", ([r["id"], r["parent"]] for r in rows if r.get("parent")))
        return written
