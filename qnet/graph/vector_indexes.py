"""qnet's vector indexes: how each is created on the server at hand, and rebuilding old ones.

On Neo4j 2025.x and later an index is created with
- scalar quantization (`vector.quantization.type: 'SCALAR'`): the default there is binary
  quantization, which halved filtered top-10 recall in our measurements (docs/BENCHMARKS.md);
- the properties that searches filter on (`WITH [m.region, m.role]`), so that `SEARCH ... WHERE`
  filters inside the index (qnet/graph/vector_search.py).
On 5.26 the same index is created as before (no filter properties exist there).

An index created by 5.26 keeps its old provider (Lucene without SIMD, no filter properties) when the
store is opened by 2026 until it is dropped and created again: `rebuild_vector_indexes` does that,
from migration 15 on a new server and from `qnet db upgrade`. A new vector index is added here, to
VECTOR_INDEX_DEFINITIONS, and created by a migration that calls `create_vector_indexes`.
"""

from __future__ import annotations

import logging
import threading
import weakref
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, LiteralString

from qnet.graph.driver import Graph
from qnet.graph.vector_values import speaks_vectors

log = logging.getLogger(__name__)

DIMENSIONS: LiteralString = "384"
FIRST_FILTERING_MAJOR = 2025  # the first Neo4j (calendar) version with vector index filter properties
OLD_PROVIDERS = ("vector-1.0", "vector-2.0")  # 5.x providers: no SIMD on 2026, no filter properties

SERVER_VERSION: LiteralString = (
    "CALL dbms.components() YIELD name, versions WHERE name = 'Neo4j Kernel' RETURN versions[0] AS version"
)
VECTOR_INDEXES: LiteralString = (
    "SHOW VECTOR INDEXES YIELD name, properties, indexProvider, options "
    "RETURN name, properties, indexProvider AS provider, options"
)


@dataclass(frozen=True)
class VectorIndex:
    name: LiteralString
    label: LiteralString
    node: LiteralString  # the variable in the statement
    filters: tuple[LiteralString, ...] = ()  # node properties stored in the index for SEARCH ... WHERE
    property: LiteralString = "embedding"
    dimensions: LiteralString = DIMENSIONS

    def create(self, filtering: bool) -> LiteralString:
        """CREATE VECTOR INDEX for a server with (2025+) or without (5.x) filter properties."""
        head: LiteralString = (f"CREATE VECTOR INDEX {self.name} IF NOT EXISTS FOR ({self.node}:{self.label}) "
                               f"ON {self.node}.{self.property}")
        config: LiteralString = f"`vector.dimensions`: {self.dimensions}, `vector.similarity_function`: 'cosine'"
        if not filtering:
            return f"{head} OPTIONS {{indexConfig: {{{config}}}}}"
        with_: LiteralString = ""
        if self.filters:
            with_ = " WITH [" + ", ".join(f"{self.node}.{name}" for name in self.filters) + "]"
        return (f"CYPHER 25 {head}{with_} OPTIONS {{indexConfig: {{{config}, "
                "`vector.quantization.type`: 'SCALAR'}}")

    def is_current(self, row: Mapping[str, Any]) -> bool:
        """Whether the server's index (a SHOW VECTOR INDEXES row) is in this definition's 2025+ form."""
        config = (row.get("options") or {}).get("indexConfig") or {}
        return (str(row.get("provider")) not in OLD_PROVIDERS
                and str(config.get("vector.quantization.type", "")).upper() == "SCALAR"
                and set(self.filters) <= set(row.get("properties") or ()))


VECTOR_INDEX_DEFINITIONS: tuple[VectorIndex, ...] = (
    VectorIndex("member_embedding", "Member", "m", ("region", "role")),
    # People search's three-encoder space (qnet.matching.meaning.search_space; migration 14 creates it).
    VectorIndex("member_search_embedding", "Member", "m", ("region", "role"), property="search_embedding",
                dimensions="1152"),
    # Similar work's idea space: the same three encoders, weighted 2 : 1 : 1 (IDEA_PARTS; migration 16).
    VectorIndex("idea_embedding", "Idea", "i", ("status",), dimensions="1152"),
    VectorIndex("project_embedding", "Project", "p", ("status",), dimensions="1152"),
    VectorIndex("group_embedding", "Group", "g"),
)
INDEX_FILTERS: Mapping[str, tuple[str, ...]] = {index.name: index.filters for index in VECTOR_INDEX_DEFINITIONS}


