"""k nearest profiles by embedding, in NumPy: exact for small communities, an inverted file for large.

Exact search compares every member with every other (n^2 x 384 multiply-adds: about 8e12 at 100k
members, over a minute on two cores). Above EXACT_LIMIT members an IVF index is used instead:
k-means cells over a sample, each cell searched against itself and its nearest cells, so a member
is compared with a few thousand likely neighbours rather than with everyone. Recall against exact
search is measured in bench/clusters.py.
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

import numpy as np

try:  # small matrix products run faster on one BLAS thread than on several competing ones
    from threadpoolctl import threadpool_limits
except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn, but is optional
    threadpool_limits = None


def _one_blas_thread() -> Any:
    return threadpool_limits(1, user_api="blas") if threadpool_limits else nullcontext()

EXACT_LIMIT = 12_000
BLOCK = 2048
PROBE_CELLS = 3
TRAIN_SAMPLE = 10_000
KMEANS_ITERATIONS = 5
CELL_SIZE = 200


def _top_k(sims: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indexes and values of the k largest entries of each row, best first."""
    k = min(k, sims.shape[1])
    if k == 0:
        return np.zeros((sims.shape[0], 0), np.int64), np.zeros((sims.shape[0], 0), np.float32)
    part = np.argpartition(-sims, k - 1, axis=1)[:, :k]
    vals = np.take_along_axis(sims, part, axis=1)
    order = np.argsort(-vals, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(vals, order, axis=1)


def exact_neighbours(vectors: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """(n, k) neighbour indexes and cosine similarities (vectors are unit length); -1 pads."""
    n = vectors.shape[0]
    kk = min(k, n - 1)
    idx = np.full((n, k), -1, np.int64)
    val = np.zeros((n, k), np.float32)
    if kk <= 0:
        return idx, val
    for start in range(0, n, BLOCK):
        block = vectors[start:start + BLOCK] @ vectors.T
        rows = np.arange(block.shape[0])
        block[rows, rows + start] = -np.inf
        top, sims = _top_k(block, kk)
        idx[start:start + block.shape[0], :kk] = top
        val[start:start + block.shape[0], :kk] = sims
    return idx, val


def _kmeans(vectors: np.ndarray, cells: int, rng: np.random.Generator) -> np.ndarray:
    """Spherical k-means centroids trained on a sample."""
    sample = vectors[rng.choice(vectors.shape[0], min(TRAIN_SAMPLE, vectors.shape[0]), replace=False)]
    centroids = sample[rng.choice(sample.shape[0], cells, replace=False)].copy()
    for _ in range(KMEANS_ITERATIONS):
        assign = np.argmax(sample @ centroids.T, axis=1)
        order = np.argsort(assign, kind="stable")
        counts = np.bincount(assign, minlength=cells)
        sums = np.zeros_like(centroids)
        present = np.flatnonzero(counts)
        starts = np.concatenate([[0], np.cumsum(counts)[:-1]])[present]
        sums[present] = np.add.reduceat(sample[order], starts, axis=0)
        empty = counts == 0
        sums[empty] = sample[rng.choice(sample.shape[0], int(empty.sum()))]
        centroids = sums / np.maximum(np.linalg.norm(sums, axis=1, keepdims=True), 1e-12)
    return centroids.astype(np.float32)


def ivf_neighbours(vectors: np.ndarray, k: int, seed: int = 0,
                   probe: int = PROBE_CELLS) -> tuple[np.ndarray, np.ndarray]:
    """Approximate kNN: each member is compared with the members of its cell and nearby cells."""
    n = vectors.shape[0]
    rng = np.random.default_rng(seed)
    cells = max(8, min(n // CELL_SIZE, TRAIN_SAMPLE // 10))
    centroids = _kmeans(vectors, cells, rng)
    assign = np.empty(n, np.int64)
    for start in range(0, n, 8192):
        assign[start:start + 8192] = np.argmax(vectors[start:start + 8192] @ centroids.T, axis=1)
    near_cells = np.argsort(-(centroids @ centroids.T), axis=1)[:, :probe]
    order = np.argsort(assign, kind="stable")
    bounds = np.searchsorted(assign[order], np.arange(cells + 1))
    idx = np.full((n, k), -1, np.int64)
    val = np.zeros((n, k), np.float32)
    with _one_blas_thread():
        _search_cells(vectors, k, cells, order, bounds, near_cells, idx, val)
    return idx, val


def _search_cells(vectors: np.ndarray, k: int, cells: int, order: np.ndarray, bounds: np.ndarray,
                  near_cells: np.ndarray, idx: np.ndarray, val: np.ndarray) -> None:
    """Fill idx/val for every member, one cell (queries) against its nearby cells (candidates)."""
    for cell in range(cells):
        queries = order[bounds[cell]:bounds[cell + 1]]
        if queries.shape[0] == 0:
            continue
        others = [c for c in near_cells[cell] if c != cell][:near_cells.shape[1] - 1]
        candidates = np.concatenate([order[bounds[c]:bounds[c + 1]] for c in [cell, *others]])
        sims = vectors[queries] @ vectors[candidates].T
        own = bounds[cell + 1] - bounds[cell]  # the cell itself comes first among the candidates
        sims[np.arange(own), np.arange(own)] = -np.inf
        kk = min(k, candidates.shape[0] - 1)
        if kk <= 0:
            continue
        top, best = _top_k(sims, kk)
        idx[queries, :kk] = candidates[top]
        val[queries, :kk] = best


def nearest_neighbours(vectors: np.ndarray, k: int, seed: int = 0,
                       exact_limit: int = EXACT_LIMIT) -> tuple[np.ndarray, np.ndarray]:
    """kNN over unit vectors; rows of zeros (no embedding) get no neighbours and are nobody's."""
    n = vectors.shape[0]
    present = np.flatnonzero(np.linalg.norm(vectors, axis=1) > 0.5)
    idx = np.full((n, k), -1, np.int64)
    val = np.zeros((n, k), np.float32)
    if present.shape[0] < 2 or k == 0:
        return idx, val
    sub = np.ascontiguousarray(vectors[present], dtype=np.float32)
    search = exact_neighbours if sub.shape[0] <= exact_limit else (lambda v, kk: ivf_neighbours(v, kk, seed))
    sub_idx, sub_val = search(sub, k)
    mapped = np.where(sub_idx >= 0, present[np.maximum(sub_idx, 0)], -1)
    idx[present] = mapped
    val[present] = np.where(sub_idx >= 0, sub_val, 0.0)
    return idx, val
