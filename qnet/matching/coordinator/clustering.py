"""Community detection: Leiden (igraph) over the weighted member graph, seeded.

Leiden optimises modularity (with a resolution parameter) and, unlike Louvain, guarantees that
every community it returns is internally connected. With the same graph and seed the result is the
same. Clusters are numbered 1..K by size, largest first; tiny fragments are folded into the
cluster they are most tied to, and members with no edges at all are gathered in one cluster
flagged `unplaced` so that every member lands somewhere.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass

import numpy as np

from qnet.matching.coordinator.community_graph import Edges

RESOLUTION = 1.0
MIN_CLUSTER_SIZE = 3
ITERATIONS = 1  # Leiden passes: a second one changed no result and cost more (docs/BENCHMARKS.md)
UNPLACED = -1


@dataclass(frozen=True)
class Partition:
    """labels[i] is member i's cluster number (1..K, largest first); `unplaced` is K+1 or None."""

    labels: np.ndarray
    count: int
    unplaced: int | None
    quality: float  # modularity of the partition on the graph it was found on


_RNG_LOCK = threading.Lock()


def leiden(n: int, edges: Edges, seed: int = 42, resolution: float = RESOLUTION) -> np.ndarray:
    """Raw Leiden membership (0-based community ids) for n members.

    igraph's own C implementation of Leiden (the same algorithm as the leidenalg package, faster:
    docs/BENCHMARKS.md); its random numbers come from a Random seeded per run.
    """
    import igraph as ig

    # Plain lists: igraph converts a NumPy edge array row by row, which is slower.
    graph = ig.Graph(n=n, edges=list(zip(edges.i.tolist(), edges.j.tolist())), directed=False,
                     edge_attrs={"weight": edges.w.tolist()})
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            partition = graph.community_leiden(objective_function="modularity", weights="weight",
                                               resolution=resolution, beta=0.01, n_iterations=ITERATIONS)
        finally:
            ig.set_random_number_generator(random)
    return np.asarray(partition.membership, dtype=np.int64)


def modularity(labels: np.ndarray, edges: Edges, resolution: float = RESOLUTION) -> float:
    """Weighted Newman modularity of a labelling (labels may be any non-negative ints)."""
    total = float(edges.w.sum())
    if total == 0:
        return 0.0
    k = int(labels.max()) + 1 if labels.size else 0
    internal = np.bincount(labels[edges.i], weights=np.where(labels[edges.i] == labels[edges.j], edges.w, 0.0),
                           minlength=k)
    degree = np.bincount(labels[edges.i], weights=edges.w, minlength=k) + np.bincount(
        labels[edges.j], weights=edges.w, minlength=k)
    return float((internal / total - resolution * (degree / (2 * total)) ** 2).sum())


def fold_small(labels: np.ndarray, edges: Edges, min_size: int = MIN_CLUSTER_SIZE) -> np.ndarray:
    """Move members of communities smaller than min_size to the community they are most tied to."""
    labels = labels.copy()
    for _ in range(3):
        sizes = np.bincount(labels)
        small = sizes[labels] < min_size
        if not small.any():
            break
        # Weight from each small-community member to each other community.
        src = np.concatenate([edges.i, edges.j])
        dst = np.concatenate([edges.j, edges.i])
        w = np.concatenate([edges.w, edges.w])
        pick = small[src] & (labels[dst] != labels[src]) & ~small[dst]
        if not pick.any():
            break
        k = sizes.shape[0]
        key = src[pick] * k + labels[dst[pick]]
        uniq, inv = np.unique(key, return_inverse=True)
        sums = np.bincount(inv, weights=w[pick])
        members, targets = uniq // k, uniq % k
        order = np.lexsort((-sums, members))
        first = np.r_[True, members[order][1:] != members[order][:-1]]
        labels[members[order][first]] = targets[order][first]
    return labels


def number_by_size(labels: np.ndarray, isolated: np.ndarray) -> Partition:
    """Renumber 1..K by size (largest first); members with no edges go to one `unplaced` cluster."""
    labels = labels.copy()
    labels[isolated] = UNPLACED
    placed = labels >= 0
    uniq, counts = np.unique(labels[placed], return_counts=True)
    order = np.lexsort((uniq, -counts))
    mapping = np.full(int(uniq.max()) + 1 if uniq.size else 1, 0, np.int64)
    mapping[uniq[order]] = np.arange(1, uniq.shape[0] + 1)
    out = np.zeros_like(labels)
    out[placed] = mapping[labels[placed]]
    count = int(uniq.shape[0])
    unplaced = None
    if isolated.any():
        count += 1
        unplaced = count
        out[~placed] = unplaced
    return Partition(out, count, unplaced, 0.0)


def detect(n: int, edges: Edges, seed: int = 42, resolution: float = RESOLUTION,
           min_size: int = MIN_CLUSTER_SIZE) -> Partition:
    """Leiden, then fold fragments and number clusters; quality is the final modularity."""
    if n == 0:
        return Partition(np.zeros(0, np.int64), 0, None, 0.0)
    has_edge = np.zeros(n, bool)
    has_edge[edges.i] = True
    has_edge[edges.j] = True
    raw = leiden(n, edges, seed, resolution) if len(edges) else np.arange(n)
    folded = fold_small(raw, edges, min_size)
    partition = number_by_size(folded, ~has_edge)
    return Partition(partition.labels, partition.count, partition.unplaced,
                     modularity(partition.labels, edges, resolution))


def adjusted_rand_index(a: np.ndarray, b: np.ndarray) -> float:
    """Agreement between two labellings, 1 = identical, ~0 = chance (Hubert and Arabie)."""
    _, a = np.unique(a, return_inverse=True)
    _, b = np.unique(b, return_inverse=True)
    n = a.shape[0]
    table = np.unique(a * (b.max() + 1) + b, return_counts=True)[1]

    def pairs(x: np.ndarray) -> float:
        x = x.astype(np.float64)
        return float((x * (x - 1) / 2).sum())

    index = pairs(table)
    sum_a, sum_b = pairs(np.bincount(a)), pairs(np.bincount(b))
    expected = sum_a * sum_b / (n * (n - 1) / 2) if n > 1 else 0.0
    maximum = (sum_a + sum_b) / 2
    return 1.0 if maximum == expected else (index - expected) / (maximum - expected)
