"""The search space: all-MiniLM-L6-v2 with bge-small-en-v1.5 and e5-small-v2, as one vector.

Three small encoders trained differently make different mistakes, so people search and similar
ideas score meaning with all three (docs/SEARCH.md, "Meaning": measured on the fixtures and
reported beside the independent set). Their vectors are concatenated, each block unit length and
scaled by the square root of its weight, and the whole made unit length again, so one cosine between
two such vectors is the weighted mean of the three encoders' cosines:

    cos(a, b) = sum_i w_i cos(a_i, b_i) / sum_i w_i

That keeps one vector per member (one vector index, one exact cosine in Cypher) instead of three.
The weights are 1 / (typical spread of each encoder's query-profile cosines on the fixtures): the
encoders' cosines live on different scales (bge's and e5's are compressed near the top), and dividing
by the spread puts them on one, as z-scoring each would, without a per-query statistic.

MiniLM stays the first block and is also stored on its own (Member.embedding, 384 dimensions) for
suggestions and clustering; its block is recovered with `first_block`.

Ideas and projects use the same three encoders with other weights (`IDEA_PARTS`, 2 : 1 : 1): the idea
space (`idea_space_of`) is people search's space re-weighted, so it shares its encoders and its
memory of recent passages. `reweigh` turns a vector of one weighting into the other, so a member's
search vector can be compared with ideas, and an idea's with members.
"""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from qnet.core.errors import Unavailable
from qnet.matching.meaning.encoders import OnnxTextEncoder
from qnet.matching.meaning.vector_cache import VectorCache

BLOCK = 384


class TextEmbedder(Protocol):
    """What the first block needs: the app's MiniLM embedder (or a cache or stand-in over it)."""

    model_name: str

    def embed(self, texts: list[str]) -> np.ndarray: ...


class Space(Protocol):
    """What search and profiles use of a search space (SearchSpace; a stand-in in benchmarks)."""

    name: str
    dims: int

    def passages(self, texts: list[str]) -> np.ndarray: ...

    def query(self, text: str) -> np.ndarray: ...

    def warm(self) -> None: ...


@dataclass(frozen=True)
class Part:
    name: str
    weight: float


# Weights: 1 / the mean per-query standard deviation of each encoder's query-profile cosines over
# the 127 members of tests/fixtures/people_search_eval.json (0.084, 0.038, 0.015), relative to
# MiniLM's. On the fixture this ranks as z-scoring every query does (nDCG@10 0.859 against 0.858;
# bench/encoder_eval.py, docs/BENCHMARKS.md); equal weights lose (0.850): e5's cosines barely spread.
PARTS: tuple[Part, ...] = (
    Part("all-MiniLM-L6-v2", 1.0),
    Part("bge-small-en-v1.5-q", 2.2),
    Part("e5-small-v2-q", 5.7),
)
DIMENSIONS = BLOCK * len(PARTS)

# Similar ideas (ideas and projects): the same three encoders, weighted 2 : 1 : 1 (MiniLM twice each
# of the others). Ranked by qnet's IdeaSpace (qnet/matching/knowledge/similar_work_ranking.py), recall@2
# of an idea's paraphrases with each idea encoded on its own, as the API encodes them (mean of 10
# random id orders, which break near-ties):
#                                              MiniLM alone   2 : 1 : 1   equal   people weights
#   tests/fixtures/idea_duplicates_eval.json      0.720        0.723      0.703       0.673
#   tests/fixtures/idea_duplicates_dev2.json      0.438        0.513      0.547       0.533
# Equal weights gain most on the second set but lose to MiniLM alone on the first; 2 : 1 : 1 is the
# weighting of those tried (1.5, 2 and 3 for MiniLM) that loses on neither and gains most on the second.
# People search's weights put e5, whose cosines barely spread, in charge: they lose on the first set.
# An idea is compared with whole ideas written in another voice, not a short query with a profile's
# sentences, so the query-profile spreads behind PARTS do not carry over (docs/BENCHMARKS.md).
IDEA_PARTS: tuple[Part, ...] = tuple(Part(p.name, w) for p, w in zip(PARTS, (2.0, 1.0, 1.0)))


def space_name(parts: Sequence[Part] = PARTS) -> str:
    """Names and weights: part of every content hash, so a change of space re-embeds everything."""
    return "+".join(f"{p.name}@{p.weight:g}" for p in parts)


def combine(blocks: Sequence[np.ndarray], parts: Sequence[Part] = PARTS) -> np.ndarray:
    """(n, 384) unit blocks, one per part -> (n, 384 x parts) unit vectors (see the module docstring)."""
    total = sum(p.weight for p in parts)
    scaled = [block * np.float32(np.sqrt(p.weight / total)) for block, p in zip(blocks, parts)]
    return np.ascontiguousarray(np.concatenate(scaled, axis=1), dtype=np.float32)


def first_block(vectors: np.ndarray, parts: Sequence[Part] = PARTS) -> np.ndarray:
    """The MiniLM block of combined vectors, unit length again."""
    return blocks_of(vectors, parts)[0]


def blocks_of(vectors: np.ndarray, parts: Sequence[Part] = PARTS) -> list[np.ndarray]:
    """Combined vectors split back into their parts' unit blocks."""
    out = []
    for i in range(len(parts)):
        block = vectors[..., i * BLOCK:(i + 1) * BLOCK]
        out.append((block / np.clip(np.linalg.norm(block, axis=-1, keepdims=True), 1e-12, None)).astype(np.float32))
    return out


