"""Ideas: every Cypher statement that creates, edits, lists and supports them.

(:Member)-[:AUTHORED]->(:Idea)-[:ABOUT]->(:Topic), (:Idea)-[:PART_OF]->(:Project),
(:Idea)-[:IN_ROUND]->(:Round), (:Member)-[:SUPPORTS {at}]->(:Idea), (:Idea)-[:DUPLICATE_OF]->(:Idea).
Counters on an idea (supports, comments, followers) are recomputed from the relationships inside the
same locked transaction that changes them, so they are exact however many clicks arrive at once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.cursors import encode_cursor
from qnet.core.errors import Conflict, NotFound
from qnet.core.filters import IdeaFilters
from qnet.core.knowledge_records import Idea
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

LISTED_STATUSES = ["open", "shortlisted", "in_progress", "completed"]
SUPPORTABLE_STATUSES = ["open", "shortlisted", "in_progress", "completed"]

IDEA_PROJECTION: LiteralString = """
i {
  .id, .title, .summary, .body, .body_html, .region, .status, .support_count, .comment_count,
  .follower_count, .created_at, .updated_at, .funded, .withdrawn,
  topics: [(i)-[:ABOUT]->(t:Topic) | t.name],
  author: [(a:Member)-[:AUTHORED]->(i) | a {.id, .name}][0],
  project: [(i)-[:PART_OF]->(p:Project) | p {.id, .title}][0],
  rounds: [(i)-[:IN_ROUND]->(r:Round) | r.id],
  duplicate_of: [(i)-[:DUPLICATE_OF]->(d:Idea) | d.id][0],
  supported_by_me: EXISTS { (:Member {id: $viewer})-[:SUPPORTS]->(i) },
  following: EXISTS { (:Member {id: $viewer})-[:FOLLOWS]->(i) }
}
"""

# Creates or updates a batch of ideas by id (the app's edits are batches of one): their fields, topics
# and project link (both replaced), author and embedding. Rows: id, title, summary, body, body_html,
# body_text, topics [{key, name}], topics_text, region, project_id, updated_at, updated_ms; when new,
# created_at, created_ms, status and author (a member key); optionally key (a seeded idea's),
# embedding, embedding_hash. An edit carries no status: the idea keeps its own.
WRITE_IDEAS: LiteralString = """
UNWIND $rows AS row
MERGE (n:Idea {id: row.id})
  ON CREATE SET n.created_at = row.created_at, n.created_ms = row.created_ms, n.support_count = 0,
                n.comment_count = 0, n.follower_count = 0, n.funded = false, n.withdrawn = false
SET n.key = coalesce(row.key, n.key), n.title = row.title, n.summary = row.summary, n.body = row.body,
    n.body_html = row.body_html, n.body_text = row.body_text, n.topics_text = row.topics_text,
    n.region = row.region, n.status = coalesce(row.status, n.status), n.updated_at = row.updated_at,
    n.updated_ms = row.updated_ms
WITH n, row
CALL (n) { OPTIONAL MATCH (n)-[old:ABOUT|PART_OF]->() DELETE old }
CALL (n, row) {
  MATCH (a:Member {key: row.author})
  MERGE (a)-[au:AUTHORED]->(n) ON CREATE SET au.at = row.created_at
}
CALL (n, row) {
  MATCH (p:Project {id: row.project_id})
  MERGE (n)-[:PART_OF]->(p)
}
""" + LINK_TOPICS + SET_EMBEDDING

# Each idea's embedded content, in id order from `after` (`qnet reindex` pages through every idea).
IDEA_TEXTS: LiteralString = """
MATCH (i:Idea) WHERE i.id > $after
WITH i ORDER BY i.id LIMIT $limit
RETURN i.id AS id, i.title AS title, i.summary AS summary, i.body_text AS body_text,
       i.topics_text AS topics_text, i.embedding_hash AS embedding_hash
"""

# A batch of ideas embedded again (nothing else about them changes: not an edit).
SET_IDEA_EMBEDDINGS: LiteralString = """
UNWIND $rows AS row
MATCH (n:Idea {id: row.id})
""" + SET_EMBEDDING

# Sort keys: each is a literal Cypher expression chosen by name, never text from a request; one for each
# name in qnet.core.vocabulary.IDEA_SORTS (the names the API and pages accept).
SORT_KEYS: dict[str, LiteralString] = {
    "newest": "i.created_ms",
    "most_supported": "i.support_count",
    "most_discussed": "i.comment_count",
    "trending": "COUNT { (i)<-[s:SUPPORTS]-() WHERE s.at_ms >= $since_ms } "
    "+ 2 * COUNT { (i)<-[:ON]-(c:Comment) WHERE c.created_ms >= $since_ms AND c.status = 'visible' }",
}

LIST_MATCH: LiteralString = """
MATCH (i:Idea)
WHERE (CASE WHEN $status IS NULL THEN i.status IN $listed ELSE i.status = $status END)
  AND (i.status <> 'draft' OR EXISTS { (:Member {id: $viewer})-[:AUTHORED]->(i) })
  AND ($region IS NULL OR i.region = $region)
  AND ($topic IS NULL OR EXISTS { (i)-[:ABOUT]->(:Topic {key: $topic}) })
  AND ($author IS NULL OR EXISTS { (:Member {id: $author})-[:AUTHORED]->(i) })
  AND ($round IS NULL OR EXISTS { (i)-[:IN_ROUND]->(:Round {id: $round}) })
