"""Search and suggestion latency, and vector-retrieval recall against exact cosine, at N members.

    QNET_NEO4J_HOME=~/.qnet/neo4j-bench QNET_BOLT_PORT=7696 python -m bench.search --members 10000

Loads N seeded members if the graph holds fewer (`qnet seed`'s loader; real vectors through the
onnx backend and the text cache, or `--embeddings synthetic`), then reports in one run:
people-search p50/p99 in-process (with per-stage timers) and over HTTP (gunicorn in a separate
process, query embedding included), suggestion p50/p99 both ways, and recall@10 of qnet's vector
retrieval (the index's k nearest, re-scored by exact cosine as search does) against exact brute-force
cosine in NumPy over the same vectors, whose time per query is the baseline. Results go to
bench/results/search-N.json, and the table of every N measured so far to docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any, Self

import numpy as np

from qnet.config import load_settings
from qnet.graph.driver import Graph
from qnet.graph.membership.accounts import AccountRepository
from qnet.graph.migrations import migrate
from qnet.graph.people.profiles import MemberRepository
from qnet.graph.people.search import SearchRepository
from qnet.graph.people.suggestions import SuggestionRepository
from qnet.graph.vector_search import VectorQuery
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.meaning.glossary import expand_abbreviations
from qnet.matching.membership.accounts import AccountService
from qnet.matching.people.search import PeopleQuery, PeopleSearch
from qnet.matching.people.skills import taxonomy
from qnet.matching.people.suggestions import ConnectionSuggestions
from qnet.web.gunicorn_config import warm_up
from seed import vocabulary

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
BENCHMARKS = ROOT / "docs" / "BENCHMARKS.md"
FIXTURE = ROOT / "tests" / "fixtures" / "people_search_eval.json"
START, END = "<!-- search-latency:start -->", "<!-- search-latency:end -->"
K_INDEX = 100  # the k people search asks the vector index for (CANDIDATES_PER_SOURCE)


def queries(count: int, seed: int = 11, fixture: bool = True) -> list[str]:
    """Realistic queries: the labelled fixture's, then skill-and-topic requests in varied wording."""
    rng = random.Random(seed)
    texts = [q["text"] for q in json.loads(FIXTURE.read_text())["queries"]] if fixture else []
    skills = [s.name for s in taxonomy().skills.values()]
    patterns = ["someone who has used {s} for {t}", "{s} experience in {t}", "help with {t} using {s}",
                "who knows about {t}?", "{s}", "expert in {s} working on {t} in {r}"]
    while len(texts) < count:
        texts.append(rng.choice(patterns).format(s=rng.choice(skills).lower(), t=rng.choice(vocabulary.TOPICS),
                                                 r=rng.choice(vocabulary.REGIONS)))
    return texts[:count]


def percentiles(samples: list[float]) -> dict[str, float]:
    ms = np.array(samples) * 1000
    return {"p50_ms": round(float(np.percentile(ms, 50)), 1), "p99_ms": round(float(np.percentile(ms, 99)), 1),
            "mean_ms": round(float(ms.mean()), 1), "n": len(samples)}


def ensure_members(graph: Graph, members: int, embeddings: str, cache_dir: Path | None) -> None:
    """Load N seeded members if the graph holds fewer: real vectors (onnx, text cache) or synthetic."""
    have = MemberRepository(graph).count()
    if have >= members:
        return
    from bench.load import SyntheticEmbedder
    from qnet.matching.people.importer import ImportMemberSchema
    from seed.embedding_cache import CachedEmbedder, default_cache_dir
    from seed.loader import load_demo

    loader: Any
    if embeddings == "synthetic":
        loader = SyntheticEmbedder()
    else:
        model = Embedder(backend="onnx")  # the same vectors as torch (cosine > 0.9999), twice as fast
        loader = CachedEmbedder(model, cache_dir or default_cache_dir(model))
    print(f"loading {members} members (have {have}, {embeddings} embeddings) ...", file=sys.stderr)
    load_demo(graph, loader, ImportMemberSchema().load, members=members, batch_size=1000)