def ready_indexes(rows: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The names of qnet's indexes among `rows` that are in their current (filtering) form."""
    by_name = {index.name: index for index in VECTOR_INDEX_DEFINITIONS}
    return frozenset(row["name"] for row in rows if row["name"] in by_name and by_name[row["name"]].is_current(row))


@dataclass(frozen=True)
class ServerFeatures:
    """What the connected server can do with vector indexes (read once per Graph)."""

    version: str
    filtering_indexes: frozenset[str] = field(default_factory=frozenset)  # indexes SEARCH ... WHERE can use
    vector_values: bool = False  # the connection carries Bolt 6 VECTOR values (qnet/graph/vector_values.py)

    @property
    def filtering(self) -> bool:
        return int(self.version.split(".")[0]) >= FIRST_FILTERING_MAJOR


_FEATURES: weakref.WeakKeyDictionary[Graph, ServerFeatures] = weakref.WeakKeyDictionary()
_LOCK = threading.Lock()


def server_version(graph: Graph) -> str:
    rows = graph.query(SERVER_VERSION)
    return str(rows[0]["version"]) if rows else "0"


def features(graph: Graph) -> ServerFeatures:
    """The server's version and which indexes filter inside themselves (cached until `forget`)."""
    found = _FEATURES.get(graph)
    if found is None:
        with _LOCK:
            found = _FEATURES.get(graph)
            if found is None:
                found = _read_features(graph)
                _FEATURES[graph] = found
    return found


def forget(graph: Graph) -> None:
    """Read the server's features again next time (after indexes are created or rebuilt)."""
    with _LOCK:
        _FEATURES.pop(graph, None)


def _read_features(graph: Graph) -> ServerFeatures:
    version = server_version(graph)
    vectors = speaks_vectors(graph.driver.get_server_info().protocol_version)
    if not ServerFeatures(version).filtering:
        return ServerFeatures(version, vector_values=vectors)
    ready = ready_indexes(graph.query(VECTOR_INDEXES))
    missing = sorted(set(INDEX_FILTERS) - ready)
    if missing:
        log.warning("vector indexes not yet rebuilt for Neo4j %s (run `qnet db upgrade`): %s",
                    version, ", ".join(missing))
    return ServerFeatures(version, ready, vectors)


def filtering_server(graph: Graph) -> bool:
    return ServerFeatures(server_version(graph)).filtering


def create_vector_indexes(graph: Graph, names: Iterable[str] | None = None) -> None:
    """Create qnet's vector indexes (all, or those named) in the form the server supports."""
    filtering = filtering_server(graph)
    for index in VECTOR_INDEX_DEFINITIONS:
        if names is None or index.name in names:
            graph.run_autocommit(index.create(filtering))
    forget(graph)


def rebuild_vector_indexes(graph: Graph, progress: Callable[[str], None] = log.info) -> list[str]:
    """Drop and create again every qnet vector index not in its current form on a 2025+ server.

    Returns the names rebuilt (none on 5.x). Searches during the rebuild fall back to the old form
    and find fewer results until the index is online again; the nodes themselves are untouched.
    """
    if not filtering_server(graph):
        return []
    existing = {row["name"]: row for row in graph.query(VECTOR_INDEXES)}
    rebuilt: list[str] = []
    for index in VECTOR_INDEX_DEFINITIONS:
        row = existing.get(index.name)
        if row is not None and index.is_current(row):
            continue
        progress(f"rebuilding vector index {index.name} (scalar quantization, filters: "
                 f"{', '.join(index.filters) or 'none'})")
        graph.run_autocommit(f"DROP INDEX {index.name} IF EXISTS")
        graph.run_autocommit(index.create(True))
        rebuilt.append(index.name)
    unknown = sorted(set(existing) - {index.name for index in VECTOR_INDEX_DEFINITIONS})
    if unknown:
        log.warning("vector indexes qnet does not define were left as they are: %s", ", ".join(unknown))
    graph.run_autocommit("CALL db.awaitIndexes(3600)")
    forget(graph)
    return rebuilt
