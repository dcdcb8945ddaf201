"""Embedding throughput: profiles/s through qnet versus sentence-transformers `encode` on the same texts.

    python -m bench.embedding --profiles 500 --rounds 3

The texts are the generated members' profile segments, exactly as qnet embeds them (role line, bio
sentences, skills, interests; abbreviations expanded). In each round, on the same machine and the
same texts, it times: the baseline (`SentenceTransformer.encode`, batch 64, normalised), qnet's
ProfileService.with_embeddings on the torch backend (segmenting, hashing, mean vectors included),
and the onnx backends. Rounds interleave the methods so a busy machine slows them alike; the median
round is reported. It also checks that each backend's vectors agree with the torch model's (cosine).
Results go to bench/results/embedding.json.

    python -m bench.embedding --search-quality [--backends torch,onnx-int8]

answers whether members embedded by a faster backend are still found by queries embedded by the
app's torch backend (what a bulk load with `qnet seed --backend onnx-int8` gives): (1) nDCG@10 and
recall@10 on the labelled people-search fixture (bench/search_eval.py), the fixture's members
imported with each backend's vectors and every query embedded by torch, through the app's search
code; (2) on generated members the fixture's queries have no labels for, how many of each query's
10 nearest members (by the member vector, as the vector index ranks them) stay the same. It needs
a scratch Neo4j (the fixture load clears the graph). Results: bench/results/embedding-search.json.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from qnet.matching.meaning.embedding import Embedder
from qnet.matching.meaning.glossary import expand_abbreviations
from qnet.matching.people.importer import ImportMemberSchema
from qnet.matching.people.profiles import ProfileInput, ProfileService
from seed.embedding_cache import SEED_BATCH, SEED_WORKERS
from seed.generator import iter_members

RESULTS = Path("bench/results")


def profiles(count: int, seed: int = 3) -> list[Any]:
    """Normalised profiles of `count` generated members (the writes qnet embeds)."""
    service = ProfileService(None, None)  # type: ignore[arg-type]  # normalising needs neither
    schema = ImportMemberSchema()
    writes = []
    for member in iter_members(count, seed):
        data = schema.load(member)
        writes.append(service.normalise(data["key"], data["email"], ProfileInput.from_dict(data)))
    return writes


def _timed(work: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def run(count: int, rounds: int, backends: list[str], seeding: list[str]) -> dict[str, Any]:
    """`qnet-B`: the app's Embedder (batch 64); `seed-B`: as `qnet seed` runs it (seed_embedder's settings)."""
    writes = profiles(count)
    texts = [expand_abbreviations(t) for w in writes for t in ProfileService.segments_of(w)]
    torch_embedder = Embedder(backend="torch")
    model = torch_embedder.model
    embedders = {f"qnet-{b}": Embedder(backend=b) for b in backends}
    embedders |= {f"seed-{b}": Embedder(backend=b, batch_size=SEED_BATCH, workers=SEED_WORKERS) for b in seeding}
    services = {name: ProfileService(None, e) for name, e in embedders.items()}  # type: ignore[arg-type]
    no_projects: dict[str, list[str]] = {w.key: [] for w in writes}
    for service in services.values():  # load and warm every model before timing anything
        service.with_embeddings(writes[:20], {}, no_projects)
    model.encode(texts[:64], batch_size=64, normalize_embeddings=True)

    seconds: dict[str, list[float]] = {"encode": []} | {name: [] for name in services}
    for _ in range(rounds):
        seconds["encode"].append(_timed(lambda: model.encode(texts, batch_size=64, normalize_embeddings=True,
                                                              show_progress_bar=False))[0])
        for name, service in services.items():
            seconds[name].append(_timed(lambda s=service: s.with_embeddings(writes, {}, no_projects))[0])

    reference = model.encode(texts, batch_size=64, normalize_embeddings=True)
    agreement = {}
    for name, embedder in embedders.items():
        vectors = embedder.embed(texts)
        cosines = (vectors * reference).sum(axis=1)
        agreement[name] = {"min": round(float(cosines.min()), 5), "mean": round(float(cosines.mean()), 5),
                              "p01": round(float(np.percentile(cosines, 1)), 5)}
    baseline = statistics.median(seconds["encode"])
    rows = {}
    for method, values in seconds.items():
        median = statistics.median(values)
        rows[method] = {"seconds": round(median, 2), "profiles_per_s": round(count / median, 1),
                        "texts_per_s": round(len(texts) / median, 1),
                        "vs_encode_pct": round((median / baseline - 1) * 100, 1), "rounds": [round(v, 2) for v in values]}
    return {"profiles": count, "texts": len(texts), "rounds": rounds, "batch_size": 64,
            "seed_batch_size": SEED_BATCH, "seed_workers": SEED_WORKERS, "results": rows,
            "cosine_vs_torch": agreement, "machine": machine()}


def search_quality(backends: list[str], generated: int) -> dict[str, Any]:
    """People search with member vectors from each backend and query vectors from torch."""
    from bench.eval_sets import people_sets
    from bench.search_eval import evaluate, load_set
    from qnet.config import load_settings
    from qnet.graph.driver import Graph
    from qnet.graph.maintenance import clear_data
    from qnet.graph.migrations import migrate
    from qnet.graph.people.search import SearchRepository
    from qnet.matching.people.search import HYBRID, SEMANTIC_ONLY, SEMANTIC_SENTENCES, PeopleSearch

    graph = Graph.connect(load_settings())
    migrate(graph)
    queries = Embedder(backend="torch")
    search = PeopleSearch(SearchRepository(graph), queries)
    fixture_scores: dict[str, Any] = {}
    for backend in backends:
        fixture = people_sets(["fixtures"])[0]
        load_set(graph, queries if backend == "torch" else Embedder(backend=backend), fixture)
        fixture_scores[backend] = {name: {k: v for k, v in asdict(evaluate(search, graph, fixture, weights)).items()
                                          if k in ("ndcg10", "recall10")}
                                   for name, weights in (("semantic_only", SEMANTIC_ONLY),
                                                         ("semantic_sentences", SEMANTIC_SENTENCES),
                                                         ("hybrid", HYBRID))}
    clear_data(graph)
    graph.close()

    # Nearest members by member vector, torch against each backend, for the fixture's query texts.
    texts = [expand_abbreviations(q.text) for q in people_sets(["fixtures"])[0].queries]
    query_vectors = queries.embed(texts)
    writes = profiles(generated)
    no_projects: dict[str, list[str]] = {w.key: [] for w in writes}
    top: dict[str, np.ndarray] = {}
    for backend in backends:
        service = ProfileService(None, queries if backend == "torch" else Embedder(backend=backend))  # type: ignore[arg-type]
        members = np.array([w.embedding for w in service.with_embeddings(writes, {}, no_projects)], dtype=np.float32)
        top[backend] = np.argsort(-(query_vectors @ members.T), axis=1)[:, :10]
    overlap = {b: round(float(np.mean([len(set(top[b][i]) & set(top["torch"][i])) / 10 for i in range(len(texts))])), 4)
               for b in backends}
    return {"fixture": fixture_scores, "queries": len(texts), "generated_members": generated,
            "top10_overlap_with_torch": overlap, "query_backend": "torch", "machine": machine()}


def machine() -> dict[str, Any]:
    import os

    load = os.getloadavg()
    return {"cpus": os.cpu_count(), "processor": platform.processor() or platform.machine(),
            "python": platform.python_version(), "load_average_1m": round(load[0], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--profiles", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--backends", default="torch,torch-bf16,onnx,onnx-int8")
    parser.add_argument("--seeding", default="torch-bf16,onnx,onnx-int8",
                        help="backends also timed as `qnet seed` runs them (batch and workers of seed_embedder)")
    parser.add_argument("--search-quality", action="store_true",
                        help="people search with member vectors from each backend, queries from torch")
    parser.add_argument("--generated", type=int, default=1000, help="generated members for the top-10 overlap")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    if args.search_quality:
        backends = ["torch"] + [b for b in args.backends.split(",") if b != "torch"]
        quality = search_quality(backends, args.generated)
        (RESULTS / "embedding-search.json").write_text(json.dumps(quality, indent=2))
        print(f"member vectors by backend, queries by torch; load average {quality['machine']['load_average_1m']}")
        print(f"{'members by':<12}{'ranking':<20}{'nDCG@10':>9}{'recall@10':>11}")
        for backend, scores in quality["fixture"].items():
            for name, row in scores.items():
                print(f"{backend:<12}{name:<20}{row['ndcg10']:>9.3f}{row['recall10']:>11.3f}")
        print(f"nearest 10 of {quality['generated_members']} generated members, same as torch's, "
              f"mean over {quality['queries']} queries: {quality['top10_overlap_with_torch']}")
        return
    result = run(args.profiles, args.rounds, args.backends.split(","), [b for b in args.seeding.split(",") if b])
    (RESULTS / "embedding.json").write_text(json.dumps(result, indent=2))
    print(f"{result['profiles']} profiles, {result['texts']} texts, median of {result['rounds']} interleaved rounds, "
          f"load average {result['machine']['load_average_1m']}")
    print(f"{'method':<16}{'seconds':>9}{'profiles/s':>12}{'texts/s':>10}{'vs encode':>11}")
    for method, row in result["results"].items():
        print(f"{method:<16}{row['seconds']:>9}{row['profiles_per_s']:>12}{row['texts_per_s']:>10}"
              f"{row['vs_encode_pct']:>+10.1f}%")
    for backend, cos in result["cosine_vs_torch"].items():
        print(f"cosine vs torch encode, {backend}: min {cos['min']}, 1st percentile {cos['p01']}, mean {cos['mean']}")


if __name__ == "__main__":
    main()
