"""Bulk writes for seeding and scale loads: thousands of prepared rows per UNWIND transaction.

Every statement is idempotent: nodes are merged by their stable id (or a member's key) and
relationships by their ends, so a load that is interrupted and run again completes without
duplicating anything. The rows are built (validated, normalised, embedded) by the caller
(seed/loader.py); property names match the repositories that read them (members.py, ideas.py,
projects.py, groups.py, comments.py), so seeded data shows up in every endpoint.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from typing import Any, LiteralString, TypeVar

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph

T = TypeVar("T")

# A member, their region, organisation, skills and interests; created_at from the joined date.
WRITE_MEMBERS: LiteralString = """
UNWIND $rows AS row
MERGE (m:Member {key: row.key})
  ON CREATE SET m.id = row.id, m.created_at = datetime(row.joined), m.account_role = row.account_role,
                m.searchable = true, m.suggestable = true
SET m.email = row.email, m.name = row.name, m.sort_name = row.sort_name, m.role = row.role,
    m.organisation = row.organisation, m.region = row.region, m.bio = row.bio,
    m.skills_text = row.skills_text, m.interests_text = row.interests_text,
    m.pairing_opt_in = row.pairing_opt_in, m.updated_at = m.created_at
WITH m, row
CALL (m) {
  OPTIONAL MATCH (m)-[old:HAS_SKILL|WORKS_AT|BASED_IN|INTERESTED_IN]->()
  DELETE old
}
MERGE (r:Region {name: row.region})
CREATE (m)-[:BASED_IN]->(r)
WITH m, row
CALL (m, row) {
  WITH m, row WHERE row.organisation_key IS NOT NULL
  MERGE (o:Organisation {key: row.organisation_key})
    ON CREATE SET o.name = row.organisation, o.id = row.organisation_id
  CREATE (m)-[:WORKS_AT]->(o)
}
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
CALL (m, row) {
  WITH m, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)
  CALL db.create.setNodeVectorProperty(m, 'search_embedding', row.search_embedding)
  SET m.segment_vectors = row.segment_vectors, m.embedding_hash = row.embedding_hash, m.segments = row.segments
}
"""

# The nodes members point at, merged once per batch so that the member statement below only reads them.
MERGE_MEMBER_TARGETS: tuple[LiteralString, ...] = (
    "UNWIND $rows AS name MERGE (:Region {name: name})",
    "UNWIND $rows AS o MERGE (x:Organisation {key: o.key}) ON CREATE SET x.name = o.name, x.id = o.id",
    "UNWIND $rows AS s MERGE (k:Skill {key: s.key}) ON CREATE SET k.name = s.name",
    "UNWIND $rows AS t MERGE (tp:Topic {key: t.key}) ON CREATE SET tp.name = t.name",
)

# Members not yet in the graph (a first load): plain CREATEs, no old relationships to clear. The
# relationships follow as flat UNWINDs (CREATE_MEMBER_LINKS), which PROFILE showed cheaper than a
# subquery per member. The embedding goes through setNodeVectorProperty (float32, for the vector
# index); the segment vectors arrive as one packed float32 byte array (qnet.matching.people.profiles).
CREATE_MEMBERS: LiteralString = """
UNWIND $rows AS row
CREATE (m:Member {key: row.key, id: row.id, created_at: datetime(row.joined), account_role: row.account_role,
                  searchable: true, suggestable: true, email: row.email, name: row.name, sort_name: row.sort_name,
                  role: row.role, organisation: row.organisation, region: row.region, bio: row.bio,
                  skills_text: row.skills_text, interests_text: row.interests_text,
                  pairing_opt_in: row.pairing_opt_in, embedding_hash: row.embedding_hash, segments: row.segments,
                  segment_vectors: row.segment_vectors, updated_at: datetime(row.joined)})
WITH m, row WHERE row.embedding IS NOT NULL
CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)
CALL db.create.setNodeVectorProperty(m, 'search_embedding', row.search_embedding)
"""

# What CREATE_MEMBERS reads of a row (the skills and interests go with the links instead).
_MEMBER_NODE_FIELDS = ("key", "id", "joined", "account_role", "email", "name", "sort_name", "role", "organisation",
                       "region", "bio", "skills_text", "interests_text", "pairing_opt_in", "embedding",
                       "embedding_hash", "segments", "segment_vectors", "search_embedding")

# Rows: [member key, target key(, level)], one statement per relationship type.
CREATE_MEMBER_LINKS: tuple[LiteralString, ...] = (
    "UNWIND $rows AS row MATCH (m:Member {key: row[0]}), (r:Region {name: row[1]}) CREATE (m)-[:BASED_IN]->(r)",
    ("UNWIND $rows AS row MATCH (m:Member {key: row[0]}), (o:Organisation {key: row[1]}) "
     "CREATE (m)-[:WORKS_AT]->(o)"),
    ("UNWIND $rows AS row MATCH (m:Member {key: row[0]}), (k:Skill {key: row[1]}) "
     "CREATE (m)-[:HAS_SKILL {level: row[2]}]->(k)"),
    "UNWIND $rows AS row MATCH (m:Member {key: row[0]}), (t:Topic {key: row[1]}) CREATE (m)-[:INTERESTED_IN]->(t)",
)

# Rows: [key, key, since]; a tie already stored in either direction is kept as it is.
WRITE_CONNECTIONS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Member {key: row[0]}), (b:Member {key: row[1]})
WHERE NOT EXISTS { (a)-[:CONNECTED_TO]-(b) }
CREATE (a)-[:CONNECTED_TO {since: datetime(row[2])}]->(b)
"""

