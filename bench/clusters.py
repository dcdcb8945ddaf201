"""Benchmark: a full clustering run on a synthetic community with planted groups.

    python -m bench.clusters --members 100000 --embeddings synthetic   # stage timings at scale
    python -m bench.clusters --members 2000 --embeddings real          # ARI with the real model

Loads the community (seed/generator.py) into the configured Neo4j (it CLEARS that database: point
QNET_NEO4J_HOME/QNET_BOLT_PORT at a scratch server), then runs clustering twice: a first run (the
int8 vector copies are cold, so every float embedding is read) and a second run (copies warm,
compared with the first). Reports each stage's seconds, the adjusted Rand index of the clusters
against the planted groups, and the recall of the approximate neighbour search. Writes JSON to
bench/results/ and a table into docs/BENCHMARKS.md (its own section only).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.cluster_data import community, load, member_id, real_embeddings, synthetic_embeddings
from qnet.config import Settings, load_settings
from qnet.graph.coordinator.community_graph import ClusterGraphReader
from qnet.graph.driver import Graph
from qnet.graph.migrations import migrate
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.coordinator.clustering import adjusted_rand_index
from qnet.matching.coordinator.services import CoordinatorInsight
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.neighbours import EXACT_LIMIT, nearest_neighbours
from qnet.matching.people.profiles import ProfileService

RESULTS = ROOT / "bench" / "results"
BENCHMARKS = ROOT / "docs" / "BENCHMARKS.md"
START, END = "<!-- clusters:start -->", "<!-- clusters:end -->"


def vectors_for(args: argparse.Namespace, graph: Graph, com) -> np.ndarray:  # type: ignore[no-untyped-def]
    if args.embeddings == "synthetic":
        return synthetic_embeddings(com)
    cache = Path(os.environ.get("QNET_HOME", Path.home() / ".qnet")) / "bench-cache" / f"real-{args.members}-{args.seed}.npy"
    if cache.exists():
        return np.load(cache)
    settings = load_settings()
    vectors = real_embeddings(com, ProfileService(MemberRepository(graph), Embedder(settings.embedding_model)))
    cache.parent.mkdir(parents=True, exist_ok=True)
    np.save(cache, vectors)
    return vectors


def neighbour_recall(vectors: np.ndarray, sample: int = 1000) -> float | None:
    """Recall@10 of the search clustering uses, against exact search, on a sample of members."""
    if vectors.shape[0] <= EXACT_LIMIT:
        return None  # exact search is used: recall is 1 by construction
    approx, _ = nearest_neighbours(vectors, 10)
    rows = np.random.default_rng(0).choice(vectors.shape[0], sample, replace=False)
    sims = vectors[rows] @ vectors.T
    sims[np.arange(sample), rows] = -np.inf
    exact = np.argsort(-sims, axis=1)[:, :10]
    return float(np.mean([len(set(exact[k]) & set(approx[rows[k]])) / 10 for k in range(sample)]))


class CpuMeter:
    """CPU seconds per stage, of this process and of the local Neo4j server: on a shared machine
    wall times swell with other people's load, CPU seconds much less."""

    def __init__(self, settings: Settings) -> None:
        pid_file = settings.local_neo4j_home / "run" / "neo4j.pid"
        self.server_pid = int(pid_file.read_text()) if settings.uses_local_neo4j and pid_file.exists() else None
        self.stage = ""
        self.mark = self.now()
        self.client: dict[str, float] = {}
        self.server: dict[str, float] = {}

    def now(self) -> tuple[float, float]:
        times = os.times()
        server = 0.0
        if self.server_pid:
            fields = Path(f"/proc/{self.server_pid}/stat").read_text().rsplit(")", 1)[1].split()
            server = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return times.user + times.system, server

    def progress(self, stage: str, _fraction: float) -> None:
        if stage != self.stage:
            self.close()
            self.stage = stage

    def close(self) -> None:
        now = self.now()
        if self.stage:
            self.client[self.stage] = round(self.client.get(self.stage, 0.0) + now[0] - self.mark[0], 2)
            self.server[self.stage] = round(self.server.get(self.stage, 0.0) + now[1] - self.mark[1], 2)
        self.mark = now


