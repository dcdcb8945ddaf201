"""The pure parts of clustering and pairing, with literal inputs and expected outputs."""

from __future__ import annotations

from datetime import date

import numpy as np

from qnet.graph.coordinator.community_graph import NodeIndex, dequantise, quantise
from qnet.matching.coordinator.cluster_descriptions import distinctive, member_roles
from qnet.matching.coordinator.clustering import adjusted_rand_index, detect
from qnet.matching.coordinator.community_graph import (
    Edges,
    Memberships,
    TieSources,
    combine,
    container_edges,
    explicit_edges,
    similarity_edges,
    strength,
)
from qnet.matching.coordinator.insights import compare, isolation_reasons
from qnet.matching.coordinator.pairing import PairingInput, pair_up
from qnet.matching.neighbours import exact_neighbours, ivf_neighbours, nearest_neighbours


def test_a_shared_container_gives_each_member_its_weight_however_big() -> None:
    i, j, w = container_edges(Memberships.of([(0, 7), (1, 7), (2, 7), (3, 7), (4, 9), (5, 9)]), weight=1.5)
    edges = combine(6, [(i, j, w)])
    assert len(edges) == 6 + 1
    assert np.allclose(strength(6, edges), [1.5] * 6)


def test_a_member_twice_in_one_container_counts_once() -> None:
    i, j, w = container_edges(Memberships.of([(0, 1), (0, 1), (1, 1)]), weight=0.6)
    assert list(zip(i.tolist(), j.tolist(), w.tolist())) == [(0, 1, 0.6)]


def test_containers_of_different_sizes_give_every_pair_its_share() -> None:
    seats = [(0, 1), (1, 1), (2, 1), (3, 2), (4, 2), (0, 3), (1, 3), (4, 3), (5, 3)]
    edges = combine(6, [container_edges(Memberships.of(seats), weight=1.0)])
    third = 1 / 3
    expected = {(0, 1): 0.5 + third, (0, 2): 0.5, (1, 2): 0.5, (3, 4): 1.0, (0, 4): third, (0, 5): third,
                (1, 4): third, (1, 5): third, (4, 5): third}
    got = {(i, j): w for i, j, w in zip(edges.i.tolist(), edges.j.tolist(), edges.w.tolist())}
    assert got.keys() == expected.keys()
    assert all(abs(got[pair] - expected[pair]) < 1e-9 for pair in expected)


def test_node_ids_map_to_member_positions_and_strangers_to_minus_one() -> None:
    index = NodeIndex(np.array([40, 7, 19]))
    assert index.positions([7, 19, 40, 8, 1000, 0]).tolist() == [1, 2, 0, -1, -1, -1]
    assert NodeIndex(np.zeros(0, np.int64)).positions([3]).tolist() == [-1]


def test_big_containers_are_sampled_but_keep_about_the_same_weight() -> None:
    members = [(m, 0) for m in range(500)]
    edges = combine(500, [container_edges(Memberships.of(members), weight=1.0, max_clique=60, sample=20)])
    assert len(edges) < 500 * 21
    assert abs(strength(500, edges).mean() - 1.0) < 0.05


def test_parallel_ties_are_summed_into_one_undirected_edge() -> None:
    ties = TieSources(n=3, connections=np.array([[0, 1], [1, 0]]), projects=Memberships.of([(0, 5), (1, 5)]))
    edges = explicit_edges(ties, {"connection": 1.0, "project": 2.0, "group": 0, "support": 0, "comment": 0,
                                  "reply": 0, "similarity": 0})
    assert (edges.i.tolist(), edges.j.tolist(), edges.w.tolist()) == ([0], [1], [4.0])


def test_similarity_edges_skip_missing_neighbours() -> None:
    i, j, w = similarity_edges(np.array([[1, -1], [0, -1]]), np.array([[0.5, 0.0], [0.5, 0.0]]), weight=2.0)
    assert (i.tolist(), j.tolist(), w.tolist()) == ([0, 1], [1, 0], [0.5, 0.5])


def test_ivf_search_finds_the_same_neighbours_as_exact_search_on_clustered_vectors() -> None:
    rng = np.random.default_rng(1)
    centres = rng.standard_normal((40, 384))
    v = centres[rng.integers(0, 40, 4000)] + 0.6 * rng.standard_normal((4000, 384))
    v = (v / np.linalg.norm(v, axis=1, keepdims=True)).astype(np.float32)
    exact, _ = exact_neighbours(v, 10)
    approx, sims = ivf_neighbours(v, 10)
    recall = np.mean([len(set(exact[k]) & set(approx[k])) / 10 for k in range(0, 4000, 7)])
    assert recall > 0.9
    assert np.all(approx != np.arange(4000)[:, None]) and np.all(np.diff(sims, axis=1) <= 1e-6)


def test_members_without_an_embedding_get_no_neighbours_and_are_nobodys() -> None:
    v = np.eye(4, 384, dtype=np.float32)
    v[2] = 0
    idx, _ = nearest_neighbours(v, 2)
    assert idx[2].tolist() == [-1, -1]
    assert 2 not in idx[[0, 1, 3]]


