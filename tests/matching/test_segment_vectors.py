"""Sentence vectors are stored packed (float16 bytes); stores written as float32 bytes or float lists still work."""

from __future__ import annotations

import numpy as np

from qnet.graph.driver import Graph
from qnet.matching.meaning.embedding import DIMENSIONS
from qnet.matching.meaning.search_space import DIMENSIONS as SPACE_DIMENSIONS
from qnet.matching.people.profiles import pack_vectors, unpack_vectors
from qnet.matching.people.search import PeopleQuery, _best_segment
from qnet.services import Services
from tests.conftest import make_member

SEGMENTS = ["Nurse at a trust.", "I run sepsis screening audits.", "I coach teams in co-design."]


def unit_rows(seed: int) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((len(SEGMENTS), DIMENSIONS)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_packed_float32_and_float_list_sentence_vectors_pick_the_same_sentence() -> None:
    block = unit_rows(1)
    query = block[2] + 0.1 * block[1]
    packed = _best_segment({"segments": SEGMENTS, "segment_vectors": pack_vectors(block)}, query, DIMENSIONS)
    older = _best_segment({"segments": SEGMENTS, "segment_vectors": block.astype("<f4").tobytes()}, query, DIMENSIONS)
    listed = _best_segment({"segments": SEGMENTS, "segment_vectors": block.reshape(-1).tolist()}, query, DIMENSIONS)
    assert packed[1] == older[1] == listed[1] == SEGMENTS[2]
    assert abs(older[0] - listed[0]) < 1e-6
    assert abs(packed[0] - listed[0]) < 1e-3  # half precision: a cosine moves by less than 0.001


def test_half_precision_keeps_every_sentence_cosine_within_a_thousandth() -> None:
    block, queries = unit_rows(3), unit_rows(4)
    exact = queries @ block.T
    packed = unpack_vectors(pack_vectors(block), len(SEGMENTS))
    assert packed is not None and len(pack_vectors(block)) == 2 * DIMENSIONS * len(SEGMENTS)
    assert float(np.abs(queries @ packed.T - exact).max()) < 1e-3


def test_sentence_vectors_that_do_not_fit_the_segments_are_ignored() -> None:
    broken = {"segments": SEGMENTS, "segment_vectors": pack_vectors(unit_rows(2))[:-4]}
    assert _best_segment(broken, unit_rows(2)[0], DIMENSIONS) == (-1.0, None)


def test_a_profile_stores_its_sentence_vectors_as_float16_bytes(services: Services, graph: Graph) -> None:
    member = make_member(services, bio="I run sepsis screening audits. I coach teams in co-design.")
    row = graph.query("MATCH (m:Member {id: $id}) RETURN m.segments AS segments, m.segment_vectors AS packed",
                      id=member.id)[0]
    assert isinstance(row["packed"], (bytes, bytearray))
    # The search space's sentence vectors: three encoders' blocks side by side (qnet.matching.meaning.search_space).
    matrix = np.frombuffer(row["packed"], dtype="<f2").reshape(len(row["segments"]), SPACE_DIMENSIONS)
    assert np.allclose(np.linalg.norm(matrix.astype(np.float32), axis=1), 1.0, atol=2e-3)


def test_search_still_explains_members_stored_with_float_list_sentence_vectors(
        services: Services, graph: Graph) -> None:
    member = make_member(services, bio="I run sepsis screening audits in the emergency department.")
    packed = graph.query("MATCH (m:Member {id: $id}) RETURN m.segment_vectors AS v", id=member.id)[0]["v"]
    # What qnet wrote before the packed format: the same vectors as a float list property.
    graph.execute("MATCH (m:Member {id: $id}) CALL db.create.setNodeVectorProperty(m, 'segment_vectors', $floats)",
                  id=member.id, floats=np.frombuffer(packed, dtype="<f2").astype(float).tolist())
    stored = graph.query("MATCH (m:Member {id: $id}) RETURN m.segment_vectors AS v", id=member.id)[0]["v"]
    assert isinstance(stored, list)
    page = services.search.search(PeopleQuery("sepsis screening in emergency care", "someone-else", limit=5))
    found = [r for r in page.results if r.member.id == member.id]
    assert found and "sepsis" in (found[0].explanation.best_sentence or "")