def reweigh(vectors: np.ndarray, source: Sequence[Part], target: Sequence[Part]) -> np.ndarray:
    """Combined vectors (one, or rows) of one weighting as the same encoders' vectors in another: each
    block is recovered unit length and scaled again (exact: no encoder runs)."""
    rows = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    out = combine(blocks_of(rows, source), target)
    return out[0] if np.ndim(vectors) == 1 else out


def mean_of(vectors: np.ndarray, parts: Sequence[Part] = PARTS) -> np.ndarray:
    """One vector for several combined ones (a member's sentences): each part's unit mean, combined,
    so every encoder keeps its weight however its sentence vectors spread."""
    means = []
    for block in blocks_of(vectors, parts):
        mean = block.mean(axis=0)
        means.append((mean / max(float(np.linalg.norm(mean)), 1e-12))[None, :])
    return combine(means, parts)[0]


# Threads that encode a query's other parts while the calling thread encodes its first.
_QUERY_ENCODERS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="qnet-query-encoder")


@functools.cache
def _shared_encoder(name: str, home: Path, threads: int | None) -> OnnxTextEncoder:
    """One loaded encoder per name and thread count per process (loading one costs time and memory)."""
    from qnet.matching.meaning.encoder_models import load_encoder

    return load_encoder(name, home, threads=threads)


class SearchSpace:
    """passages(texts) -> (n, DIMENSIONS) and query(text) -> (DIMENSIONS,) unit vectors.

    The first part is the app's embedder (so a seed's text cache still serves it); the others are
    ONNX encoders loaded on first use. Queries have their own single-threaded sessions and locks, as
    the app's MiniLM query encoder does, so a query never waits behind a profile being encoded."""

    def __init__(self, embedder: TextEmbedder, home: Path | None = None, parts: Sequence[Part] = PARTS,
                 query_first: Callable[[str], np.ndarray] | None = None) -> None:
        self.embedder = embedder
        self.parts = tuple(parts)
        self.name = space_name(self.parts)
        self.dims = BLOCK * len(self.parts)
        self._home = home
        self._query_first = query_first
        self._lock = threading.Lock()
        self.remembered = VectorCache()

    @property
    def home(self) -> Path:
        if self._home is None:
            from qnet.config import qnet_home

            self._home = qnet_home()
        return self._home

    def _encoder(self, name: str, threads: int | None) -> OnnxTextEncoder:
        try:
            return _shared_encoder(name, self.home, threads)
        except Exception as exc:  # not fetched and no Maven, a bad download: one clear error (503)
            raise Unavailable(f"the sentence encoder {name} could not be loaded: {exc}") from exc

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        return self.remembered.vectors(texts, self._encode_passages)

    def _encode_passages(self, texts: list[str]) -> np.ndarray:
        blocks = [self.embedder.embed(texts)]
        blocks += [self._encoder(p.name, None).encode(texts, "passage") for p in self.parts[1:]]
        return combine(blocks, self.parts)

    def query(self, text: str) -> np.ndarray:
        # The other encoders run beside the first (onnxruntime and the tokenizers release the GIL): a
        # query waits for the slowest encoder, not for the three in turn (docs/BENCHMARKS.md).
        others = [_QUERY_ENCODERS.submit(self._encoder(p.name, 1).encode, [text], "query", batch_size=1)
                  for p in self.parts[1:]]
        first = self._query_first(text) if self._query_first else self.embedder.embed([text])[0]
        blocks = [first[None, :]] + [future.result() for future in others]
        return combine(blocks, self.parts)[0]

    def warm(self) -> None:
        """Load every encoder now (a server worker does this before its first request)."""
        self.query("warm up")
        for part in self.parts[1:]:
            self._encoder(part.name, None)


class SyntheticSpace:
    """Deterministic unit vectors from each text's hash, in the search space's shape (benchmarks of
    the write path only)."""

    name = "synthetic"
    dims = DIMENSIONS

    def passages(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dims), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            out[i] = np.random.default_rng(seed).standard_normal(self.dims)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def query(self, text: str) -> np.ndarray:
        return self.passages([text])[0]

    def warm(self) -> None:
        return None


class WeightedSpace:
    """A space's encoders with other weights: its vectors re-weighted (`reweigh`), so the encoders, their
    query sessions and the memory of recent passages are the base space's, shared with people search."""

    def __init__(self, base: Space, parts: Sequence[Part]) -> None:
        self.base = base
        self.parts = tuple(parts)
        self.source: tuple[Part, ...] = tuple(getattr(base, "parts", PARTS))
        if [p.name for p in self.source] != [p.name for p in self.parts]:
            raise ValueError("a weighted space re-weights its base space's own encoders")
        self.name = space_name(self.parts)
        self.dims = base.dims

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dims), dtype=np.float32)
        return reweigh(self.base.passages(texts), self.source, self.parts)

    def query(self, text: str) -> np.ndarray:
        return reweigh(self.base.query(text), self.source, self.parts)

    def warm(self) -> None:
        self.base.warm()


def space_of(embedder: Any) -> Space:
    """The search space that goes with an embedder (it keeps one: `embedder.search_space`)."""
    space = getattr(embedder, "search_space", None)
    if space is None:
        raise TypeError(f"{type(embedder).__name__} has no search space")
    return space  # type: ignore[no-any-return]


def idea_space_of(embedder: Any) -> Space:
    """The idea space of an embedder: its search space with IDEA_PARTS' weights (made afresh each time,
    cheaply, so it follows a search space a benchmark swapped in)."""
    return WeightedSpace(space_of(embedder), IDEA_PARTS)
