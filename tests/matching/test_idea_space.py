"""The idea space: people search's encoders weighted 2 : 1 : 1, one vector re-weighted into the other."""

from __future__ import annotations

import numpy as np

from qnet.matching.meaning.embedding import Embedder
from qnet.matching.meaning.search_space import (
    BLOCK,
    DIMENSIONS,
    IDEA_PARTS,
    PARTS,
    SyntheticSpace,
    WeightedSpace,
    blocks_of,
    combine,
    idea_space_of,
    reweigh,
    space_name,
)


def test_a_cosine_in_the_idea_space_is_the_weighted_mean_of_the_three_encoders_cosines() -> None:
    a, b = SyntheticSpace().passages(["a ward huddle", "a safety briefing"])
    ia, ib = reweigh(a, PARTS, IDEA_PARTS), reweigh(b, PARTS, IDEA_PARTS)
    per_encoder = [float(x @ y) for x, y in zip(blocks_of(ia, IDEA_PARTS), blocks_of(ib, IDEA_PARTS))]
    weights = [p.weight for p in IDEA_PARTS]
    assert weights == [2.0, 1.0, 1.0]
    assert np.isclose(float(ia @ ib), np.average(per_encoder, weights=weights), atol=1e-6)
    assert np.isclose(np.linalg.norm(ia), 1.0, atol=1e-6) and ia.shape == (DIMENSIONS,)


def test_re_weighting_there_and_back_gives_the_same_vectors() -> None:
    rng = np.random.default_rng(3)
    blocks = [rng.standard_normal((3, BLOCK)).astype(np.float32) for _ in PARTS]
    rows = combine([b / np.linalg.norm(b, axis=1, keepdims=True) for b in blocks])  # as people search stores them
    assert np.allclose(reweigh(reweigh(rows, PARTS, IDEA_PARTS), IDEA_PARTS, PARTS), rows, atol=1e-6)
    # each encoder's block is unchanged in direction, only its share of the whole
    for before, after in zip(blocks_of(rows), blocks_of(reweigh(rows, PARTS, IDEA_PARTS), IDEA_PARTS)):
        assert np.allclose(before, after, atol=1e-6)


def test_the_idea_space_shares_people_search_encoders_and_memory(embedder: Embedder) -> None:
    space = idea_space_of(embedder)
    assert isinstance(space, WeightedSpace) and space.base is embedder.search_space
    assert space.name == space_name(IDEA_PARTS) != embedder.search_space.name  # so the hashes differ
    text = "Give families of dying patients free parking so they can stay at the bedside."
    people = embedder.search_space.passages([text])
    hits = embedder.search_space.remembered.hits  # type: ignore[attr-defined]
    ideas = space.passages([text])
    assert embedder.search_space.remembered.hits == hits + 1  # type: ignore[attr-defined]  # not encoded again
    assert np.allclose(ideas, reweigh(people, PARTS, IDEA_PARTS), atol=1e-6)
