"""Load benchmark: members/s end to end, Neo4j write rows/s, and the loader's peak memory, at N members.

    QNET_NEO4J_HOME=~/.qnet/neo4j-bench QNET_BOLT_PORT=7696 QNET_NEO4J_HEAP=3g QNET_NEO4J_PAGECACHE_MB=3072 \\
        python -m bench.load --members 10000 [--embeddings real|synthetic] [--backend B] [--no-cache] [--no-rerun]

Each N runs in its own process (so its peak memory is its own) against a scratch database that is
cleared first: the whole `qnet seed` path (generate, validate, embed, bulk write) for N members with
their ties and activity, then the same load again, which finds everything unchanged (the resume
path). Time is split into generate (text), embed (the model) and write (Neo4j); writes run in a
background thread while the next batch is generated and embedded, so the parts overlap and
`write_wait` is the write time the loader could not hide. Neo4j's own CPU seconds (a local server)
and the load average over the run are recorded, because the machine is shared. The baseline, timed
in the same run, is the simplest write Neo4j can do (5,000 one-property nodes in one UNWIND CREATE).
`--embeddings synthetic` swaps the model for deterministic pseudo-random unit vectors, to measure
the write path and memory without the model; real embeddings use `qnet seed`'s backend (or
--backend) and are cached under $QNET_HOME/embedding-cache unless --no-cache (then each distinct
text is still encoded once per load, as `qnet seed` does), so other benchmarks can load the same N
quickly with `load()`. Results go to bench/results/load-N-EMBEDDINGS[-BACKEND].json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import numpy as np

from qnet.config import load_settings
from qnet.graph.bulk import BulkWriter
from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.graph.migrations import migrate
from qnet.graph.server import LocalNeo4j
from qnet.matching.meaning.embedding import BACKENDS, DIMENSIONS
from qnet.matching.meaning.search_space import SyntheticSpace
from qnet.matching.people.importer import ImportMemberSchema
from seed.embedding_cache import CachedEmbedder, seed_backend, seed_embedder
from seed.loader import LoadReport, load_demo

RESULTS = Path("bench/results")


class SyntheticEmbedder:
    """Deterministic unit vectors from each text's hash: the model's shape without the model's cost."""

    model_name = "synthetic"
    backend = "synthetic"
    batch_size = 64
    search_space = SyntheticSpace()

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            out[i] = np.random.default_rng(seed).standard_normal(DIMENSIONS)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def embedder_for(kind: str, cache: bool, backend: str | None = None) -> Any:
    """`qnet seed`'s embedder (the same backend choice), or synthetic vectors."""
    if kind == "synthetic":
        return SyntheticEmbedder()
    return seed_embedder(load_settings(), backend, cache)


def load(graph: Graph, members: int, embeddings: str = "real", cache: bool = True, activity: bool = True,
         progress: Any = None) -> LoadReport:
    """Load N seeded members (ties, activity) into `graph`; with the cache warm this skips the model."""
    return load_demo(graph, embedder_for(embeddings, cache), ImportMemberSchema().load, members=members,
                     progress=progress, batch_size=1000, activity=activity)


def neo4j_cpu_seconds() -> float | None:
    """CPU seconds the local Neo4j server has used so far (None when it is not a local server)."""
    pid = LocalNeo4j(load_settings()).status().pid
    if pid is None:
        return None
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _rows(report: LoadReport) -> int:
    return (report.members + report.connections + report.projects + report.ideas + report.supports
            + report.comments + report.groups)


class LoadSampler:
    """The 1-minute load average every 15 s while a load runs (the machine is shared: say how busy it was)."""

    def __init__(self) -> None:
        self.samples: list[float] = [os.getloadavg()[0]]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(15):
            self.samples.append(os.getloadavg()[0])

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self.samples.append(os.getloadavg()[0])
        return {"start": round(self.samples[0], 2), "mean": round(sum(self.samples) / len(self.samples), 2),
                "max": round(max(self.samples), 2), "end": round(self.samples[-1], 2)}


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _stage(report: LoadReport, wall: float, members: int) -> dict[str, Any]:
    seconds = {k: round(v, 1) for k, v in sorted(report.seconds.items())}
    write = report.seconds.get("write", 0.0)
    member_write = report.seconds.get("write_members", 0.0)
    return {
        "wall_s": round(wall, 1), "seconds": seconds, "embedded_members": report.embedded,
        "members_per_s_end_to_end": round(members / wall, 1),
        "write_rows": _rows(report), "write_rows_per_s": round(_rows(report) / write, 0) if write else None,
        "member_writes_per_s": round(report.members / member_write, 0) if member_write else None,
        "embed_share_pct": round(100 * report.seconds.get("embed", 0.0) / wall, 1),
        "counts": {"members": report.members, "ties": report.connections, "projects": report.projects,
                   "ideas": report.ideas, "supports": report.supports, "comments": report.comments,
                   "groups": report.groups},
    }


