"""Benchmark: Neo4j Graph Data Science (GDS) Leiden and kNN against qnet's igraph/NumPy path.

    python -m bench.clusters_gds [--knn]     # against a GDS-enabled server holding a loaded community

qnet does not ship GDS (docs/CLUSTERS.md says why); this measures it on the same graph. It needs a
server with the GDS 2.13 jars: a copy of qnet/graph/server with these dependencies added to pom.xml
(all on Maven Central; `proc` alone lacks the extension that registers the procedures' facade)

    org.neo4j.gds:proc:2.13.9, org.neo4j.gds:opengds-extension:2.13.9, org.neo4j.gds:proc-sysinfo:2.13.9

the launcher given `GraphDatabaseSettings.plugin_dir` = a folder holding the GDS jars (the jars that
`mvn package` adds to target/lib beyond Neo4j's own) and `procedure_unrestricted` = ["gds.*"], and
started on the store bench/clusters.py loaded (QNET_NEO4J_HOME/QNET_BOLT_PORT as for that run).
It builds the weighted member graph exactly as a run does, then times: igraph Leiden (what qnet
runs); projecting that edge list into GDS (it has to cross Bolt: the container and similarity
weights are computed in Python); GDS Leiden on it with the same resolution; and with --knn, GDS kNN
on the stored float embeddings against qnet's NumPy search. Writes bench/results/gds-vs-igraph-<n>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster_data import community, member_id
from qnet.config import load_settings
from qnet.graph.coordinator.community_graph import ClusterGraphReader
from qnet.graph.driver import Graph
from qnet.matching.coordinator.cluster_runs import default_resolution
from qnet.matching.coordinator.clustering import adjusted_rand_index, detect, fold_small, modularity
from qnet.matching.coordinator.community_graph import (
    NEIGHBOURS,
    WEIGHTS,
    Memberships,
    TieSources,
    combine,
    explicit_edges,
    similarity_edges,
)
from qnet.matching.neighbours import nearest_neighbours

RESULTS = ROOT / "bench" / "results"
PROJECT = """
UNWIND range(0, size($a) - 1) AS k
WITH gds.graph.project('qnet_bench', $a[k], $b[k], {relationshipProperties: {w: $w[k]}},
                       {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
"""
LEIDEN = """
CALL gds.leiden.stream('qnet_bench', $config) YIELD nodeId, communityId
RETURN collect(nodeId) AS nodes, collect(communityId) AS communities
"""
PROJECT_EMBEDDINGS = """
CALL gds.graph.project('qnet_bench_embeddings', 'Member', '*', {nodeProperties: ['embedding']})
YIELD nodeCount RETURN nodeCount
"""
KNN = """
CALL gds.knn.stream('qnet_bench_embeddings', {nodeProperties: {embedding: 'COSINE'}, topK: $k, concurrency: 2})
YIELD node1, node2 RETURN collect(node1) AS a, collect(node2) AS b
"""
DROP = "CALL gds.graph.drop($name, false) YIELD graphName RETURN graphName"


def server_cpu() -> float:
    """CPU seconds the local server has used so far (0 when it is not local)."""
    pid_file = load_settings().local_neo4j_home / "run" / "neo4j.pid"
    if not pid_file.exists():
        return 0.0
    fields = Path(f"/proc/{int(pid_file.read_text())}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def timed(results: dict[str, Any], label: str, fn: Callable[[], Any]) -> Any:
    server, client, started = server_cpu(), time.process_time(), time.perf_counter()
    value = fn()
    results[label] = {"wall_s": round(time.perf_counter() - started, 2),
                      "client_cpu_s": round(time.process_time() - client, 2),
                      "server_cpu_s": round(server_cpu() - server, 2)}
    print(f"{label:48s} {results[label]}", flush=True)
    return value


def one_row(graph: Graph, cypher: Any, write: bool = False, **params: Any) -> list[Any]:
    def work(tx: Any) -> list[Any]:
        return list(tx.run(cypher, params).single().values())

    return graph.write(work) if write else graph.read(work)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=7, help="community generator seed used for the load")
    parser.add_argument("--knn", action="store_true", help="also time GDS kNN (minutes at 100k on 2 cores)")
    args = parser.parse_args()
    graph = Graph.connect(load_settings(), retry_time_s=60.0)
    out: dict[str, Any] = {"gds_version": graph.query("RETURN gds.version() AS v")[0]["v"],
                           "load_1min": round(os.getloadavg()[0], 2)}
    reader = ClusterGraphReader(graph)
    table = reader.members()
    n, index = len(table), table.index
    got = reader.ties(index)
    ties = TieSources(n=n, connections=got["connections"], replies=got["replies"],
                      **{k: Memberships(*got[k]) for k in ("projects", "groups", "supports", "comments")})
    explicit = explicit_edges(ties, seed=42)
    neighbours, sims = timed(out, "numpy kNN (qnet)", lambda: nearest_neighbours(table.vectors, NEIGHBOURS, seed=42))
    edges = combine(n, [(explicit.i, explicit.j, explicit.w), similarity_edges(neighbours, sims, WEIGHTS["similarity"])])
    resolution = default_resolution(n)
    planted = {member_id(k): v for k, v in community(n, args.seed).planted_groups.items()}
    truth = np.array([planted.get(i, -1) for i in table.ids])
    out.update({"members": n, "edges": len(edges), "resolution": resolution})

    partition = timed(out, "igraph Leiden (qnet: build, 1 pass, fold)", lambda: detect(n, edges, 42, resolution))
    out["igraph_quality"] = {"ari": round(adjusted_rand_index(truth, partition.labels), 4),
                             "clusters": partition.count, "modularity": round(partition.quality, 4)}

    graph.run_autocommit(DROP, name="qnet_bench")
    timed(out, "GDS project weighted edge list (over Bolt)", lambda: one_row(
        graph, PROJECT, write=True, a=table.nodes[edges.i].tolist(), b=table.nodes[edges.j].tolist(),
        w=edges.w.tolist()))
    for concurrency in (1, 2):
        config = {"relationshipWeightProperty": "w", "gamma": resolution, "concurrency": concurrency}
        if concurrency == 1:
            config["randomSeed"] = 42  # GDS is only reproducible single-threaded
        nodes, communities = timed(out, f"GDS Leiden stream, concurrency {concurrency}",
                                   partial(one_row, graph, LEIDEN, config=config))
        labels = np.zeros(n, np.int64)
        where = index.positions(nodes)
        labels[where[where >= 0]] = np.asarray(communities)[where >= 0]
        folded = np.unique(fold_small(np.unique(labels, return_inverse=True)[1].reshape(-1), edges),
                           return_inverse=True)[1].reshape(-1)
        out[f"gds_quality_concurrency_{concurrency}"] = {
            "ari": round(adjusted_rand_index(truth, folded), 4), "clusters": int(folded.max()) + 1,
            "modularity": round(modularity(folded, edges, resolution), 4)}
    graph.run_autocommit(DROP, name="qnet_bench")

    if args.knn:
        graph.run_autocommit(DROP, name="qnet_bench_embeddings")
        timed(out, "GDS project members with float embeddings", lambda: one_row(graph, PROJECT_EMBEDDINGS, write=True))
        a, b = timed(out, "GDS kNN stream (topK 10, concurrency 2)", lambda: one_row(graph, KNN, k=NEIGHBOURS))
        graph.run_autocommit(DROP, name="qnet_bench_embeddings")
        found: dict[int, set[int]] = {}
        for x, y in zip(index.positions(a).tolist(), index.positions(b).tolist()):
            found.setdefault(x, set()).add(y)
        rows = np.random.default_rng(0).choice(n, 1000, replace=False)
        scores = table.vectors[rows] @ table.vectors.T
        scores[np.arange(1000), rows] = -np.inf
        exact = np.argsort(-scores, axis=1)[:, :10]
        out["recall_at_10"] = {
            "gds_knn": round(float(np.mean([len(set(exact[k]) & found.get(int(rows[k]), set())) / 10
                                            for k in range(1000)])), 3),
            "numpy_knn": round(float(np.mean([len(set(exact[k]) & set(neighbours[rows[k]].tolist())) / 10
                                              for k in range(1000)])), 3)}
    print(json.dumps({k: v for k, v in out.items() if "quality" in k or k == "recall_at_10"}, indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"gds-vs-igraph-{n}.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