class StageTimer:
    """Wraps methods of one object so each call's duration is recorded under the method's name."""

    def __init__(self) -> None:
        self.samples: dict[str, list[float]] = {}

    def wrap(self, obj: Any, name: str, label: str) -> None:
        method = getattr(obj, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return method(*args, **kwargs)
            finally:
                self.samples.setdefault(label, []).append(time.perf_counter() - started)

        setattr(obj, name, timed)


class FullCollections:
    """Times Python's full (generation 2) garbage collections while installed in gc.callbacks."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, Any]) -> None:
        if info["generation"] != 2:
            return
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds.append(time.perf_counter() - self._started)

    def __enter__(self) -> Self:
        gc.callbacks.append(self)
        return self

    def __exit__(self, *_: object) -> None:
        gc.callbacks.remove(self)

    def report(self) -> dict[str, Any]:
        return {"count": len(self.seconds), "ms": [round(s * 1000, 1) for s in self.seconds]}


def timed_searches(search: PeopleSearch, texts: list[str], searchers: list[str]) -> tuple[list[float], FullCollections]:
    """Each search's seconds, and the full collections during them plus one forced at the end (to time it)."""
    seconds = []
    with FullCollections() as collections:
        for text, searcher in zip(texts, searchers):
            started = time.perf_counter()
            search.search(PeopleQuery(text, searcher))
            seconds.append(time.perf_counter() - started)
        gc.collect()
    return seconds, collections


def in_process(graph: Graph, embedder: Embedder, texts: list[str], warmup: list[str],
               searchers: list[str], compare_gc: bool = False) -> dict[str, Any]:
    """Search and suggestion latency through the same objects the app uses, with stage timers.
    `compare_gc`: afterwards the same searches again with the worker's objects unfrozen (gc.unfreeze),
    as before the warm-up froze them; run second, so any warmth favours the unfrozen pass."""
    repository = SearchRepository(graph)
    search = PeopleSearch(repository, embedder)
    suggestions = ConnectionSuggestions(SuggestionRepository(graph))
    for text, searcher in zip(warmup, searchers):  # query plans, the model, the page cache
        search.search(PeopleQuery(text, searcher))
        suggestions.suggest(searcher)
    warm_up(embedder)  # what each gunicorn worker does before its first request (gc.freeze included)
    stages = StageTimer()
    space = embedder.search_space
    stages.wrap(space, "query", "query embedding (the three encoders)")
    stages.wrap(repository, "candidates", "candidates (4 statements, embedding overlapped)")
    stages.wrap(repository, "shortlist", "shortlist (profiles, sentence vectors, paths)")
    total, collections = timed_searches(search, texts, searchers)
    del space.query  # the instance attribute set by the timer; the class method again
    suggest = []
    for searcher in searchers[:100]:
        started = time.perf_counter()
        suggestions.suggest(searcher)
        suggest.append(time.perf_counter() - started)
    result = {"search": percentiles(total), "stages": {k: percentiles(v) for k, v in stages.samples.items()},
              "suggestions": percentiles(suggest), "full_gc_during_searches": collections.report(),
              "objects_frozen": gc.get_freeze_count()}
    if compare_gc:
        gc.unfreeze()
        unfrozen, collections = timed_searches(search, texts, searchers)
        result["search_without_gc_freeze"] = percentiles(unfrozen)
        result["full_gc_without_freeze"] = collections.report()
        gc.freeze()
    return result


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def over_http(token: str, texts: list[str], warmup: list[str], count: int) -> dict[str, dict[str, float]]:
    """The same queries through gunicorn (its own process, query embedding included), one at a time."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
         "--timeout", "120", "-c", "python:qnet.web.gunicorn_config", "qnet.web:create_app()"],
        env=dict(os.environ, QNET_LOG_LEVEL="ERROR"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        headers = {"Authorization": f"Bearer {token}"}

        def timed(path: str) -> float:
            request = urllib.request.Request(base + path, headers=headers)
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
            return time.perf_counter() - started

        def search(text: str) -> float:
            return timed("/api/v1/search/people?" + urllib.parse.urlencode({"q": text}))

        for text in warmup:
            search(text)
            timed("/api/v1/members/me/suggestions")
        return {"search": percentiles([search(t) for t in texts]),
                "suggestions": percentiles([timed("/api/v1/members/me/suggestions") for _ in range(count)])}
    finally:
        server.terminate()
        server.wait(timeout=30)


# The index people search asks (the three-encoder search space), scored as search scores it.
NEAREST_MEMBERS = VectorQuery(
    "<<NEAREST>> RETURN m.id AS id, score, vector.similarity.cosine(m.search_embedding, $v) AS exact",
    index="member_search_embedding", label="Member", node="m", vector="$v", k="$k")


def vector_recall(graph: Graph, embedder: Embedder, texts: list[str], k_index: int) -> dict[str, Any]:
    """Recall@10 of qnet's vector retrieval against exact cosine over every member vector.

    qnet asks the index for its k nearest and scores those by exact cosine (the candidates' facts), so
    its top 10 is the exact top 10 of the index's k; the index's own (possibly quantised) order is
    reported beside it. The NumPy brute force over all vectors is the baseline, timed per query.
    """

    def read(tx: Any) -> tuple[list[str], np.ndarray]:
        ids, vectors = [], []
        for record in tx.run("MATCH (m:Member) WHERE m.search_embedding IS NOT NULL "
                             "RETURN m.id AS id, m.search_embedding AS v"):
            ids.append(record["id"])
            vectors.append(record["v"])
        return ids, np.asarray(vectors, dtype=np.float32)

    ids, matrix = graph.read(read)
    nearest = NEAREST_MEMBERS.cypher(graph)
    rescored, index_order, exact_times, index_times = [], [], [], []
    for vector in [embedder.search_space.query(expand_abbreviations(t)) for t in texts]:  # as search embeds them
        started = time.perf_counter()
        truth = {ids[i] for i in np.argpartition(-(matrix @ vector), 10)[:10]}
        exact_times.append(time.perf_counter() - started)
        started = time.perf_counter()
        query = vector.tolist()
        rows = graph.read(lambda tx: [dict(r.items()) for r in tx.run(nearest, k=k_index, v=query)])  # noqa: B023
        index_times.append(time.perf_counter() - started)
        rescored.append(len(truth & {r["id"] for r in sorted(rows, key=lambda r: -r["exact"])[:10]}) / 10)
        index_order.append(len(truth & {r["id"] for r in sorted(rows, key=lambda r: -r["score"])[:10]}) / 10)
    return {"recall_at_10": round(float(np.mean(rescored)), 4),
            "recall_at_10_index_order": round(float(np.mean(index_order)), 4), "k_index": k_index,
            "members_with_vectors": len(ids), "exact_numpy": percentiles(exact_times),
            "vector_index": percentiles(index_times)}


def vectors_kind(graph: Graph, embedder: Embedder) -> str:
    """"real" if a few members' vectors are this model's (their sentences embedded again), else "synthetic"."""
    rows = graph.query("MATCH (m:Member) WHERE m.segments IS NOT NULL AND m.embedding IS NOT NULL "
                       "RETURN m.segments AS texts, m.embedding AS v ORDER BY m.key LIMIT 5")
    if not rows:
        return "none"
    agree = []
    for row in rows:
        mean = embedder.embed([expand_abbreviations(t) for t in row["texts"]]).mean(axis=0)
        agree.append(float(np.dot(mean / np.linalg.norm(mean), np.asarray(row["v"], dtype=np.float32))))
    return "real" if float(np.mean(agree)) > 0.9 else "synthetic"


def index_config(graph: Graph) -> dict[str, Any]:
    rows = graph.query("SHOW VECTOR INDEXES YIELD name, options WHERE name = 'member_search_embedding' RETURN options")
    return rows[0]["options"]["indexConfig"] if rows else {}


def run(members: int, count: int, embeddings: str, cache_dir: Path | None, http: bool,
        compare_gc: bool = False) -> dict[str, Any]:
    settings = load_settings()
    graph = Graph.connect(settings, retry_time_s=60.0)
    migrate(graph)
    ensure_members(graph, members, embeddings, cache_dir)
    embedder = Embedder(settings.embedding_model)
    texts, warmup = queries(count), queries(20, seed=97, fixture=False)
    member_ids = [r["id"] for r in graph.query("MATCH (m:Member) RETURN m.id AS id ORDER BY m.key LIMIT 2000")]
    rng = random.Random(5)
    searchers = [rng.choice(member_ids) for _ in range(max(count, len(warmup)))]
    load_before = os.getloadavg()
    started = time.perf_counter()
    result: dict[str, Any] = {"members": MemberRepository(graph).count(), "queries": len(texts),
                              "embeddings": vectors_kind(graph, embedder)}
    result["in_process"] = in_process(graph, embedder, texts, warmup, searchers, compare_gc)
    if http:
        token = AccountService(AccountRepository(graph)).create_token(searchers[0], "search benchmark")[1]
        result["http"] = over_http(token, texts, warmup, min(100, count))
    result["vector_retrieval"] = vector_recall(graph, embedder, texts, K_INDEX)
    result["machine"] = {"cpus": os.cpu_count(), "load_average_1m_before": round(load_before[0], 2),
                         "load_average_1m_after": round(os.getloadavg()[0], 2),
                         "embedding_backend": embedder.backend, "query_embedding_backend": embedder.query_backend,
                         "member_index": index_config(graph),
                         "seconds": round(time.perf_counter() - started, 1)}
    graph.close()
    return result


def _row(r: dict[str, Any]) -> str:
    ip, vr, m = r["in_process"], r["vector_retrieval"], r["machine"]
    http = r.get("http", {})

    def pair(stats: dict[str, float] | None) -> str:
        return f"{stats['p50_ms']:.0f} / {stats['p99_ms']:.0f}" if stats else "—"

    return (f"| {r['members']:,} | {r['embeddings']} | {_query_backend(m)} | {pair(ip['search'])} "
            f"| {pair(http.get('search'))} | {pair(ip['suggestions'])} | {pair(http.get('suggestions'))} "
            f"| {vr['recall_at_10']:.3f} | {vr['recall_at_10_index_order']:.3f} | {pair(vr['vector_index'])} "
            f"| {pair(vr['exact_numpy'])} | {m['load_average_1m_before']} → {m['load_average_1m_after']} |")


def _pair(stats: dict[str, float]) -> str:
    return f"{stats['p50_ms']:.0f} / {stats['p99_ms']:.0f}"


def _query_backend(machine: dict[str, Any]) -> str:
    """How the queries were embedded (results before the query encoder used the main backend)."""
    query = machine.get("query_embedding_backend", "same")
    return machine["embedding_backend"] if query == "same" else query


def write_docs(path: Path = BENCHMARKS) -> None:
    """Replace the people-search latency table in BENCHMARKS.md with every result measured so far."""
    results = sorted((json.loads(p.read_text()) for p in RESULTS.glob("search-*.json")),
                     key=lambda r: (r["members"], r.get("machine", {}).get("embedding_backend", "")))
    results = [r for r in results if "in_process" in r]
    header = ("| members | vectors | query embedding | search in-process p50 / p99 ms | search HTTP p50 / p99 ms "
              "| suggestions in-process p50 / p99 ms | suggestions HTTP p50 / p99 ms | recall@10 "
              "| recall@10, index order | index k=100 + exact re-score p50 / p99 ms | exact NumPy p50 / p99 ms "
              "| load avg (1 min) |")
    lines = [START, "", header, "|" + "---|" * 12]
    lines += [_row(r) for r in results]
    if results:
        stages = "; ".join(
            f"{r['members']:,} ({_query_backend(r['machine'])}): "
            + ", ".join(f"{k} {v['p50_ms']:.0f} / {v['p99_ms']:.0f}" for k, v in r["in_process"]["stages"].items())
            for r in results)
        lines += ["", f"In-process stages, p50 / p99 ms — {stages}."]
        unfrozen = "; ".join(f"{r['members']:,}: {_pair(r['in_process']['search_without_gc_freeze'])} without, "
                             f"{_pair(r['in_process']['search'])} with" for r in results
                             if "search_without_gc_freeze" in r["in_process"])
        if unfrozen:
            lines += ["", ("The same searches in-process without the workers' `gc.freeze()` (timed after the "
                          f"frozen pass), p50 / p99 ms — {unfrozen}.")]
    lines += ["", END]
    text = path.read_text()
    section = "\n".join(lines)
    if START in text:
        text = re.sub(re.escape(START) + ".*?" + re.escape(END), lambda _: section, text, flags=re.DOTALL)
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--embeddings", choices=("real", "synthetic"), default="real",
                        help="vectors for members loaded now (an existing graph keeps its own)")
    parser.add_argument("--cache", type=Path, default=None, help="text-embedding cache directory for a real load")
    parser.add_argument("--no-http", action="store_true", help="skip the gunicorn measurements")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/BENCHMARKS.md")
    parser.add_argument("--compare-gc", action="store_true",
                        help="also time the in-process searches without gc.freeze (after the frozen pass)")
    args = parser.parse_args()
    result = run(args.members, args.queries, args.embeddings, args.cache, not args.no_http, args.compare_gc)
    result["command"] = "python -m bench.search " + " ".join(sys.argv[1:])
    RESULTS.mkdir(parents=True, exist_ok=True)
    backend = result["machine"]["embedding_backend"]
    name = f"search-{args.members}" + ("" if backend == "torch" else f"-{backend}")
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2))
    if not args.no_docs:
        write_docs()
    print(json.dumps(result, indent=2))
    print(_row(result))


if __name__ == "__main__":
    main()
