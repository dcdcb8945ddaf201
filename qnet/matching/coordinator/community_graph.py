"""The weighted member graph that clustering runs on: explicit ties, shared work, and similar profiles.

Everything here is a pure function of integer-indexed arrays (member i is row i), so it can be
tested with literal inputs and runs in NumPy at 100k members. Edges are undirected and stored once
as (i, j, weight) with i < j; parallel edges from different sources are summed.

Weights (why): an accepted connection is the clearest statement of a tie (1.0). Working on the same
project is nearly as strong, meeting in a group or engaging with the same idea weaker; a shared
container of s members gives each pair weight/(s-1), so every member receives about `weight` from
each container however big it is. Profile-similarity edges (k nearest neighbours by embedding) are
deliberately light: they place members with no ties, and settle members whose few ties point
several ways, without outvoting the community's real ties.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

# Relative weight a member receives from each kind of tie (see the module docstring).
WEIGHTS: dict[str, float] = {
    "connection": 1.0,
    "project": 1.5,
    "group": 0.6,
    "support": 0.4,
    "comment": 0.6,
    "reply": 0.8,
    "similarity": 1.2,
}
# Containers larger than this are not expanded into every pair: each member is linked to
# CLIQUE_SAMPLE random co-members instead (same total weight, linear cost).
MAX_CLIQUE = 60
CLIQUE_SAMPLE = 20
NEIGHBOURS = 10


@dataclass
class Edges:
    """Undirected weighted edges, i < j, no duplicates."""

    i: np.ndarray
    j: np.ndarray
    w: np.ndarray

    @classmethod
    def empty(cls) -> Edges:
        return cls(np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0, np.float64))

    def __len__(self) -> int:
        return int(self.i.shape[0])


@dataclass
class Memberships:
    """Member-to-container incidences (member index, container index), e.g. who is in which project."""

    member: np.ndarray
    container: np.ndarray

    @classmethod
    def of(cls, pairs: list[tuple[int, int]] | np.ndarray) -> Memberships:
        arr = np.asarray(pairs, dtype=np.int64).reshape(-1, 2)
        return cls(arr[:, 0], arr[:, 1])


@dataclass
class TieSources:
    """Everything explicit that ties members, as integer-indexed arrays."""

    n: int
    connections: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.int64))
    projects: Memberships = field(default_factory=lambda: Memberships.of([]))
    groups: Memberships = field(default_factory=lambda: Memberships.of([]))
    supports: Memberships = field(default_factory=lambda: Memberships.of([]))  # member, idea
    comments: Memberships = field(default_factory=lambda: Memberships.of([]))  # member, idea
    replies: np.ndarray = field(default_factory=lambda: np.zeros((0, 2), np.int64))  # author, parent author


def combine(n: int, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]) -> Edges:
    """Sum weighted pairs into one undirected edge list (self-loops dropped)."""
    if not parts:
        return Edges.empty()
    i = np.concatenate([np.asarray(p[0], np.int64) for p in parts])
    j = np.concatenate([np.asarray(p[1], np.int64) for p in parts])
    w = np.concatenate([np.asarray(p[2], np.float64) for p in parts])
    keep = i != j
    i, j, w = i[keep], j[keep], w[keep]
    lo, hi = np.minimum(i, j), np.maximum(i, j)
    key = lo * n + hi
    unique, inverse = np.unique(key, return_inverse=True)
    summed = np.bincount(inverse, weights=w, minlength=unique.shape[0])
    return Edges(unique // n, unique % n, summed)


def pair_edges(pairs: np.ndarray, weight: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    pairs = np.asarray(pairs, np.int64).reshape(-1, 2)
    return pairs[:, 0], pairs[:, 1], np.full(pairs.shape[0], weight)


def container_edges(memberships: Memberships, weight: float, seed: int = 0,
                    max_clique: int = MAX_CLIQUE, sample: int = CLIQUE_SAMPLE) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs of members sharing a container, each pair weighted weight/(size-1).

    A member who appears twice in one container (two comments on an idea) counts once. Containers
    of the same size are expanded together (one index pattern per size), so the cost is NumPy's,
    not a Python loop over tens of thousands of ideas.
    """
    if memberships.member.shape[0] == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    rng = np.random.default_rng(seed)
    both = np.unique(np.stack([memberships.container, memberships.member], axis=1), axis=0)
    starts = np.flatnonzero(np.r_[True, both[1:, 0] != both[:-1, 0]])
    sizes = np.diff(np.r_[starts, both.shape[0]])
    members = both[:, 1]
    out_i: list[np.ndarray] = []
    out_j: list[np.ndarray] = []
    out_w: list[np.ndarray] = []
    for size in np.unique(sizes[(sizes >= 2) & (sizes <= max_clique)]).tolist():
        rows = members[starts[sizes == size][:, None] + np.arange(size)]  # (containers, size)
        a, b = np.triu_indices(size, k=1)
        out_i.append(rows[:, a].ravel())
        out_j.append(rows[:, b].ravel())
        out_w.append(np.full(rows.shape[0] * a.shape[0], weight / (size - 1)))
    for start, size in zip(starts[sizes > max_clique].tolist(), sizes[sizes > max_clique].tolist()):
        group = members[start:start + size]
        picks = rng.integers(0, size - 1, size=(size, sample))
        picks = picks + (picks >= np.arange(size)[:, None])  # never oneself
        out_i.append(np.repeat(group, sample))
        out_j.append(group[picks.ravel()])
        out_w.append(np.full(size * sample, weight / (2 * sample)))
    if not out_i:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    return np.concatenate(out_i), np.concatenate(out_j), np.concatenate(out_w)


def explicit_edges(ties: TieSources, weights: dict[str, float] = WEIGHTS, seed: int = 0) -> Edges:
    """The member graph of real ties: connections, shared projects and groups, co-engagement."""
    parts = [
        pair_edges(ties.connections, weights["connection"]),
        container_edges(ties.projects, weights["project"], seed),
        container_edges(ties.groups, weights["group"], seed + 1),
        container_edges(ties.supports, weights["support"], seed + 2),
        container_edges(ties.comments, weights["comment"], seed + 3),
        pair_edges(ties.replies, weights["reply"]),
    ]
    return combine(ties.n, [p for p in parts if p[0].shape[0]])


def similarity_edges(neighbours: np.ndarray, similarities: np.ndarray, weight: float = WEIGHTS["similarity"]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """kNN edges: member i to each of its k nearest profiles, weight * similarity / k.

    `neighbours` is (n, k) with -1 where a member has fewer neighbours (or no embedding).
    """
    n, k = neighbours.shape
    if k == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
    rows = np.repeat(np.arange(n), k)
    cols = neighbours.ravel()
    sims = np.clip(similarities.ravel(), 0.0, 1.0)
    keep = cols >= 0
    return rows[keep], cols[keep], sims[keep] * weight / k


def strength(n: int, edges: Edges) -> np.ndarray:
    """Weighted degree of every member."""
    return np.bincount(edges.i, weights=edges.w, minlength=n) + np.bincount(edges.j, weights=edges.w, minlength=n)


def neighbour_counts(n: int, edges: Edges) -> np.ndarray:
    """How many distinct members each member is tied to."""
    return np.bincount(edges.i, minlength=n) + np.bincount(edges.j, minlength=n)
