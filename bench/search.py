"""Search and suggestion latency, and vector-retrieval recall against exact cosine, at N members.

    QNET_NEO4J_HOME=~/.qnet/neo4j-bench QNET_BOLT_PORT=7696 python -m bench.search --members 10000

Loads N seeded members if the graph holds fewer (through `qnet seed`'s loader), then reports in one
run: people-search p50/p99 in-process and over HTTP (gunicorn in a separate process), suggestion
p50/p99, and recall@10 of the vector index against exact brute-force cosine in NumPy over the same
vectors, whose time per query is the baseline. Results go to bench/results/search-N.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import numpy as np

from qnet.config import load_settings
from qnet.graph.driver import Graph
from qnet.graph.members import MemberRepository
from qnet.graph.migrations import migrate
from qnet.graph.search import SearchRepository
from qnet.graph.suggestions import SuggestionRepository
from qnet.matching.accounts import AccountService
from qnet.graph.accounts import AccountRepository
from qnet.matching.embedding import Embedder
from qnet.matching.glossary import expand_abbreviations
from qnet.matching.search import PeopleQuery, PeopleSearch
from qnet.matching.skills import taxonomy
from qnet.matching.suggestions import ConnectionSuggestions
from seed import vocabulary

RESULTS = Path("bench/results")
FIXTURE = Path("tests/fixtures/people_search_eval.json")


def queries(count: int, seed: int = 11) -> list[str]:
    """Realistic queries: the labelled fixture's, then skill-and-topic requests in varied wording."""
    rng = random.Random(seed)
    texts = [q["text"] for q in json.loads(FIXTURE.read_text())["queries"]]
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


def ensure_members(graph: Graph, embedder: Embedder, members: int) -> None:
    have = MemberRepository(graph).count()
    if have >= members:
        return
    from qnet.web.schemas.members import ImportMemberSchema
    from seed.loader import load_demo

    print(f"loading {members} members (have {have}) ...", file=sys.stderr)
    load_demo(graph, embedder, ImportMemberSchema().load, members=members, batch_size=1000)


def vector_recall(graph: Graph, embedder: Embedder, texts: list[str], k_index: int) -> dict[str, float]:
    """Recall@10 of qnet's vector retrieval (top 10 of the index's k results) against exact cosine."""
    rows = graph.query("MATCH (m:Member) WHERE m.embedding IS NOT NULL RETURN m.id AS id, m.embedding AS v")
    ids = [r["id"] for r in rows]
    matrix = np.asarray([r["v"] for r in rows], dtype=np.float32)
    del rows
    vectors = embedder.embed([expand_abbreviations(t) for t in texts])
    recalls, exact_times, index_times = [], [], []
    for vector in vectors:
        started = time.perf_counter()
        exact = np.argpartition(-(matrix @ vector), 10)[:10]
        exact_times.append(time.perf_counter() - started)
        truth = {ids[i] for i in exact}
        started = time.perf_counter()
        found = graph.query(
            "CALL db.index.vector.queryNodes('member_embedding', $k, $v) YIELD node, score "
            "RETURN node.id AS id ORDER BY score DESC LIMIT 10", k=k_index, v=vector.tolist())
        index_times.append(time.perf_counter() - started)
        recalls.append(len(truth & {r["id"] for r in found}) / 10)
    return {"recall_at_10": round(float(np.mean(recalls)), 4), "k_index": k_index,
            "exact_numpy": percentiles(exact_times), "vector_index": percentiles(index_times)}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def http_latency(token: str, texts: list[str], member_ids: list[str]) -> dict[str, dict[str, float]]:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "4",
         "--timeout", "120", "qnet.web:create_app()"],
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
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            return time.perf_counter() - started

        for text in texts[:10]:  # warm-up: the model and connection pool
            timed("/api/v1/search/people?" + urllib.parse.urlencode({"q": text}))
        search = [timed("/api/v1/search/people?" + urllib.parse.urlencode({"q": t})) for t in texts]
        suggestions = [timed("/api/v1/members/me/suggestions") for _ in member_ids]
        return {"search": percentiles(search), "suggestions": percentiles(suggestions)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(members: int, count: int) -> dict:
    settings = load_settings()
    graph = Graph.connect(settings)
    migrate(graph)
    embedder = Embedder(settings.embedding_model)
    ensure_members(graph, embedder, members)
    texts = queries(count)
    search = PeopleSearch(SearchRepository(graph), embedder)
    suggestions = ConnectionSuggestions(SuggestionRepository(graph))
    member_ids = [r["id"] for r in graph.query("MATCH (m:Member) RETURN m.id AS id ORDER BY m.key LIMIT 2000")]
    rng = random.Random(5)
    searchers = [rng.choice(member_ids) for _ in texts]
    for text in texts[:10]:
        search.search(PeopleQuery(text, searchers[0]))
    in_process = []
    for text, searcher in zip(texts, searchers):
        started = time.perf_counter()
        search.search(PeopleQuery(text, searcher))
        in_process.append(time.perf_counter() - started)
    suggest_times = []
    for member_id in searchers[:100]:
        started = time.perf_counter()
        suggestions.suggest(member_id)
        suggest_times.append(time.perf_counter() - started)
    accounts = AccountService(AccountRepository(graph))
    _, token = accounts.create_token(searchers[0], "benchmark")
    result = {
        "members": MemberRepository(graph).count(),
        "queries": len(texts),
        "search_in_process": percentiles(in_process),
        "suggestions_in_process": percentiles(suggest_times),
        "http": http_latency(token, texts, searchers[:100]),
        "vector_retrieval": vector_recall(graph, embedder, texts, k_index=100),
        "machine": f"{os.cpu_count()} cores",
    }
    graph.close()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=10000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    result = run(args.members, args.queries)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"search-{args.members}.json").write_text(json.dumps(result, indent=2))
    vr = result["vector_retrieval"]
    print(f"members {result['members']}, queries {result['queries']}")
    print(f"{'measure':<34}{'p50 ms':>9}{'p99 ms':>9}")
    for name, stats in (("search, in-process", result["search_in_process"]),
                        ("search, HTTP (gunicorn)", result["http"]["search"]),
                        ("suggestions, in-process", result["suggestions_in_process"]),
                        ("suggestions, HTTP (gunicorn)", result["http"]["suggestions"]),
                        ("vector index top-10 (k=100)", vr["vector_index"]),
                        ("baseline: exact NumPy top-10", vr["exact_numpy"])):
        print(f"{name:<34}{stats['p50_ms']:>9.1f}{stats['p99_ms']:>9.1f}")
    print(f"recall@10 of vector retrieval vs exact cosine: {vr['recall_at_10']:.3f}")


if __name__ == "__main__":
    main()