WITH i, """

LIST_PAGE: LiteralString = """ AS sort_key
WHERE $after_key IS NULL OR sort_key < $after_key OR (sort_key = $after_key AND i.id > $after_id)
WITH i, sort_key ORDER BY sort_key DESC, i.id LIMIT $limit
RETURN """


@dataclass(frozen=True)
class IdeaWrite:
    """An idea's editable content, already validated, rendered and embedded by the caller."""

    title: str
    summary: str
    body: str
    body_html: str
    body_text: str
    topics: list[tuple[str, str]]  # (key, display name)
    region: str | None
    project_id: str | None
    embedding: list[float]
    embedding_hash: str

    def row(self) -> dict[str, Any]:
        return {
            "title": self.title, "summary": self.summary, "body": self.body, "body_html": self.body_html,
            "body_text": self.body_text, "region": self.region, "project_id": self.project_id,
            "topics": [{"key": k, "name": n} for k, n in self.topics],
            "topics_text": " ; ".join(n for _, n in self.topics),
            "embedding": self.embedding, "embedding_hash": self.embedding_hash,
        }


@dataclass(frozen=True)
class IdeaText:
    """What an idea is embedded from, as stored (topics in key order), and the hash of its vector."""

    id: str
    title: str
    summary: str
    body_text: str
    topics: list[str]
    embedding_hash: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> IdeaText:
        topics = [t for t in (row["topics_text"] or "").split(" ; ") if t]
        return cls(id=row["id"], title=row["title"] or "", summary=row["summary"] or "",
                   body_text=row["body_text"] or "", topics=topics, embedding_hash=row["embedding_hash"])