def ari(insight: CoordinatorInsight, run_id: str, planted: dict[str, int]) -> float:
    ids, numbers = insight.results.assignments(run_id)
    truth = np.array([planted[i] for i in ids])
    return adjusted_rand_index(truth, np.array(numbers))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--members", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7, help="community generator seed")
    parser.add_argument("--embeddings", choices=("synthetic", "real"), default="synthetic")
    parser.add_argument("--no-load", action="store_true", help="reuse the community already in the graph")
    args = parser.parse_args()

    settings = load_settings()
    graph = Graph.connect(settings, retry_time_s=60.0)
    migrate(graph)
    com = community(args.members, args.seed)
    planted = {member_id(key): group for key, group in com.planted_groups.items()}
    result: dict[str, object] = {
        "members": args.members, "seed": args.seed, "embeddings": args.embeddings,
        "planted_groups": len(set(planted.values())), "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "ties": {"connections": len(com.connections), "project_seats": sum(len(p["team"]) for p in com.projects),
                 "group_seats": sum(len(g["members"]) for g in com.groups), "supports": len(com.supports),
                 "comments": len(com.comments)},
    }
    vectors = vectors_for(args, graph, com)
    if not args.no_load:
        print(f"loading {args.members} members ...", flush=True)
        result["load_s"] = load(graph, com, vectors)
    result["neighbour_recall_at_10"] = neighbour_recall(vectors)
    insight = CoordinatorInsight.build(graph)
    if args.no_load:  # the first run must find the vector copies cold, as after a fresh load
        ClusterGraphReader(graph).forget_vector_copies()
    runs = []
    for label in ("first run (vector copies cold)", "second run (warm, compared with the first)"):
        meter = CpuMeter(settings)
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        run = insight.clusters.run_now(None, 42, None, progress=meter.progress)
        wall = round(time.perf_counter() - started, 2)
        meter.close()
        if run.status != "done":
            raise SystemExit(f"run failed: {run.error}")
        score = ari(insight, run.id, planted)
        load_avg = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        runs.append({"label": label, "wall_s": wall, "stages_s": run.timings, "client_cpu_s": meter.client,
                     "server_cpu_s": meter.server, "load_1min_before_after": load_avg, "clusters": run.clusters,
                     "modularity": run.modularity, "resolution": run.resolution, "ari": round(score, 4)})
        print(f"{label}: {wall} s (1-min load {load_avg[0]} -> {load_avg[1]}), {run.clusters} clusters, ARI {score:.3f}",
              flush=True)
        print(f"  {'stage':16s} {'wall s':>7s} {'client cpu':>10s} {'server cpu':>10s}")
        for stage, seconds in run.timings.items():
            print(f"  {stage:16s} {seconds:7.2f} {meter.client.get(stage, 0.0):10.2f} {meter.server.get(stage, 0.0):10.2f}")
    result["runs"] = runs
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"clusters-{args.members}-{args.embeddings}.json"
    out.write_text(json.dumps(result, indent=2) + "\n")
    write_table()
    print(f"wrote {out} and docs/BENCHMARKS.md")


def write_table() -> None:
    """Rewrite this benchmark's section of docs/BENCHMARKS.md from every result file."""
    lines = [START, "## Clustering (coordinator insight)", "",
             ("`python -m bench.clusters` — synthetic community from seed/generator.py with planted groups; "
              "see docs/CLUSTERS.md. Wall seconds on this machine (2 cores; the 100k runs on an idle machine, the server restarted just before the first run, so its JIT was cold too; the last column is the 1-minute "
              "load average before–after the run; the JSON also has CPU seconds per stage)."), "",
             ("| members | embeddings | run | total | read members | read ties | build graph | neighbours | "
              "communities | describe | compare | write | clusters | ARI | load (1-min) |"),
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for path in sorted(RESULTS.glob("clusters-*.json")):
        data = json.loads(path.read_text())
        for run in data["runs"]:
            s = run["stages_s"]
            lines.append(
                f"| {data['members']} | {data['embeddings']} | {run['label'].split(' (')[0]} | {s.get('total')} | "
                f"{s.get('reading members')} | {s.get('reading ties')} | {s.get('building graph')} | "
                f"{s.get('neighbours')} | {s.get('communities')} | {s.get('describing')} | {s.get('comparing')} | "
                f"{s.get('writing')} | {run['clusters']} | {run['ari']} | "
                f"{'–'.join(str(x) for x in run.get('load_1min_before_after', [])) or '?'} |")
    lines += ["", END]
    text = BENCHMARKS.read_text() if BENCHMARKS.exists() else "# Benchmarks\n"
    section = "\n".join(lines)
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.DOTALL)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    BENCHMARKS.write_text(text)


if __name__ == "__main__":
    main()
