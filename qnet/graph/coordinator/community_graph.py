"""Reading the whole community out of the graph for a clustering run, fast enough for 100k members.

Each query returns one row of parallel lists (collect, with every value coalesced: collect skips
nulls, which would misalign the lists), read without `record.data()`: per-record and per-value
overhead in the driver is what makes naive read-outs slow. Nodes cross the wire as their internal
ids (`id(n)`, integers) rather than as 36-character ids looked up in a map: at 100k members that is
4x less server work for the tie queries. `id()` is only used within one run (a few seconds), never
stored. The queries are independent, so they run READERS at a time on separate sessions: the
server works on one while the client decodes another.

Embeddings are read from a compact copy, `Member.cluster_vector` (the embedding quantised to
int8, 384 bytes), stamped with the embedding_hash it was made from. A byte array crosses Bolt as
one value, 60x faster than 384 floats; members whose copy is missing or stale (new or edited
profiles) have their float embedding read and their copy refreshed, so only the first run after
a bulk import pays the full float read.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, LiteralString

import numpy as np
from neo4j import ManagedTransaction

from qnet.graph.driver import Graph

DIMENSIONS = 384
REFRESH_BATCH = 5000
READERS = 2  # concurrent read sessions (the server runs each query on one core)

MEMBERS: LiteralString = """
MATCH (m:Member)
RETURN collect(id(m)) AS nodes, collect(m.id) AS ids, collect(coalesce(m.name, '')) AS names,
       collect(coalesce(m.role, '')) AS roles, collect(coalesce(m.region, '')) AS regions,
       collect(coalesce(m.organisation, '')) AS organisations,
       collect(coalesce(toString(date(m.created_at)), '')) AS joined,
       collect(coalesce(m.pairing_opt_in, false)) AS opted_in
"""

# cached: the int8 copy matches the current embedding; vectors: the copy, or true when the member
# has no embedding at all (nothing to refresh), or null when the copy must be (re)made.
VECTORS: LiteralString = """
MATCH (m:Member)
RETURN collect(id(m)) AS nodes, collect(coalesce(m.cluster_vector_of = m.embedding_hash, false)) AS cached,
       collect(coalesce(m.cluster_vector, m.embedding_hash IS NULL)) AS vectors
"""

SKILL_HOLDERS: LiteralString = """
MATCH (s:Skill)
RETURN collect(coalesce(s.name, s.key)) AS names,
       collect(COLLECT { MATCH (m:Member)-[:HAS_SKILL]->(s) RETURN id(m) }) AS holders
"""

TOPIC_HOLDERS: LiteralString = """
MATCH (t:Topic)
RETURN collect(coalesce(t.name, t.key)) AS names,
       collect(COLLECT { MATCH (m:Member)-[:INTERESTED_IN]->(t) RETURN id(m) }) AS holders
"""

STALE_EMBEDDINGS: LiteralString = """
UNWIND $nodes AS node
MATCH (m:Member) WHERE id(m) = node AND m.embedding IS NOT NULL
RETURN collect(id(m)) AS nodes, collect(m.id) AS ids, collect(m.embedding) AS embeddings,
       collect(coalesce(m.embedding_hash, '')) AS hashes