class IdeaRepository:
    """Reads and writes ideas; every write is one transaction."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def get(self, idea_id: str, viewer: str = "") -> Idea:
        rows = self.graph.query("MATCH (i:Idea {id: $id}) RETURN " + IDEA_PROJECTION + " AS idea",
                                id=idea_id, viewer=viewer)
        if not rows:
            raise NotFound("no idea with that id")
        return Idea.from_row(rows[0]["idea"])

    def get_many(self, ids: list[str], viewer: str = "") -> dict[str, Idea]:
        rows = self.graph.query("UNWIND $ids AS id MATCH (i:Idea {id: id}) RETURN " + IDEA_PROJECTION + " AS idea",
                                ids=ids, viewer=viewer)
        return {row["idea"]["id"]: Idea.from_row(row["idea"]) for row in rows}

    def create(self, author_id: str, write: IdeaWrite, status: str, at: datetime) -> str:
        idea_id = str(uuid.uuid4())
        when = stamp(at)

        def work(tx: ManagedTransaction) -> None:
            author = member_keys(tx, [author_id]).get(author_id)
            if author is None:
                raise NotFound("no member with that id")
            _check_project(tx, write.project_id)
            tx.run(WRITE_IDEAS, rows=[write.row() | {
                "id": idea_id, "author": author, "status": status, "created_at": when["iso"],
                "created_ms": when["ms"], "updated_at": when["iso"], "updated_ms": when["ms"]}]).consume()

        self.graph.write(work)
        return idea_id

    def update(self, idea_id: str, write: IdeaWrite, at: datetime) -> None:
        when = stamp(at)

        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Idea", idea_id, "idea")
            _check_project(tx, write.project_id)
            tx.run(WRITE_IDEAS, rows=[write.row() | {
                "id": idea_id, "updated_at": when["iso"], "updated_ms": when["ms"]}]).consume()

        self.graph.write(work)

    def set_status(self, idea_id: str, status: str, at: datetime, *, withdrawn: bool | None = None) -> None:
        when = stamp(at)
        self.graph.execute(
            "MATCH (i:Idea {id: $id}) SET i.status = $status, i.updated_at = $at, i.updated_ms = $at_ms, "
            "i.withdrawn = coalesce($withdrawn, i.withdrawn)",
            id=idea_id, status=status, at=when["iso"], at_ms=when["ms"], withdrawn=withdrawn)

    def embedding_of(self, idea_id: str) -> list[float] | None:
        """The idea's stored vector; None while it has none (migration 16 removed an older space's)."""
        rows = self.graph.query("MATCH (i:Idea {id: $id}) RETURN i.embedding AS embedding", id=idea_id)
        if not rows:
            raise NotFound("no idea with that id")
        return list(rows[0]["embedding"]) if rows[0]["embedding"] is not None else None

    def texts_page(self, after: str, limit: int) -> list[IdeaText]:
        return [IdeaText.from_row(row) for row in self.graph.query(IDEA_TEXTS, after=after, limit=limit)]

    def write_embeddings(self, rows: list[dict[str, Any]]) -> None:
        """Rows of id, embedding, embedding_hash."""
        self.graph.execute(SET_IDEA_EMBEDDINGS, rows=rows)

    def page(self, filters: IdeaFilters, sort: str, limit: int, cursor: str | None, viewer: str,
             since_ms: int) -> Page[Idea]:
        """Ideas in the chosen order, keyset-paginated on (sort key, id)."""
        after_key, after_id = decode_cursor(cursor)
        rows = self.graph.query(
            LIST_MATCH + SORT_KEYS[sort] + LIST_PAGE + IDEA_PROJECTION + " AS idea, sort_key",
            status=filters.status, listed=LISTED_STATUSES, viewer=viewer, region=filters.region,
            topic=filters.topic, author=filters.author, round=filters.round, since_ms=since_ms,
            after_key=after_key, after_id=after_id, limit=limit + 1,
        )
        ideas = [Idea.from_row(row["idea"]) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            next_cursor = encode_cursor(rows[limit - 1]["sort_key"], rows[limit - 1]["idea"]["id"])
        return Page(ideas, next_cursor)

    # -- supports ------------------------------------------------------------------------------
    def support(self, idea_id: str, member_id: str, at: datetime) -> int:
        """Support once (idempotent); the idea is locked so the count stays exact."""
        when = stamp(at)

        def work(tx: ManagedTransaction) -> int:
            lock(tx, "Idea", idea_id, "idea")
            record = tx.run(
                """
                MATCH (i:Idea {id: $idea}), (m:Member {id: $member})
                WHERE i.status IN $supportable
                MERGE (m)-[s:SUPPORTS]->(i) ON CREATE SET s.at = $at, s.at_ms = $at_ms
                WITH DISTINCT i
                SET i.support_count = COUNT { (i)<-[:SUPPORTS]-(:Member) }
                RETURN i.support_count AS n
                """,
                idea=idea_id, member=member_id, supportable=SUPPORTABLE_STATUSES, at=when["iso"], at_ms=when["ms"],
            ).single()
            if record is None:
                raise Conflict("only published ideas can be supported")
            return int(record["n"])

        return self.graph.write(work)

    def withdraw_support(self, idea_id: str, member_id: str) -> int:
        def work(tx: ManagedTransaction) -> int:
            lock(tx, "Idea", idea_id, "idea")
            record = tx.run(
                """
                MATCH (i:Idea {id: $idea})
                OPTIONAL MATCH (:Member {id: $member})-[s:SUPPORTS]->(i)
                DELETE s
                WITH DISTINCT i
                SET i.support_count = COUNT { (i)<-[:SUPPORTS]-(:Member) }
                RETURN i.support_count AS n
                """,
                idea=idea_id, member=member_id,
            ).single()
            assert record is not None
            return int(record["n"])

        return self.graph.write(work)

    def mark_duplicate(self, duplicate_id: str, original_id: str, at: datetime) -> int:
        """Point the duplicate at the original, move its supporters across, archive it."""
        when = stamp(at)

        def work(tx: ManagedTransaction) -> int:
            for idea_id in sorted((duplicate_id, original_id)):
                lock(tx, "Idea", idea_id, "idea")
            record = tx.run(
                """
                MATCH (dup:Idea {id: $dup}), (orig:Idea {id: $orig})
                MERGE (dup)-[:DUPLICATE_OF {at: $at}]->(orig)
                SET dup.status = 'archived', dup.updated_at = $at, dup.updated_ms = $at_ms
                WITH dup, orig
                CALL (dup, orig) {
                  MATCH (m:Member)-[s:SUPPORTS]->(dup)
                  MERGE (m)-[moved:SUPPORTS]->(orig) ON CREATE SET moved.at = s.at, moved.at_ms = s.at_ms
                  DELETE s
                }
                SET dup.support_count = 0, orig.support_count = COUNT { (orig)<-[:SUPPORTS]-(:Member) }
                RETURN orig.support_count AS n
                """,
                dup=duplicate_id, orig=original_id, at=when["iso"], at_ms=when["ms"],
            ).single()
            assert record is not None
            return int(record["n"])

        return self.graph.write(work)

    def team_of(self, idea_id: str) -> list[str]:
        """The idea's author and, when it is part of a project, that project's team."""
        rows = self.graph.query(
            """
            MATCH (i:Idea {id: $id})
            OPTIONAL MATCH (a:Member)-[:AUTHORED]->(i)
            OPTIONAL MATCH (i)-[:PART_OF]->(:Project)<-[:MEMBER_OF]-(t:Member)
            WITH collect(DISTINCT a.id) + collect(DISTINCT t.id) AS ids
            UNWIND ids AS id RETURN DISTINCT id
            """,
            id=idea_id,
        )
        return [row["id"] for row in rows if row["id"]]


def _check_project(tx: ManagedTransaction, project_id: str | None) -> None:
    if project_id and tx.run("MATCH (p:Project {id: $id}) RETURN p.id AS id", id=project_id).single() is None:
        raise NotFound("no project with that id", fields={"project_id": ["no project with that id"]})
