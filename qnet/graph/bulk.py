"""Bulk writes for seeding and scale loads: thousands of prepared rows per UNWIND transaction.

Members, projects, ideas and groups are written by their repositories' own batch statements
(qnet.graph.people.member_writes, WRITE_PROJECTS, WRITE_IDEAS, WRITE_GROUPS): a seeded node is
written exactly as one saved in the app. Ties, supports and comments, which the app writes one at a
time with checks around them, have their batch statements here. Every statement is idempotent:
nodes are merged by their stable id (or a member's key) and relationships by their ends, so a load
that is interrupted and run again completes without duplicating anything. The rows are built
(validated, normalised, embedded) by the caller (seed/loader.py).
"""

from __future__ import annotations

import time
from collections.abc import Collection, Iterable, Iterator
from typing import Any, LiteralString, TypeVar

from qnet.graph.driver import Graph
from qnet.graph.knowledge.groups import WRITE_GROUPS
from qnet.graph.knowledge.ideas import WRITE_IDEAS
from qnet.graph.knowledge.projects import WRITE_PROJECTS
from qnet.graph.people.member_writes import write_members
from qnet.graph.vector_indexes import features

T = TypeVar("T")

# Rows: [key, key, since]; a tie already stored in either direction is kept as it is.
WRITE_CONNECTIONS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Member {key: row[0]}), (b:Member {key: row[1]})
WHERE NOT EXISTS { (a)-[:CONNECTED_TO]-(b) }
CREATE (a)-[:CONNECTED_TO {since: datetime(row[2])}]->(b)
"""

# Rows: [member key, idea id, at (ISO), at (epoch ms)].
WRITE_SUPPORTS: LiteralString = """
UNWIND $rows AS row
MATCH (m:Member {key: row[0]}), (i:Idea {id: row[1]})
MERGE (m)-[s:SUPPORTS]->(i) ON CREATE SET s.at = row[2], s.at_ms = row[3]
"""

WRITE_COMMENTS: LiteralString = """
UNWIND $rows AS row
MATCH (t:Idea {id: row.idea}), (m:Member {key: row.author})
MERGE (c:Comment {id: row.id})
  ON CREATE SET c.status = 'visible', c.open_flags = 0, c.created_at = row.created_at, c.created_ms = row.created_ms
SET c.key = row.key, c.body = row.body, c.body_html = row.body_html
MERGE (m)-[:WROTE]->(c)
MERGE (c)-[:ON]->(t)
WITH c, row
CALL (c, row) {
  MATCH (parent:Comment {id: row.parent})
  MERGE (c)-[:REPLY_TO]->(parent)
}
"""

# The counters the app keeps on ideas and projects, recomputed from the relationships.
RECOUNT_IDEAS: LiteralString = """
UNWIND $ids AS id
MATCH (i:Idea {id: id})
SET i.support_count = COUNT { (i)<-[:SUPPORTS]-(:Member) },
    i.comment_count = COUNT { (i)<-[:ON]-(x:Comment) WHERE x.status IN ['visible', 'hidden'] }
"""

# Stored embedding hashes by id, one statement per label (labels cannot be parameters).
_HASHES: dict[str, LiteralString] = {
    "Idea": "UNWIND $ids AS id MATCH (n:Idea {id: id}) RETURN id, n.embedding_hash AS hash",
    "Project": "UNWIND $ids AS id MATCH (n:Project {id: id}) RETURN id, n.embedding_hash AS hash",
    "Group": "UNWIND $ids AS id MATCH (n:Group {id: id}) RETURN id, n.embedding_hash AS hash",
}

COUNT_LOADED: LiteralString = """
CALL () { MATCH (m:Member) RETURN count(m) AS members }
CALL () { MATCH ()-[c:CONNECTED_TO]->() RETURN count(c) AS connections }
CALL () { MATCH (p:Project) RETURN count(p) AS projects }
CALL () { MATCH (i:Idea) RETURN count(i) AS ideas }
CALL () { MATCH ()-[s:SUPPORTS]->() RETURN count(s) AS supports }
CALL () { MATCH (c:Comment) RETURN count(c) AS comments }
CALL () { MATCH (g:Group) RETURN count(g) AS groups }
RETURN members, connections, projects, ideas, supports, comments, groups
"""


# The simplest write there is (one small node a row), timed as a baseline in benchmarks, then removed.
PROBE_WRITE: LiteralString = "UNWIND $rows AS row CREATE (:BenchProbe {key: row.key, text: row.text})"
PROBE_CLEAN: LiteralString = "MATCH (p:BenchProbe) CALL (p) { DELETE p } IN TRANSACTIONS OF 5000 ROWS"


def batched(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Lists of at most `size` items, in order."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class BulkWriter:
    """Writes one batch of prepared rows per transaction; each method returns the rows it sent."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _write(self, cypher: LiteralString, rows: list[Any]) -> int:
        if rows:
            self.graph.write(lambda tx: tx.run(cypher, rows=rows).consume())
        return len(rows)

    def members(self, rows: list[dict[str, Any]], existing: Collection[str] | None = None) -> int:
        """Rows: MemberWrite.row() plus id, joined (ISO datetime), pairing_opt_in, account_role,
        organisation_id. Keys in `existing` are updated in place, the others created (read from the
        graph when not given)."""
        packed = features(self.graph).vector_values
        self.graph.write(lambda tx: write_members(tx, rows, existing, packed))
        return len(rows)

    def connections(self, rows: list[tuple[str, str, str]]) -> int:
        return self._write(WRITE_CONNECTIONS, [list(r) for r in rows])

    def projects(self, rows: list[dict[str, Any]]) -> int:
        return self._write(WRITE_PROJECTS, rows)

    def ideas(self, rows: list[dict[str, Any]]) -> int:
        return self._write(WRITE_IDEAS, rows)

    def supports(self, rows: list[tuple[str, str, str, int]]) -> int:
        return self._write(WRITE_SUPPORTS, [list(r) for r in rows])

    def comments(self, rows: list[dict[str, Any]]) -> int:
        return self._write(WRITE_COMMENTS, rows)

    def groups(self, rows: list[dict[str, Any]]) -> int:
        return self._write(WRITE_GROUPS, rows)

    def recount_ideas(self, ids: list[str]) -> None:
        self.graph.write(lambda tx: tx.run(RECOUNT_IDEAS, ids=ids).consume())

    def embedding_hashes(self, label: str, ids: list[str]) -> dict[str, str | None]:
        """The embedding hash stored on each existing Idea, Project or Group (to skip re-encoding)."""
        return {row["id"]: row["hash"] for row in self.graph.query(_HASHES[label], ids=ids)}

    def probe_write_rate(self, rows: int = 5000) -> float:
        """Rows/s of the simplest write Neo4j can do here and now: the ceiling for any bulk write."""
        batch = [{"key": f"probe-{i}", "text": "a short text about as long as a sentence of a bio"}
                 for i in range(rows)]
        start = time.perf_counter()
        self.graph.write(lambda tx: tx.run(PROBE_WRITE, rows=batch).consume())
        rate = rows / (time.perf_counter() - start)
        self.graph.run_autocommit(PROBE_CLEAN)
        return round(rate, 0)

    def counts(self) -> dict[str, int]:
        """How many members, ties, projects, ideas, supports, comments and groups the graph holds."""
        return dict(self.graph.query(COUNT_LOADED)[0])
