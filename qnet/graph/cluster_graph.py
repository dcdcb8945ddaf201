"""Reading the whole community out of the graph for a clustering run, fast enough for 100k members.

Each query returns one row of parallel lists (collect, with every value coalesced: collect skips
nulls, which would misalign the lists), read without `record.data()`: per-record
and per-value overhead in the driver is what makes naive read-outs slow. Members are indexed by
their position in the member list (ordered by id); tie queries receive that index as a map
parameter and return positions, so integers rather than ids cross the wire.

Embeddings are read from a compact copy, `Member.cluster_vector` (the embedding quantised to
int8, 384 bytes), stamped with the embedding_hash it was made from. A byte array crosses Bolt as
one value, 60x faster than 384 floats; members whose copy is missing or stale (new or edited
profiles) have their float embedding read and their copy refreshed, so only the first run after
a bulk import pays the full float read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

import numpy as np
from neo4j import ManagedTransaction

from qnet.graph.driver import Graph

DIMENSIONS = 384
REFRESH_BATCH = 5000

MEMBERS: LiteralString = """
MATCH (m:Member)
WITH m ORDER BY m.id
RETURN collect(m.id) AS ids, collect(coalesce(m.name, '')) AS names, collect(coalesce(m.role, '')) AS roles,
       collect(coalesce(m.region, '')) AS regions, collect(coalesce(m.organisation, '')) AS organisations,
       collect(coalesce(toString(date(m.created_at)), '')) AS joined,
       collect(COUNT { (m)-[:AUTHORED|WROTE|SUPPORTS|MEMBER_OF|IN_GROUP]->() }) AS activity,
       collect(coalesce(m.pairing_opt_in, false)) AS opted_in,
       collect(coalesce(m.cluster_vector_of = m.embedding_hash, false)) AS cached,
       collect(coalesce(m.cluster_vector, m.embedding_hash IS NULL)) AS vectors,
       collect([(m)-[:HAS_SKILL]->(s:Skill) | coalesce(s.name, s.key)]) AS skills,
       collect([(m)-[:INTERESTED_IN]->(t:Topic) | coalesce(t.name, t.key)]) AS topics
