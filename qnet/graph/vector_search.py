"""The one way qnet asks a vector index for the nearest nodes, on Neo4j 5.26 or 2026.x alike.

A statement that needs nearest neighbours is written once as a `VectorQuery`: its Cypher with the
placeholder `<<NEAREST>>` where the neighbours are found, the index, the node variable, the query vector,
k, and the filters the index can apply itself. `cypher(graph, *filters)` gives the statement for the
server it runs on:

- Neo4j 2025.x and later, when the index was created with those filter properties (migration 15 or
  `qnet db upgrade`): `CYPHER 25 ... MATCH (m:Member) SEARCH m IN (VECTOR INDEX ... FOR $vector WHERE
  m.region = $region LIMIT $k) SCORE AS score`. The filters are applied inside the HNSW walk, so the
  k nearest *matching* nodes come back, with no over-fetching.
- Neo4j 5.26, or an index still on the old provider: `CALL db.index.vector.queryNodes(...) YIELD
  node AS m, score WHERE m.region = $region`: the k nearest, then filtered (fewer may remain).

Both bind the node variable and `score` ((1 + cosine) / 2). Text after `<<NEAREST>>` must begin with a
clause (WITH, RETURN, ...), never a bare WHERE. Only filters that are present are named: an absent
one (None) would otherwise compare to null and match nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import LiteralString

from qnet.graph.driver import Graph
from qnet.graph.vector_indexes import INDEX_FILTERS, features

PLACEHOLDER: LiteralString = "<<NEAREST>>"


@dataclass(frozen=True, eq=False)  # hashed by identity: statements are module constants
class VectorQuery:
    """A statement with a nearest-neighbour search in it (see the module docstring)."""

    template: LiteralString
    index: LiteralString
    label: LiteralString
    node: LiteralString
    vector: LiteralString  # an expression: $vector, me.embedding, ...
    k: LiteralString  # an expression: $k
    filters: Mapping[str, LiteralString] = field(default_factory=dict)  # name -> predicate on the node

    def __post_init__(self) -> None:
        if PLACEHOLDER not in self.template:
            raise ValueError(f"a VectorQuery's template needs {PLACEHOLDER}")
        unknown = {name for name in self.filters} - set(INDEX_FILTERS[self.index])
        if unknown:
            raise ValueError(f"{self.index} cannot filter on {sorted(unknown)}")

    def filters_inside(self, graph: Graph) -> bool:
        """Whether this graph's index applies the filters inside its own walk (SEARCH ... WHERE)."""
        return self.index in features(graph).filtering_indexes

    def cypher(self, graph: Graph, *present: str) -> LiteralString:
        """The statement for this graph's server, filtering on the named (present) filters."""
        return _render(self, self.filters_inside(graph), tuple(name for name in self.filters if name in present))

    def render(self, in_index: bool, present: tuple[str, ...]) -> LiteralString:
        """The statement in one form; `cypher` chooses the form for a server."""
        predicates: LiteralString = " AND ".join(self.filters[name] for name in present)
        if in_index:
            where: LiteralString = f" WHERE {predicates}" if predicates else ""
            nearest: LiteralString = (f"MATCH ({self.node}:{self.label}) SEARCH {self.node} IN (VECTOR INDEX "
                                      f"{self.index} FOR {self.vector}{where} LIMIT {self.k}) SCORE AS score")
            return "CYPHER 25 " + self.template.replace(PLACEHOLDER, nearest)
        where = f" WHERE {predicates}" if predicates else ""
        nearest = (f"CALL db.index.vector.queryNodes('{self.index}', {self.k}, {self.vector}) "
                   f"YIELD node AS {self.node}, score{where}")
        return self.template.replace(PLACEHOLDER, nearest)


@cache
def _render(query: VectorQuery, in_index: bool, present: tuple[str, ...]) -> LiteralString:
    return query.render(in_index, present)