WRITE_PROJECTS: LiteralString = """
UNWIND $rows AS row
MERGE (p:Project {id: row.id})
  ON CREATE SET p.created_at = row.created_at, p.created_ms = row.created_ms, p.follower_count = 0,
                p.comment_count = 0
SET p.key = row.key, p.title = row.title, p.aim = row.aim, p.setting = row.setting, p.region = row.region,
    p.status = row.status, p.methods_text = row.methods_text, p.updated_at = row.created_at
WITH p, row
CALL (p) { OPTIONAL MATCH (p)-[old:USES_METHOD]->() DELETE old }
CALL (p, row) {
  UNWIND row.methods AS s
  MERGE (k:Skill {key: s.key}) ON CREATE SET k.name = s.name
  CREATE (p)-[:USES_METHOD]->(k)
}
CALL (p, row) {
  UNWIND row.team AS seat
  MATCH (m:Member {key: seat.member})
  MERGE (m)-[r:MEMBER_OF]->(p) ON CREATE SET r.role = seat.role, r.since = row.created_at
}
CALL (p, row) {
  WITH p, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(p, 'embedding', row.embedding)
  SET p.embedding_hash = row.embedding_hash
}
"""

WRITE_IDEAS: LiteralString = """
UNWIND $rows AS row
MATCH (a:Member {key: row.author})
MERGE (i:Idea {id: row.id})
  ON CREATE SET i.created_at = row.created_at, i.created_ms = row.created_ms, i.support_count = 0,
                i.comment_count = 0, i.follower_count = 0, i.funded = false, i.withdrawn = false
SET i.key = row.key, i.title = row.title, i.summary = row.summary, i.body = row.body,
    i.body_html = row.body_html, i.body_text = row.body_text, i.topics_text = row.topics_text,
    i.region = row.region, i.status = row.status, i.updated_at = row.created_at, i.updated_ms = row.created_ms
MERGE (a)-[au:AUTHORED]->(i) ON CREATE SET au.at = row.created_at
WITH i, row
CALL (i) { OPTIONAL MATCH (i)-[old:ABOUT|PART_OF]->() DELETE old }
CALL (i, row) {
  UNWIND row.topics AS t
  MERGE (tp:Topic {key: t.key}) ON CREATE SET tp.name = t.name
  CREATE (i)-[:ABOUT]->(tp)
}
CALL (i, row) {
  MATCH (p:Project {id: row.project_id})
  CREATE (i)-[:PART_OF]->(p)
}
CALL (i, row) {
  WITH i, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(i, 'embedding', row.embedding)
  SET i.embedding_hash = row.embedding_hash
}
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

WRITE_GROUPS: LiteralString = """
UNWIND $rows AS row
MERGE (g:Group {id: row.id})
  ON CREATE SET g.created_at = row.created_at, g.created_ms = row.created_ms, g.follower_count = 0
SET g.key = row.key, g.name = row.name, g.learning_question = row.learning_question,
    g.description = row.description, g.topics_text = row.topics_text, g.updated_at = row.created_at
WITH g, row
CALL (g) { OPTIONAL MATCH (g)-[old:ABOUT]->() DELETE old }
CALL (g, row) {
  UNWIND row.topics AS t
  MERGE (tp:Topic {key: t.key}) ON CREATE SET tp.name = t.name
  CREATE (g)-[:ABOUT]->(tp)
}
CALL (g, row) {
  UNWIND row.members AS seat
  MATCH (m:Member {key: seat.member})
  MERGE (m)-[r:IN_GROUP]->(g) ON CREATE SET r.role = seat.role, r.since = row.created_at
}
CALL (g, row) {
  WITH g, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(g, 'embedding', row.embedding)
  SET g.embedding_hash = row.embedding_hash
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

    def members(self, rows: list[dict[str, Any]], existing: set[str] | frozenset[str] = frozenset()) -> int:
        """Rows: MemberWrite.row() plus id, joined (ISO datetime), pairing_opt_in, account_role,
        organisation_id. Keys in `existing` are updated in place; the others are created."""
        if not rows:
            return 0
        targets = [
            sorted({row["region"] for row in rows}),
            list({row["organisation_key"]: {"key": row["organisation_key"], "name": row["organisation"],
                                            "id": row["organisation_id"]}
                  for row in rows if row["organisation_key"]}.values()),
            list({s["key"]: s for row in rows for s in row["skills"]}.values()),
            list({t["key"]: t for row in rows for t in row["interests"]}.values()),
        ]
        new = [row for row in rows if row["key"] not in existing]
        old = [row for row in rows if row["key"] in existing]
        links = (
            [[row["key"], row["region"]] for row in new],
            [[row["key"], row["organisation_key"]] for row in new if row["organisation_key"]],
            [[row["key"], s["key"], s["level"]] for row in new for s in row["skills"]],
            [[row["key"], t["key"]] for row in new for t in row["interests"]],
        )

        def work(tx: ManagedTransaction) -> None:
            for cypher, target_rows in zip(MERGE_MEMBER_TARGETS, targets):
                tx.run(cypher, rows=target_rows).consume()
            if new:
                nodes = [{name: row.get(name) for name in _MEMBER_NODE_FIELDS} for row in new]
                tx.run(CREATE_MEMBERS, rows=nodes).consume()
                for cypher, link_rows in zip(CREATE_MEMBER_LINKS, links):
                    if link_rows:
                        tx.run(cypher, rows=link_rows).consume()
            if old:
                tx.run(WRITE_MEMBERS, rows=old).consume()

        self.graph.write(work)
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