"""

STALE_EMBEDDINGS: LiteralString = """
UNWIND $ids AS id
MATCH (m:Member {id: id}) WHERE m.embedding IS NOT NULL
RETURN collect(m.id) AS ids, collect(m.embedding) AS embeddings, collect(coalesce(m.embedding_hash, '')) AS hashes
"""

STORE_VECTORS: LiteralString = """
UNWIND $rows AS row
MATCH (m:Member {id: row.id})
SET m.cluster_vector = row.vector, m.cluster_vector_of = row.hash
"""

# Each tie query returns parallel lists of member positions, looked up in $index (member id ->
# position, sent once as a map parameter) so that integers, not 36-character ids, cross the wire.
CONNECTIONS: LiteralString = """
MATCH (a:Member)-[:CONNECTED_TO]->(b:Member)
RETURN collect(coalesce($index[a.id], -1)) AS a, collect(coalesce($index[b.id], -1)) AS b
"""

PROJECT_SEATS: LiteralString = """
MATCH (m:Member)-[:MEMBER_OF]->(p:Project)
RETURN collect(coalesce($index[m.id], -1)) AS member, collect(elementId(p)) AS container
"""

GROUP_SEATS: LiteralString = """
MATCH (m:Member)-[:IN_GROUP]->(g:Group)
RETURN collect(coalesce($index[m.id], -1)) AS member, collect(elementId(g)) AS container
"""

IDEA_SUPPORTERS: LiteralString = """
MATCH (m:Member)-[:SUPPORTS|AUTHORED]->(i:Idea)
RETURN collect(coalesce($index[m.id], -1)) AS member, collect(elementId(i)) AS container
"""

IDEA_COMMENTERS: LiteralString = """
MATCH (m:Member)-[:WROTE]->(:Comment)-[:ON]->(target)
WHERE target:Idea OR target:Project
RETURN collect(coalesce($index[m.id], -1)) AS member, collect(elementId(target)) AS container
"""

REPLIES: LiteralString = """
MATCH (a:Member)-[:WROTE]->(:Comment)-[:REPLY_TO]->(:Comment)<-[:WROTE]-(b:Member)
WHERE a <> b
RETURN collect(coalesce($index[a.id], -1)) AS a, collect(coalesce($index[b.id], -1)) AS b
"""

@dataclass
class MemberTable:
    """Every member, position i in each list is the same member (ordered by id)."""

    ids: list[str]
    names: list[str]
    roles: list[str]
    regions: list[str]
    organisations: list[str]
    joined: list[str]  # ISO dates ('' if unknown)
    activity: np.ndarray  # ideas and comments written, supports given, projects and groups joined
    opted_in: np.ndarray  # bool: pairing opt-in
    vectors: np.ndarray  # (n, 384) float32 unit vectors; zero rows for members with no embedding
    skills: list[list[str]]
    topics: list[list[str]]

    def __len__(self) -> int:
        return len(self.ids)


def quantise(vectors: np.ndarray) -> list[bytes]:
    """int8 copies of unit vectors, scaled per vector so its largest component is 127."""
    scale = np.maximum(np.abs(vectors).max(axis=1, keepdims=True), 1e-12)
    return [row.tobytes() for row in np.round(vectors / scale * 127).astype(np.int8)]


def dequantise(blobs: list[bytes]) -> np.ndarray:
    """Unit float32 vectors back from int8 copies (cosine error ~1e-4)."""
    if not blobs:
        return np.zeros((0, DIMENSIONS), np.float32)
    raw = np.frombuffer(b"".join(blobs), dtype=np.int8).reshape(-1, DIMENSIONS).astype(np.float32)
    return raw / np.maximum(np.linalg.norm(raw, axis=1, keepdims=True), 1e-12)


def _one_row(graph: Graph, cypher: LiteralString, **params: Any) -> list[Any]:
    """Run a query that returns one row of lists, reading values without per-value conversion."""

    def work(tx: ManagedTransaction) -> list[Any]:
        record = tx.run(cypher, params).single()
        return list(record.values()) if record is not None else []

    return graph.read(work)


class ClusterGraphReader:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def members(self) -> MemberTable:
        """All members with the attributes clustering and its descriptions need."""
        (ids, names, roles, regions, orgs, joined, activity, opted, cached, blobs, skills, topics) = _one_row(
            self.graph, MEMBERS)
        vectors = np.zeros((len(ids), DIMENSIONS), np.float32)
        fresh = [i for i, ok in enumerate(cached) if ok and isinstance(blobs[i], bytes)]
        vectors[fresh] = dequantise([blobs[i] for i in fresh])
        stale = [i for i, ok in enumerate(cached) if not ok and blobs[i] is not True]
        for start in range(0, len(stale), REFRESH_BATCH):
            chunk = stale[start:start + REFRESH_BATCH]
            vectors[chunk] = self._refresh_vectors([ids[i] for i in chunk])
        return MemberTable(ids, names, roles, regions, orgs, joined, np.asarray(activity, np.int64),
                           np.asarray(opted, bool), vectors, skills, topics)

    def _refresh_vectors(self, ids: list[str]) -> np.ndarray:
        """Read float embeddings for members whose int8 copy is missing or stale, and store copies."""
        got_ids, embeddings, hashes = _one_row(self.graph, STALE_EMBEDDINGS, ids=ids)
        out = np.zeros((len(ids), DIMENSIONS), np.float32)
        position = {member_id: k for k, member_id in enumerate(ids)}
        rows = [k for k, e in enumerate(embeddings) if e is not None and len(e) == DIMENSIONS]
        if not rows:
            return out
        floats = np.asarray([embeddings[k] for k in rows], np.float32)
        floats /= np.maximum(np.linalg.norm(floats, axis=1, keepdims=True), 1e-12)
        blobs = quantise(floats)
        for row, k in enumerate(rows):
            out[position[got_ids[k]]] = floats[row]
        self.graph.write(lambda tx: tx.run(STORE_VECTORS, rows=[
            {"id": got_ids[k], "vector": bytearray(blobs[row]), "hash": hashes[k]} for row, k in enumerate(rows)
        ]).consume())
        return out

    def pairs(self, which: str, index: dict[str, int]) -> np.ndarray:
        """(k, 2) member positions: 'connections', or 'replies' (reply author, parent author)."""
        cypher = {"connections": CONNECTIONS, "replies": REPLIES}[which]
        a, b = _one_row(self.graph, cypher, index=index)
        pairs = np.stack([np.asarray(a, np.int64), np.asarray(b, np.int64)], axis=1).reshape(-1, 2)
        return pairs[(pairs >= 0).all(axis=1)]

    def seats(self, which: str, index: dict[str, int]) -> tuple[np.ndarray, list[str]]:
        """(member positions, container ids): 'projects', 'groups', 'supports' or 'comments'."""
        cypher = {"projects": PROJECT_SEATS, "groups": GROUP_SEATS, "supports": IDEA_SUPPORTERS,
                  "comments": IDEA_COMMENTERS}[which]
        member, container = _one_row(self.graph, cypher, index=index)
        return np.asarray(member, np.int64), list(container)
