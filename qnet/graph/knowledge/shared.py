"""Pieces shared by the knowledge-sharing repositories (ideas, comments, projects, groups, rounds).

Keyset cursors (over the shared codec), the time fields every node carries, and node locks for
check-then-write units of work. (Full-text queries are qnet/graph/fulltext.py's.)
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.cursors import decode_cursor as cursor_position
from qnet.core.errors import NotFound

# One MATCH-and-lock statement per label, chosen from this allow-list (labels cannot be parameters).
_LOCKS: dict[str, LiteralString] = {
    "Idea": "MATCH (n:Idea {id: $id}) SET n._lock = true REMOVE n._lock RETURN n.id AS id",
    "Project": "MATCH (n:Project {id: $id}) SET n._lock = true REMOVE n._lock RETURN n.id AS id",
    "Group": "MATCH (n:Group {id: $id}) SET n._lock = true REMOVE n._lock RETURN n.id AS id",
    "Comment": "MATCH (n:Comment {id: $id}) SET n._lock = true REMOVE n._lock RETURN n.id AS id",
    "Round": "MATCH (n:Round {id: $id}) SET n._lock = true REMOVE n._lock RETURN n.id AS id",
}
# Parts of the batch writes of ideas, projects and groups (WRITE_IDEAS, WRITE_PROJECTS, WRITE_GROUPS),
# run once per row with the node as `n`: its topics (after the old ABOUT links are gone), its embedding.
LINK_TOPICS: LiteralString = """
CALL (n, row) {
  UNWIND row.topics AS t
  MERGE (tp:Topic {key: t.key}) ON CREATE SET tp.name = t.name
  MERGE (n)-[:ABOUT]->(tp)
}
"""
SET_EMBEDDING: LiteralString = """
CALL (n, row) {
  WITH n, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(n, 'embedding', row.embedding)
  SET n.embedding_hash = row.embedding_hash
}
"""


def utc_now() -> datetime:
    return datetime.now(UTC)


def stamp(at: datetime) -> dict[str, Any]:
    """The two forms of a moment that nodes carry: ISO text to show, epoch milliseconds to sort by."""
    at = at.astimezone(UTC)
    return {"iso": at.isoformat().replace("+00:00", "Z"), "ms": int(at.timestamp() * 1000)}


def lock(tx: ManagedTransaction, label: str, node_id: str, what: str) -> None:
    """Take the write lock on one node so that the rest of the unit of work is serialised.

    Concurrent transactions on the same node wait here, then read what the first one committed.
    """
    record = tx.run(_LOCKS[label], id=node_id).single()
    if record is None:
        raise NotFound(f"no {what} with that id")


def member_keys(tx: ManagedTransaction, member_ids: list[str]) -> dict[str, str]:
    """id -> key of each of these members that exists (the batch writes name members by key)."""
    result = tx.run("UNWIND $ids AS id MATCH (m:Member {id: id}) RETURN id, m.key AS key", ids=member_ids)
    return {record["id"]: record["key"] for record in result}


def decode_cursor(cursor: str | None) -> tuple[Any, str | None]:
    """(sort key, id) after which the next page starts; (None, None) for the first page.

    Knowledge listings sort by a number (epoch milliseconds, a count) and then by id; the codec
    itself (qnet.core.cursors) is shared by every listing.
    """
    if not cursor:
        return None, None
    key, node_id = cursor_position(cursor, float, str)
    return key, node_id