"""

STORE_VECTORS: LiteralString = """
UNWIND $rows AS row
MATCH (m:Member {id: row.id})
SET m.cluster_vector = row.vector, m.cluster_vector_of = row.hash
"""

FORGET_VECTORS: LiteralString = """
MATCH (m:Member) WHERE m.cluster_vector IS NOT NULL
CALL (m) { REMOVE m.cluster_vector, m.cluster_vector_of } IN TRANSACTIONS OF 10000 ROWS
"""

# Ties: parallel lists of node ids (members, and the containers they share).
TIES: dict[str, LiteralString] = {
    "connections": """
        MATCH (a:Member)-[:CONNECTED_TO]->(b:Member)
        RETURN collect(id(a)) AS a, collect(id(b)) AS b""",
    "replies": """
        MATCH (a:Member)-[:WROTE]->(:Comment)-[:REPLY_TO]->(:Comment)<-[:WROTE]-(b:Member)
        WHERE a <> b
        RETURN collect(id(a)) AS a, collect(id(b)) AS b""",
    "projects": """
        MATCH (m:Member)-[:MEMBER_OF]->(p:Project)
        RETURN collect(id(m)) AS member, collect(id(p)) AS container""",
    "groups": """
        MATCH (m:Member)-[:IN_GROUP]->(g:Group)
        RETURN collect(id(m)) AS member, collect(id(g)) AS container""",
    "supports": """
        MATCH (m:Member)-[:SUPPORTS|AUTHORED]->(i:Idea)
        RETURN collect(id(m)) AS member, collect(id(i)) AS container""",
    "comments": """
        MATCH (m:Member)-[:WROTE]->(:Comment)-[:ON]->(target)
        WHERE target:Idea OR target:Project
        RETURN collect(id(m)) AS member, collect(id(target)) AS container""",
}
PAIRS = ("connections", "replies")
SEATS = ("projects", "groups", "supports", "comments")


class NodeIndex:
    """Member positions from internal node ids (-1 for a node that is not an indexed member)."""

    def __init__(self, nodes: np.ndarray) -> None:
        self._order = np.argsort(nodes, kind="stable")
        self._sorted = np.asarray(nodes, np.int64)[self._order]

    def positions(self, nodes: list[int] | np.ndarray) -> np.ndarray:
        query = np.asarray(nodes, np.int64)
        if query.size == 0 or self._sorted.size == 0:
            return np.full(query.shape, -1, np.int64)
        at = np.minimum(np.searchsorted(self._sorted, query), self._sorted.size - 1)
        return np.where(self._sorted[at] == query, self._order[at], -1)

    def __len__(self) -> int:
        return int(self._sorted.size)


@dataclass
class Holdings:
    """Which members hold which items (skills or topics): parallel member positions and item numbers."""

    member: np.ndarray
    item: np.ndarray
    names: list[str]


@dataclass
class MemberTable:
    """Every member, position i in each list is the same member (ordered by id)."""

    ids: list[str]
    nodes: np.ndarray  # internal node ids, valid for this run only
    names: list[str]
    roles: list[str]
    regions: list[str]
    organisations: list[str]
    joined: list[str]  # ISO dates ('' if unknown)
    opted_in: np.ndarray  # bool: pairing opt-in
    vectors: np.ndarray  # (n, 384) float32 unit vectors; zero rows for members with no embedding
    skills: Holdings
    topics: Holdings

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def index(self) -> NodeIndex:
        return NodeIndex(self.nodes)


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


def _concurrently(tasks: dict[str, Callable[[], Any]]) -> dict[str, Any]:
    """Run independent reads READERS at a time; the first failure is raised."""
    with ThreadPoolExecutor(max_workers=READERS, thread_name_prefix="cluster-read") as pool:
        futures = {name: pool.submit(task) for name, task in tasks.items()}
        return {name: future.result() for name, future in futures.items()}


def _holdings(names: list[str], holders: list[list[int]], index: NodeIndex) -> Holdings:
    counts = [len(h) for h in holders]
    flat = [node for h in holders for node in h]
    member = index.positions(flat)
    item = np.repeat(np.arange(len(names), dtype=np.int64), counts)
    keep = member >= 0
    return Holdings(member[keep], item[keep], list(names))


class ClusterGraphReader:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def members(self) -> MemberTable:
        """All members with the attributes clustering and its descriptions need (READERS queries at once)."""
        queries = {"members": MEMBERS, "vectors": VECTORS, "skills": SKILL_HOLDERS, "topics": TOPIC_HOLDERS}
        got = _concurrently({name: partial(_one_row, self.graph, cypher) for name, cypher in queries.items()})
        nodes, ids, names, roles, regions, orgs, joined, opted = got["members"]
        order = np.argsort(np.asarray(ids, dtype=str), kind="stable").tolist() if ids else []

        def ordered(values: list[Any]) -> list[Any]:
            return [values[k] for k in order]

        index = NodeIndex(np.asarray(ordered(nodes), np.int64))
        (skill_names, skill_holders), (topic_names, topic_holders) = got["skills"], got["topics"]
        return MemberTable(
            ordered(ids), np.asarray(ordered(nodes), np.int64), ordered(names), ordered(roles), ordered(regions),
            ordered(orgs), ordered(joined), np.asarray(ordered(opted), bool), self._vectors(index, *got["vectors"]),
            _holdings(skill_names, skill_holders, index), _holdings(topic_names, topic_holders, index))

    def _vectors(self, index: NodeIndex, nodes: list[int], cached: list[bool], blobs: list[Any]) -> np.ndarray:
        """Unit vectors from the int8 copies; stale or missing copies are refreshed from the floats."""
        where = index.positions(nodes)
        vectors = np.zeros((len(index), DIMENSIONS), np.float32)
        fresh = [k for k, ok in enumerate(cached) if ok and isinstance(blobs[k], bytes) and where[k] >= 0]
        if fresh:
            vectors[where[fresh]] = dequantise([blobs[k] for k in fresh])
        stale = [nodes[k] for k, ok in enumerate(cached) if not ok and blobs[k] is not True and where[k] >= 0]
        chunks = [stale[start:start + REFRESH_BATCH] for start in range(0, len(stale), REFRESH_BATCH)]
        refreshed = _concurrently({str(k): partial(self._refresh_vectors, chunk) for k, chunk in enumerate(chunks)})
        for got_nodes, floats in refreshed.values():
            if len(got_nodes):
                vectors[index.positions(got_nodes)] = floats
        return vectors

    def _refresh_vectors(self, nodes: list[int]) -> tuple[list[int], np.ndarray]:
        """Store int8 copies for members whose copy is missing or stale; return those copies as floats."""
        got_nodes, ids, embeddings, hashes = _one_row(self.graph, STALE_EMBEDDINGS, nodes=nodes)
        rows = [k for k, e in enumerate(embeddings) if e is not None and len(e) == DIMENSIONS]
        if not rows:
            return [], np.zeros((0, DIMENSIONS), np.float32)
        floats = np.asarray([embeddings[k] for k in rows], np.float32)
        floats /= np.maximum(np.linalg.norm(floats, axis=1, keepdims=True), 1e-12)
        blobs = quantise(floats)
        self.graph.write(lambda tx: tx.run(STORE_VECTORS, rows=[
            {"id": ids[k], "vector": bytearray(blobs[row]), "hash": hashes[k]} for row, k in enumerate(rows)
        ]).consume())
        # The run uses the int8 copies it has just stored, not the floats: a later run reads those
        # copies, and two runs on the same data must see the same vectors to find the same clusters.
        return [got_nodes[k] for k in rows], dequantise(blobs)

    def forget_vector_copies(self) -> None:
        """Drop every int8 copy, so the next run rebuilds them from the floats (benchmarks measure that)."""
        self.graph.run_autocommit(FORGET_VECTORS)

    def ties(self, index: NodeIndex, which: tuple[str, ...] = PAIRS + SEATS) -> dict[str, Any]:
        """Every kind of tie at once: 'connections'/'replies' as (k, 2) member positions (for a reply:
        its author, the parent's author); 'projects'/'groups'/'supports'/'comments' as (member
        positions, container numbers 0..c). Ties to nodes outside `index` are dropped."""
        raw = _concurrently({name: partial(_one_row, self.graph, TIES[name]) for name in which})
        out: dict[str, Any] = {}
        for name, (left, right) in raw.items():
            a = index.positions(left)
            if name in PAIRS:
                pairs = np.stack([a, index.positions(right)], axis=1).reshape(-1, 2)
                out[name] = pairs[(pairs >= 0).all(axis=1)]
            else:
                container = np.unique(np.asarray(right, np.int64), return_inverse=True)[1].reshape(-1)
                out[name] = (a[a >= 0], container[a >= 0])
        return out
