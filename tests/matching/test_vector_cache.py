"""Passages encoded once are remembered by their text: the same vectors, without encoding again."""

from __future__ import annotations

import numpy as np

from qnet.matching.meaning.embedding import Embedder
from qnet.matching.meaning.vector_cache import VectorCache


def test_a_repeated_sentence_is_looked_up_and_gives_the_vectors_the_encoders_gave(embedder: Embedder) -> None:
    space = embedder.search_space
    fresh = "A ward sister whose ward went a hundred days without a fall with harm, thanks to huddles."
    before = (space.remembered.hits, space.remembered.misses)
    first = space.passages([fresh, "Skills: quality improvement (expert)"])
    again = space.passages(["Skills: quality improvement (expert)", fresh, fresh])
    assert space.remembered.misses - before[1] <= 2  # at most the two new texts were encoded
    assert space.remembered.hits - before[0] >= 3  # the second call encoded nothing
    assert np.array_equal(again[1], first[0]) and np.array_equal(again[2], first[0])
    assert np.array_equal(again[0], first[1])
    # The encoders themselves, for this text alone. The int8 encoders quantise each batch on its own
    # scale, so a text's vector moves a little with its batch neighbours (cosine ~0.998); remembering
    # it keeps one of those, which is no further from the text than the encoders themselves are.
    encoded_alone = space._encode_passages([fresh])[0]
    assert float(np.dot(encoded_alone, first[0])) > 0.99


def test_the_memory_is_bounded_and_forgets_the_least_recently_used() -> None:
    calls: list[list[str]] = []

    def encode(texts: list[str]) -> np.ndarray:
        calls.append(texts)
        return np.array([[float(len(t)), 1.0] for t in texts], dtype=np.float32)

    cache = VectorCache(entries=2)
    cache.vectors(["a", "bb"], encode)
    cache.vectors(["a"], encode)  # "a" is now the most recently used
    cache.vectors(["ccc"], encode)  # over the bound: "bb" goes
    out = cache.vectors(["bb", "a", "bb"], encode)
    assert calls == [["a", "bb"], ["ccc"], ["bb"]]  # each text encoded once per stay, duplicates once
    assert out[:, 0].tolist() == [2.0, 1.0, 2.0]


def test_a_bulk_batch_keeps_only_copies_of_its_newest_rows() -> None:
    batch = np.arange(10 * 3, dtype=np.float32).reshape(10, 3)
    cache = VectorCache(entries=4)
    out = cache.vectors([f"t{i}" for i in range(10)], lambda texts: batch)
    assert np.array_equal(out, batch)
    kept = list(cache._vectors.items())
    assert [text for text, _ in kept] == ["t6", "t7", "t8", "t9"]
    assert all(vector.base is None for _, vector in kept)  # not views that hold the whole batch
