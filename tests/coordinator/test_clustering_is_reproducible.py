"""Clustering twice on unchanged data gives the same clusters (same data and seed, same result).

The first run after a profile is written makes the member's int8 copy of their embedding; later runs
read that copy. Both runs must see the same vectors, or the similarity edges (and so the clusters)
differ between a first and a second run on the same graph.
"""

from __future__ import annotations

import numpy as np

from qnet.graph.coordinator.community_graph import ClusterGraphReader
from qnet.graph.driver import Graph
from qnet.services import Services
from tests.coordinator.conftest import Community


def test_a_cold_read_and_a_warm_read_give_the_same_vectors(graph: Graph, community: Community) -> None:
    reader = ClusterGraphReader(graph)
    cold = reader.members()  # no copies yet: read from the floats, copies stored
    warm = reader.members()  # read from the copies
    assert cold.ids == warm.ids
    assert np.linalg.norm(cold.vectors, axis=1).min() > 0.99
    assert np.array_equal(cold.vectors, warm.vectors)


def test_two_runs_on_unchanged_data_give_the_same_clusters(services: Services, community: Community) -> None:
    clusters = services.insight.clusters
    first = clusters.run_now(None, seed=42)
    second = clusters.run_now(None, seed=42)
    assert first.status == second.status == "done"
    assert first.clusters == second.clusters and first.modularity == second.modularity
    assert dict(zip(*clusters.runs.assignments(first.id))) == dict(zip(*clusters.runs.assignments(second.id)))
