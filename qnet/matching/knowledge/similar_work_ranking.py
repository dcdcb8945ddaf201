"""Ranking ideas against each other the way a reader judges "the same idea".

Three corrections on top of cosine similarity, each measured on the paraphrase fixture (docs/IDEAS.md):

* **Voice.** Patients and carers write ideas as first-person stories ("I waited all day..."), staff
  as proposals; the embedding puts two stories about different things closer than a story and the
  proposal it asks for. The direction between the mean of the first-person ideas and the mean of the
  rest (estimated from the ideas themselves, no labels) is projected out of every vector.
* **Hubness.** Some ideas sit near everything; each candidate's score is lowered by how close it is,
  on average, to its own nearest ideas (CSLS), and likewise the query's.
* **Shared neighbours.** Paraphrases of one idea agree with each other: a candidate gains when an
  idea close to the query is also close to the candidate (the best such triangle).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

FIRST_PERSON = re.compile(r"\b(?:I|I'd|I've|I'm|I'll|me|my|mine|myself)\b")
MIN_VOICE = 3  # ideas needed on each side before a voice direction is estimated
DENSITY_K = 5  # nearest ideas averaged for an idea's hubness
HUB_WEIGHT = 0.5  # 0.5 makes the score CSLS: 2·cos − r(query) − r(candidate), halved
SUPPORT_WEIGHT = 1.0  # weight of the shared-neighbour term
POOL = 50  # candidates re-ranked per query
NEIGHBOURS = 20  # the query's nearest ideas tried as the third corner of a triangle
BLOCK = 1024  # rows per block when computing every idea's density
VOICE_DRIFT = 0.05  # a growing space re-estimates its voice direction (a full build) after 5 % more ideas


def speaks_first_person(text: str) -> bool:
    """Whether an idea is written as the author's own story (first person singular)."""
    return bool(FIRST_PERSON.search(text))


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.where(norms == 0, 1.0, norms)


@dataclass(frozen=True)
class RankedIdea:
    id: str
    score: float  # on a cosine-like scale, clipped to 0..1


