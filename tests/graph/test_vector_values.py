"""Vectors travel to a Bolt 6 server as one packed float32 VECTOR value and are stored exactly as the
plain list would be: the same float32 array, read back the same, found the same by the vector index."""

from __future__ import annotations

import numpy as np
import pytest

from qnet.graph.bulk import BulkWriter
from qnet.graph.driver import Graph
from qnet.graph.people.member_writes import member_parameters, write_members
from qnet.graph.vector_indexes import features, forget
from qnet.graph.vector_values import speaks_vectors, vector_value
from qnet.matching.meaning.embedding import DIMENSIONS
from qnet.matching.meaning.search_space import DIMENSIONS as SPACE_DIMENSIONS


def _row(key: str, rng: np.random.Generator) -> dict[str, object]:
    def unit(n: int) -> list[float]:
        v = rng.normal(size=n)
        return (v / np.linalg.norm(v)).tolist()

    return {"key": key, "email": f"{key}@example.org", "name": key, "sort_name": key, "role": "nurse",
            "organisation": None, "organisation_key": None, "region": "London", "bio": "", "skills": [],
            "interests": [], "skills_text": "", "interests_text": "", "embedding_hash": key,
            "embedding": unit(DIMENSIONS), "search_embedding": unit(SPACE_DIMENSIONS)}


def test_bolt_6_and_later_carry_vectors() -> None:
    assert speaks_vectors((6, 0)) and speaks_vectors((6, 1)) and not speaks_vectors((5, 8))
    assert vector_value(None, True) is None and vector_value([0.5], False) == [0.5]
    packed = vector_value([0.5, -0.25], True)
    assert packed.to_native() == [0.5, -0.25]
    # Only the vectors change form; a 5.26 server gets every parameter as before.
    row = _row("a", np.random.default_rng(1))
    assert member_parameters([row], set())["created"][0]["embedding"] == row["embedding"]
    assert member_parameters([row], set(), packed=True)["created"][0]["embedding"].to_native() == (
        np.float32(row["embedding"]).tolist())


def test_a_packed_vector_is_stored_and_found_as_the_list_is(graph: Graph) -> None:
    forget(graph)
    if not features(graph).vector_values:
        pytest.skip("this server speaks Bolt 5 (Neo4j 5.x): vectors travel as lists")
    rng = np.random.default_rng(7)
    packed, plain = _row("packed", rng), _row("plain", rng)
    plain["embedding"], plain["search_embedding"] = packed["embedding"], packed["search_embedding"]
    BulkWriter(graph).members([packed])  # through features(graph).vector_values: a VECTOR value
    # the list form, as 5.26 gets it, to the same server
    graph.write(lambda tx: write_members(tx, [plain | {"email": "plain@example.org"}], packed=False))
    stored = {row["key"]: row for row in graph.query(
        "MATCH (m:Member) WHERE m.key IN ['packed', 'plain'] "
        "RETURN m.key AS key, m.embedding AS embedding, m.search_embedding AS search, "
        "vector.similarity.cosine(m.search_embedding, $q) AS cosine", q=packed["search_embedding"])}
    assert stored["packed"]["search"] == stored["plain"]["search"] == np.float32(packed["search_embedding"]).tolist()
    assert stored["packed"]["embedding"] == np.float32(packed["embedding"]).tolist()
    assert abs(stored["packed"]["cosine"] - 1.0) < 1e-6
    graph.run_autocommit("CALL db.awaitIndexes(60)")
    nearest = graph.query("CALL db.index.vector.queryNodes('member_search_embedding', 2, $q) YIELD node, score "
                          "RETURN node.key AS key, score", q=packed["search_embedding"])
    assert {row["key"] for row in nearest} == {"packed", "plain"} and min(r["score"] for r in nearest) > 0.9999
