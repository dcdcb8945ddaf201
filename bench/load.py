"""Load benchmark: members/s end to end, Neo4j write rows/s, and the loader's peak memory, at N members.

    QNET_NEO4J_HOME=~/.qnet/neo4j-bench QNET_BOLT_PORT=7696 QNET_NEO4J_HEAP=4g QNET_NEO4J_PAGECACHE_MB=4096 \\
        python -m bench.load --members 10000 --members 100000 [--embeddings real|synthetic] [--no-cache] [--no-rerun]

Each N runs in its own process (so its peak memory is its own) against a scratch database that is
cleared first: the whole `qnet seed` path (generate, validate, embed, bulk write) for N members with
their ties and activity, then the same load again, which finds everything unchanged (the resume
path). Time is split into generate (text), embed (the model) and write (Neo4j); the embedding
part is compared with the write part measured in the same run. `--embeddings synthetic` swaps the
model for deterministic pseudo-random unit vectors, to measure the write path and memory at sizes
the model would take too long for; real embeddings are cached under $QNET_HOME/embedding-cache
(unless --no-cache), so other benchmarks can load the same N quickly with `load()`.
Results go to bench/results/load-N-EMBEDDINGS.json.
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
import time
from pathlib import Path
from typing import Any

import numpy as np

from qnet.config import load_settings
from qnet.graph.bulk import BulkWriter
from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.graph.migrations import migrate
from qnet.matching.embedding import DIMENSIONS, Embedder
from qnet.web.schemas.members import ImportMemberSchema
from seed.embedding_cache import CachedEmbedder, default_cache_dir
from seed.loader import LoadReport, load_demo

RESULTS = Path("bench/results")


class SyntheticEmbedder:
    """Deterministic unit vectors from each text's hash: the model's shape without the model's cost."""

    model_name = "synthetic"
    backend = "synthetic"
    batch_size = 64

    def embed(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            out[i] = np.random.default_rng(seed).standard_normal(DIMENSIONS)
        return out / np.linalg.norm(out, axis=1, keepdims=True)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]


def embedder_for(kind: str, cache: bool) -> Any:
    if kind == "synthetic":
        return SyntheticEmbedder()
    model = Embedder()
    return CachedEmbedder(model, default_cache_dir(model) if cache else None)


def load(graph: Graph, members: int, embeddings: str = "real", cache: bool = True, activity: bool = True,
         progress: Any = None) -> LoadReport:
    """Load N seeded members (ties, activity) into `graph`; with the cache warm this skips the model."""
    return load_demo(graph, embedder_for(embeddings, cache), ImportMemberSchema().load, members=members,
                     progress=progress, batch_size=1000, activity=activity)


def _rows(report: LoadReport) -> int:
    return (report.members + report.connections + report.projects + report.ideas + report.supports
            + report.comments + report.groups)


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
    }


def run_one(members: int, embeddings: str, cache: bool, rerun: bool = True) -> dict[str, Any]:
    settings = load_settings()
    graph = Graph.connect(settings, retry_time_s=60.0)
    migrate(graph)
    clear_data(graph)
    embedder = embedder_for(embeddings, cache)
    if isinstance(embedder, CachedEmbedder):
        embedder.embed(["warm the model up"])  # model load is not part of the load rate
    results: dict[str, Any] = {"members": members, "embeddings": embeddings, "cache": cache,
                               "baseline_create_rows_per_s": BulkWriter(graph).probe_write_rate()}
    for name in ("first_load", "rerun_unchanged")[: 2 if rerun else 1]:
        start = time.perf_counter()
        report = load_demo(graph, embedder, ImportMemberSchema().load, members=members, batch_size=1000)
        results[name] = _stage(report, time.perf_counter() - start, members)
        if isinstance(embedder, CachedEmbedder):
            results[name]["texts_encoded"], results[name]["texts_reused"] = embedder.encoded, embedder.reused
            embedder.encoded = embedder.reused = 0
        print(f"  {name}: {json.dumps(results[name])}", file=sys.stderr, flush=True)
    results["counts"] = BulkWriter(graph).counts()
    results["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0)
    results["machine"] = {"cpus": os.cpu_count(), "python": platform.python_version(),
                          "load_average_1m": round(os.getloadavg()[0], 2), "neo4j_heap": settings.neo4j_heap,
                          "neo4j_pagecache_mb": settings.neo4j_pagecache_mb,
                          "embedding_backend": os.environ.get("QNET_EMBEDDING_BACKEND", "torch")}
    graph.close()
    return results


def print_table(results: list[dict[str, Any]]) -> None:
    for r in results:
        print(f"baseline (same run): {r['baseline_create_rows_per_s']:.0f} rows/s for CREATE of one small node a row")
    print(f"{'members':>8} {'emb':>9} {'run':<16}{'wall s':>8}{'gen s':>7}{'embed s':>9}{'write s':>9}"
          f"{'members/s':>10}{'rows/s':>9}{'member w/s':>11}{'peak MiB':>9}")
    for r in results:
        for name in [n for n in ("first_load", "rerun_unchanged") if n in r]:
            s = r[name]
            print(f"{r['members']:>8} {r['embeddings']:>9} {name:<16}{s['wall_s']:>8}{s['seconds'].get('generate', 0):>7}"
                  f"{s['seconds'].get('embed', 0):>9}{s['seconds'].get('write', 0):>9}"
                  f"{s['members_per_s_end_to_end']:>10}{s['write_rows_per_s'] or 0:>9.0f}"
                  f"{s['member_writes_per_s'] or 0:>11.0f}{r['peak_rss_mib']:>9.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, action="append", help="N (repeat for several sizes)")
    parser.add_argument("--embeddings", choices=("real", "synthetic"), default="real")
    parser.add_argument("--no-cache", action="store_true", help="encode every text with the model")
    parser.add_argument("--no-rerun", action="store_true", help="skip the second (all unchanged) load")
    parser.add_argument("--one", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    sizes = args.members or [10000]
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.one:
        result = run_one(sizes[0], args.embeddings, not args.no_cache, not args.no_rerun)
        (RESULTS / f"load-{sizes[0]}-{args.embeddings}.json").write_text(json.dumps(result, indent=2))
        return
    results = []
    for n in sizes:
        command = [sys.executable, "-m", "bench.load", "--one", "--members", str(n), "--embeddings", args.embeddings]
        flags = (["--no-cache"] if args.no_cache else []) + (["--no-rerun"] if args.no_rerun else [])
        subprocess.run(command + flags, check=True)
        results.append(json.loads((RESULTS / f"load-{n}-{args.embeddings}.json").read_text()))
    print_table(results)


if __name__ == "__main__":
    main()