def run_one(members: int, embeddings: str, cache: bool, rerun: bool = True, backend: str | None = None
            ) -> dict[str, Any]:
    settings = load_settings()
    graph = Graph.connect(settings, retry_time_s=60.0)
    migrate(graph)
    clear_data(graph)
    embedder = embedder_for(embeddings, cache, backend)
    if isinstance(embedder, CachedEmbedder):
        embedder.embed(["warm the model up"])  # model load is not part of the load rate
        embedder.encoded = embedder.reused = 0
    results: dict[str, Any] = {"members": members, "embeddings": embeddings, "cache": cache,
                               "backend": embedder.backend, "batch_size": embedder.batch_size,
                               "baseline_create_rows_per_s": BulkWriter(graph).probe_write_rate()}
    for name in ("first_load", "rerun_unchanged")[: 2 if rerun else 1]:
        sampler, cpu, neo4j_cpu = LoadSampler(), _cpu_seconds(), neo4j_cpu_seconds()
        start = time.perf_counter()
        report = load_demo(graph, embedder, ImportMemberSchema().load, members=members, batch_size=1000)
        results[name] = _stage(report, time.perf_counter() - start, members)
        results[name]["loader_cpu_s"] = round(_cpu_seconds() - cpu, 1)
        if neo4j_cpu is not None:
            results[name]["neo4j_cpu_s"] = round((neo4j_cpu_seconds() or 0.0) - neo4j_cpu, 1)
        results[name]["load_average_1m"] = sampler.stop()
        if isinstance(embedder, CachedEmbedder):
            results[name]["texts_encoded"], results[name]["texts_reused"] = embedder.encoded, embedder.reused
            embedder.encoded = embedder.reused = 0
        print(f"  {name}: {json.dumps(results[name])}", file=sys.stderr, flush=True)
    results["counts"] = BulkWriter(graph).counts()
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average_1m": round(os.getloadavg()[0], 2), "neo4j_heap": settings.neo4j_heap,
                          "neo4j_pagecache_mb": settings.neo4j_pagecache_mb}
    graph.close()
    return results


def result_path(members: int, embeddings: str, backend: str | None) -> Path:
    suffix = f"-{seed_backend(backend or load_settings().embedding_backend)}" if embeddings == "real" else ""
    return RESULTS / f"load-{members}-{embeddings}{suffix}.json"


def print_table(results: list[dict[str, Any]]) -> None:
    for r in results:
        print(f"N={r['members']}: baseline (same run) {r['baseline_create_rows_per_s']:.0f} rows/s for CREATE of one "
              f"small node a row; embeddings {r['embeddings']} ({r['backend']}, batch {r['batch_size']})")
    print(f"{'members':>8} {'run':<16}{'wall s':>8}{'gen s':>7}{'embed s':>9}{'write s':>9}{'wait s':>8}"
          f"{'members/s':>10}{'rows/s':>9}{'member w/s':>11}{'neo4j cpu':>10}{'load avg':>9}{'peak MiB':>9}")
    for r in results:
        for name in [n for n in ("first_load", "rerun_unchanged") if n in r]:
            s, secs = r[name], r[name]["seconds"]
            print(f"{r['members']:>8} {name:<16}{s['wall_s']:>8}{secs.get('generate', 0):>7}{secs.get('embed', 0):>9}"
                  f"{secs.get('write', 0):>9}{secs.get('write_wait', 0):>8}{s['members_per_s_end_to_end']:>10}"
                  f"{s['write_rows_per_s'] or 0:>9.0f}{s['member_writes_per_s'] or 0:>11.0f}"
                  f"{s.get('neo4j_cpu_s', 0):>10}{s['load_average_1m']['mean']:>9}{r['peak_rss_mib']:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, action="append", help="N (repeat for several sizes)")
    parser.add_argument("--embeddings", choices=("real", "synthetic"), default="real")
    parser.add_argument("--backend", choices=BACKENDS, default=None,
                        help="model backend for real embeddings (default: what `qnet seed` uses)")
    parser.add_argument("--no-cache", action="store_true",
                        help="no embedding cache on disk: every distinct text is encoded (once per load)")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second (all unchanged) load")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.members or [10000]
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.one:
        result = run_one(sizes[0], args.embeddings, not args.no_cache, not args.no_rerun, args.backend)
        result_path(sizes[0], args.embeddings, args.backend).write_text(json.dumps(result, indent=2))
        return
    results = []
    for n in sizes:
        command = [sys.executable, "-m", "bench.load", "--one", "--members", str(n), "--embeddings", args.embeddings]
        flags = (["--no-cache"] if args.no_cache else []) + (["--no-rerun"] if args.no_rerun else [])
        flags += ["--backend", args.backend] if args.backend else []
        subprocess.run(command + flags, check=True)
        results.append(json.loads(result_path(n, args.embeddings, args.backend).read_text()))
    print_table(results)


if __name__ == "__main__":
    main()
