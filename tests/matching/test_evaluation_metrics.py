"""The ranking metrics used by the search evaluation, on literal inputs."""

import math

from qnet.matching.evaluation import ndcg_at, recall_at


def test_perfect_ranking_has_ndcg_one() -> None:
    assert ndcg_at(["a", "b", "c"], {"a": 3, "b": 2, "c": 1}) == 1.0


def test_ndcg_rewards_putting_the_best_first() -> None:
    assert ndcg_at(["b", "a"], {"a": 3, "b": 1}) < ndcg_at(["a", "b"], {"a": 3, "b": 1})


def test_ndcg_of_a_known_case() -> None:
    # gains 0 then 3: (2^3-1)/log2(3) over the ideal 7/1
    assert math.isclose(ndcg_at(["x", "a"], {"a": 3}), (7 / math.log2(3)) / 7)


def test_recall_counts_relevant_items_in_the_first_k() -> None:
    assert recall_at(["a", "x", "b"], {"a": 1, "b": 2, "c": 3}, k=2) == 1 / 3