def test_int8_copies_of_embeddings_keep_cosines() -> None:
    rng = np.random.default_rng(2)
    v = rng.standard_normal((50, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    back = dequantise(quantise(v))
    assert np.abs((back @ back.T) - (v @ v.T)).max() < 0.01


def planted(groups: int, size: int, p_in: float, p_out: float, seed: int = 3) -> tuple[Edges, np.ndarray]:
    rng = np.random.default_rng(seed)
    truth = np.repeat(np.arange(groups), size)
    n = truth.shape[0]
    a, b = np.triu_indices(n, k=1)
    p = np.where(truth[a] == truth[b], p_in, p_out)
    keep = rng.random(a.shape[0]) < p
    return combine(n, [(a[keep], b[keep], np.ones(int(keep.sum())))]), truth


def test_leiden_recovers_planted_groups_and_is_reproducible_with_a_seed() -> None:
    edges, truth = planted(groups=6, size=40, p_in=0.25, p_out=0.01)
    first = detect(truth.shape[0], edges, seed=5)
    again = detect(truth.shape[0], edges, seed=5)
    assert adjusted_rand_index(truth, first.labels) > 0.9
    assert np.array_equal(first.labels, again.labels)
    assert sorted(np.bincount(first.labels)[1:].tolist(), reverse=True) == np.bincount(first.labels)[1:].tolist()


def test_members_with_no_ties_at_all_land_in_one_unplaced_cluster() -> None:
    edges = combine(5, [(np.array([0, 1, 0]), np.array([1, 2, 2]), np.ones(3))])
    partition = detect(5, edges)
    assert partition.unplaced == partition.count
    assert partition.labels[3] == partition.labels[4] == partition.unplaced


def test_adjusted_rand_index_on_known_labellings() -> None:
    assert adjusted_rand_index(np.array([0, 0, 1, 1]), np.array([5, 5, 9, 9])) == 1.0
    assert abs(adjusted_rand_index(np.array([0, 0, 0, 1, 1, 1]), np.array([0, 1, 2, 0, 1, 2])) + 4 / 11) < 1e-9


def test_distinctive_skills_beat_merely_frequent_ones() -> None:
    labels = np.array([1, 1, 1, 1, 2, 2, 2, 2])
    # Item 0 ("QI") everyone has; item 1 ("Sepsis") only cluster 1 has.
    pairs = [(m, 0) for m in range(8)] + [(m, 1) for m in range(4)]
    members, items = np.array(pairs).T
    top = distinctive(members, items, ["QI", "Sepsis"], labels, 2)
    assert [d.name for d in top[1]] == ["Sepsis"]
    assert top[2] == []


def test_a_member_carrying_the_only_ties_between_clusters_is_their_bridge() -> None:
    labels = np.array([1, 1, 1, 2, 2, 2])
    explicit = combine(6, [(np.array([0, 0, 1, 3, 3, 4, 2]), np.array([1, 2, 2, 4, 5, 5, 3]), np.ones(7))])
    roles = member_roles(labels, 2, explicit, explicit)
    assert roles.bridged[2] == [2] and roles.bridged[3] == [1]
    assert roles.bridge_score[0] == 0 and roles.bridge_score[2] == 1.0
    assert roles.ties.tolist() == [2, 2, 3, 3, 2, 2]


def test_isolation_reasons() -> None:
    today = date(2026, 6, 1)
    reasons = isolation_reasons(np.array([0, 1, 2, 2, 5]), np.array([0, 3, 0, 4, 0]),
                                ["2020-01-01", "2020-01-01", "2026-05-20", "2026-05-20", "2026-05-20"], today)
    assert reasons == ["no ties", "one tie", "new and inactive", None, None]


def test_run_comparison_names_splits_merges_growth_and_movers() -> None:
    previous = np.array([1] * 10 + [2] * 5 + [3] * 5 + [4] * 6 + [0] * 3)
    current = np.array([1] * 5 + [2] * 5 + [3] * 10 + [4] * 6 + [4] * 3)
    result = compare(previous, current)
    kinds = {(c.kind, tuple(c.old), tuple(c.new)) for c in result.changes}
    assert ("split", (1,), (1, 2)) in kinds
    assert ("merged", (2, 3), (3,)) in kinds
    assert ("grown", (4,), (4,)) in kinds
    assert result.joined == 3 and result.moved == 0


def test_pairing_covers_everyone_once_with_one_trio_and_respects_history() -> None:
    rng = np.random.default_rng(4)
    v = rng.standard_normal((9, 384)).astype(np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    previous: set[tuple[int, int]] = set()
    for _ in range(3):
        data = PairingInput(v, np.zeros(9, np.int64), ["r"] * 9, ["x"] * 9, set(), set(previous))
        groups = pair_up(data)
        assert sorted(m for g in groups for m in g) == list(range(9))
        assert sorted(len(g) for g in groups) == [2, 2, 2, 3]
        pairs = {(min(a, b), max(a, b)) for g in groups for a in g for b in g if a < b}
        assert not pairs & previous
        previous |= pairs
