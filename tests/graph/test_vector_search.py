"""The one vector-query helper against the real server: in-index filters (2025+) and the 5.26 form."""

from __future__ import annotations

import numpy as np
import pytest

from qnet.graph.driver import Graph
from qnet.graph.vector_indexes import VECTOR_INDEXES, features, ready_indexes
from qnet.graph.vector_search import VectorQuery

NEAREST_MEMBERS = VectorQuery("""
<<NEAREST>>
RETURN m.id AS id, m.region AS region, score
""", index="member_embedding", label="Member", node="m", vector="$vector", k="$k",
    filters={"region": "m.region = $region", "role": "m.role = $role"})


def _members(graph: Graph, n: int = 400, rare_every: int = 25) -> tuple[list[str], np.ndarray, list[str]]:
    """n members with random unit vectors; one in `rare_every` lives in a rare region."""
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    ids = [f"v{i}" for i in range(n)]
    regions = ["Wales" if i % rare_every == 0 else "London" for i in range(n)]
    rows = [{"id": ids[i], "region": regions[i], "embedding": vectors[i].tolist()} for i in range(n)]
    graph.execute("UNWIND $rows AS row CREATE (m:Member {id: row.id, key: row.id, region: row.region, "
                  "role: 'nurse', searchable: true}) "
                  "WITH m, row CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)", rows=rows)
    return ids, vectors, regions


def _exact(vectors: np.ndarray, ids: list[str], regions: list[str], query: np.ndarray, region: str) -> set[str]:
    sims = vectors @ query
    order = [i for i in np.argsort(-sims) if regions[i] == region]
    return {ids[i] for i in order[:10]}


def test_the_server_picks_in_index_filtering_where_it_has_it(graph: Graph) -> None:
    found = features(graph)
    ready = ready_indexes(graph.query(VECTOR_INDEXES))
    if found.filtering:
        assert {"member_embedding", "idea_embedding", "project_embedding", "group_embedding"} <= ready
        assert NEAREST_MEMBERS.cypher(graph, "region").startswith("CYPHER 25")
        assert "SEARCH m IN (VECTOR INDEX member_embedding FOR $vector WHERE m.region = $region LIMIT $k)" \
            in NEAREST_MEMBERS.cypher(graph, "region")
    else:
        assert "db.index.vector.queryNodes('member_embedding', $k, $vector)" in NEAREST_MEMBERS.cypher(graph, "region")
    # an absent filter is not named (it would compare with null and match nobody)
    assert "m.role" not in NEAREST_MEMBERS.cypher(graph, "region")


def test_in_index_filter_finds_the_k_nearest_of_a_rare_region(graph: Graph) -> None:
    if not features(graph).filtering:
        pytest.skip("this server has no in-index vector filters (Neo4j 5.x)")
    ids, vectors, regions = _members(graph)
    recalls, after_filter = [], []
    for seed in range(5):
        query = np.random.default_rng(100 + seed).normal(size=384).astype(np.float32)
        query /= np.linalg.norm(query)
        params = {"vector": query.tolist(), "k": 10, "region": "Wales", "role": None}
        inside = graph.query(NEAREST_MEMBERS.render(True, ("region",)), **params)
        assert len(inside) == 10 and {row["region"] for row in inside} == {"Wales"}
        recalls.append(len({row["id"] for row in inside} & _exact(vectors, ids, regions, query, "Wales")) / 10)
        # the 5.26 form (nearest 10, then the filter) mostly finds nobody in a region of 1 in 25
        after = graph.query(NEAREST_MEMBERS.render(False, ("region",)), **params)
        assert {row["region"] for row in after} <= {"Wales"}
        after_filter.append(len(after))
    assert np.mean(recalls) >= 0.9
    assert np.mean(after_filter) < 5


def test_without_filters_the_nearest_member_comes_first(graph: Graph) -> None:
    ids, vectors, _ = _members(graph, n=120)
    query = vectors[3]
    rows = graph.query(NEAREST_MEMBERS.cypher(graph), vector=query.tolist(), k=10)
    assert rows[0]["id"] == ids[3] and rows[0]["score"] == pytest.approx(1.0, abs=1e-3)
    assert len(rows) == 10


def test_a_filter_the_index_does_not_carry_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot filter"):
        VectorQuery("<<NEAREST>> RETURN m", index="member_embedding", label="Member", node="m",
                    vector="$vector", k="$k", filters={"organisation": "m.organisation = $organisation"})
    with pytest.raises(ValueError, match="NEAREST"):
        VectorQuery("RETURN 1", index="member_embedding", label="Member", node="m", vector="$v", k="$k")


def test_a_node_without_the_filter_properties_is_still_found(graph: Graph) -> None:
    _, vectors, _ = _members(graph, n=50)
    lone = (vectors[0] + vectors[1]) / np.linalg.norm(vectors[0] + vectors[1])
    graph.execute("CREATE (m:Member {id: 'no-region', key: 'no-region'}) "
                  "WITH m CALL db.create.setNodeVectorProperty(m, 'embedding', $v)", v=lone.tolist())
    rows = graph.query(NEAREST_MEMBERS.cypher(graph), vector=lone.tolist(), k=3)
    assert rows[0]["id"] == "no-region"