class IdeaSpace:
    """Every listed idea's voice-neutral vector and hubness, built once and then grown as ideas arrive."""

    def __init__(self, ids: Sequence[str], vectors: np.ndarray, first_person: Sequence[bool], *,
                 remove_voice: bool = True, hub_weight: float = HUB_WEIGHT,
                 support_weight: float = SUPPORT_WEIGHT) -> None:
        """The keyword switches exist for the ablation in bench/idea_similarity_eval.py."""
        self.remove_voice = remove_voice
        self.hub_weight = hub_weight
        self.support_weight = support_weight
        raw = np.asarray(vectors, dtype=np.float32)
        raw = _unit(raw.reshape(len(ids), raw.shape[-1] if raw.ndim == 2 else 0) if raw.size == 0 else raw)
        flags = np.asarray(first_person, dtype=bool)
        self.ids = list(ids)
        self.position = {idea_id: n for n, idea_id in enumerate(self.ids)}
        self.raw, self.flags = raw, flags
        self.voice_from = len(self.ids)  # how many ideas the voice direction was estimated from
        self.voice: np.ndarray | None = None
        if remove_voice and flags.sum() >= MIN_VOICE and (~flags).sum() >= MIN_VOICE:
            direction = raw[flags].mean(0) - raw[~flags].mean(0)
            if np.linalg.norm(direction) > 0:
                self.voice = _unit(direction)
        self.vectors = self.neutral(raw)
        # Each idea's similarities to its nearest other ideas (its hubness is their mean).
        self.nearest = self._nearest() if hub_weight else np.zeros((len(self.ids), 0), dtype=np.float32)
        self._set_density()

    def with_added(self, ids: Sequence[str], vectors: np.ndarray, first_person: Sequence[bool]) -> IdeaSpace:
        """This space and some new ideas. The other ideas' vectors are kept, and only their nearest
        lists are updated, so one new idea costs O(N) rather than the full build's O(N^2)
        (docs/BENCHMARKS.md). The voice direction is kept until the ideas have grown by VOICE_DRIFT since it was
        estimated (or it can be estimated for the first time); then the space is built again."""
        if not len(ids):
            return self
        raw = _unit(np.asarray(vectors, dtype=np.float32).reshape(len(ids), -1))
        flags = np.asarray(first_person, dtype=bool)
        if not self.ids:
            return self._built(list(ids), raw, flags)
        all_ids, all_raw = self.ids + list(ids), np.vstack([self.raw, raw])
        all_flags = np.concatenate([self.flags, flags])
        k = min(DENSITY_K, len(all_ids) - 1)
        voice_possible = self.remove_voice and all_flags.sum() >= MIN_VOICE and (~all_flags).sum() >= MIN_VOICE
        if (len(all_ids) > self.voice_from * (1 + VOICE_DRIFT) or (self.voice is None and voice_possible)
                or (self.hub_weight and self.nearest.shape[1] != k) or any(i in self.position for i in ids)):
            return self._built(all_ids, all_raw, all_flags)
        grown = copy.copy(self)
        grown.ids, grown.raw, grown.flags = all_ids, all_raw, all_flags
        grown.position = {idea_id: n for n, idea_id in enumerate(all_ids)}
        added = self.neutral(raw)
        grown.vectors = np.vstack([self.vectors, added])
        if self.hub_weight:
            old, new = len(self.ids), np.arange(len(ids))
            rows = added @ grown.vectors.T  # each added idea against every idea, itself included
            rows[new, old + new] = -np.inf  # an idea is not its own neighbour
            # The others' nearest lists gain an added idea where it beats their k-th nearest.
            kept = np.concatenate([self.nearest, rows[:, :old].T], axis=1)
            grown.nearest = np.vstack([np.partition(kept, -k, axis=1)[:, -k:],
                                       np.partition(rows, -k, axis=1)[:, -k:]]).astype(np.float32)
        else:
            grown.nearest = np.zeros((len(all_ids), 0), dtype=np.float32)
        grown._set_density()
        return grown

    def _built(self, ids: list[str], raw: np.ndarray, flags: np.ndarray) -> IdeaSpace:
        """A full build of these ideas with this space's settings."""
        return IdeaSpace(ids, raw, list(flags), remove_voice=self.remove_voice, hub_weight=self.hub_weight,
                         support_weight=self.support_weight)

    def _set_density(self) -> None:
        k = self.nearest.shape[1]
        self.density = self.nearest.mean(1).astype(np.float32) if k else np.zeros(len(self.ids), dtype=np.float32)
        self.mean_density = float(self.density.mean()) if len(self.ids) else 0.0

    def __len__(self) -> int:
        return len(self.ids)

    def neutral(self, vectors: np.ndarray) -> np.ndarray:
        """Vectors with the voice direction projected out, back to unit length."""
        x = np.asarray(vectors, dtype=np.float32)
        if self.voice is None:
            return _unit(x)
        return _unit(x - np.multiply.outer(x @ self.voice, self.voice))

    def _nearest(self) -> np.ndarray:
        """Each idea's cosines to its DENSITY_K nearest other ideas (blockwise: no N×N matrix)."""
        n = len(self.ids)
        k = min(DENSITY_K, n - 1)
        if k <= 0:
            return np.zeros((n, 0), dtype=np.float32)
        out = np.empty((n, k), dtype=np.float32)
        for start in range(0, n, BLOCK):
            block = self.vectors[start:start + BLOCK] @ self.vectors.T
            block[np.arange(block.shape[0]), np.arange(start, start + block.shape[0])] = -np.inf
            out[start:start + BLOCK] = np.partition(block, -k, axis=1)[:, -k:]
        return out

    def rank(self, vector: Sequence[float] | np.ndarray, *, limit: int, exclude: Collection[str] = (),
             query_id: str | None = None) -> list[RankedIdea]:
        """The `limit` ideas closest to the query (an idea of the space, or a draft's vector), best first."""
        if not self.ids or limit <= 0:
            return []
        own = self.position.get(query_id) if query_id else None
        q = self.vectors[own] if own is not None else self.neutral(np.asarray(vector, dtype=np.float32))
        cos = self.vectors @ q
        allowed = np.ones(len(self.ids), dtype=bool)
        for idea_id in exclude:
            if idea_id in self.position:
                allowed[self.position[idea_id]] = False
        if own is not None:
            allowed[own] = False
        if not allowed.any():
            return []
        if own is not None:
            r_query = float(self.density[own])
        else:
            k = min(DENSITY_K, int(allowed.sum()))
            r_query = float(np.sort(cos[allowed])[-k:].mean())
        # Hubness-corrected similarity, shifted back onto a cosine-like scale (the shift is a constant).
        hub, weight = self.hub_weight, self.support_weight
        shift = 2 * hub * self.mean_density
        h = np.where(allowed, cos - hub * (r_query + self.density) + shift, -np.inf)
        order = np.argsort(-h, kind="stable")
        pool = order[: min(max(POOL, limit), int(allowed.sum()))]
        corners = order[: min(NEIGHBOURS, len(pool))]
        # h between each pooled candidate and each corner idea, corrected the same way.
        between = (self.vectors[pool] @ self.vectors[corners].T
                   - hub * (self.density[pool][:, None] + self.density[corners][None, :]) + shift)
        triangle = np.minimum(h[corners][None, :], between)
        triangle[pool[:, None] == corners[None, :]] = -np.inf  # a candidate is not its own corner
        support = triangle.max(1) if corners.size > 1 else h[pool]
        support = np.where(np.isfinite(support), support, h[pool])
        final = (h[pool] + weight * support) / (1 + weight)
        ranked = sorted(zip(pool.tolist(), final.tolist()), key=lambda p: (-p[1], self.ids[p[0]]))[:limit]
        return [RankedIdea(self.ids[n], round(min(max(score, 0.0), 1.0), 4)) for n, score in ranked]
