"""Search quality on the labelled fixture: nDCG@10 and recall@10 for lexical-only, semantic-only
and qnet's hybrid ranking, through the same code path as GET /api/v1/search/people.

    python -m bench.search_eval            # uses the test Neo4j settings from the environment
    python -m bench.search_eval --per-query    # also a table per query: where each ranking loses

The fixture's members are imported with `qnet import members`' code (clearing the graph first), so
run it against a scratch database (the test server), never against real data.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import mean

from qnet.config import load_settings
from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.graph.members import MemberRepository
from qnet.graph.migrations import migrate
from qnet.graph.search import SearchRepository
from qnet.matching.embedding import Embedder
from qnet.matching.evaluation import ndcg_at, recall_at
from qnet.matching.importer import MemberImporter
from qnet.matching.profiles import ProfileService
from qnet.matching.search import (
    HYBRID,
    LEXICAL_ONLY,
    SEMANTIC_ONLY,
    SEMANTIC_SENTENCES,
    PeopleQuery,
    PeopleSearch,
    Weights,
)
from qnet.web.schemas.members import ImportMemberSchema

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "people_search_eval.json"
SEARCHER = "evaluation-searcher"  # not a member: no graph proximity


@dataclass
class Scores:
    ndcg10: float
    recall10: float
    per_query: dict[str, float] = field(default_factory=dict)  # query id -> nDCG@10
    missed: dict[str, dict[str, int]] = field(default_factory=dict)  # query id -> relevant members not in the top 10


def load_fixture(graph: Graph, embedder: Embedder, path: Path = FIXTURE) -> dict:
    fixture = json.loads(path.read_text())
    clear_data(graph)
    importer = MemberImporter(ProfileService(MemberRepository(graph), embedder), ImportMemberSchema().load)
    report = importer.run(enumerate(fixture["members"], start=1))
    assert report.ok, report.rejected
    return fixture


def evaluate(search: PeopleSearch, graph: Graph, fixture: dict, weights: Weights) -> Scores:
    ids_to_keys = {r["id"]: r["key"] for r in graph.query("MATCH (m:Member) RETURN m.id AS id, m.key AS key")}
    ndcgs, recalls, per_query, missed = [], [], {}, {}
    for query in fixture["queries"]:
        page = search.search(PeopleQuery(query["text"], SEARCHER, limit=10), weights)
        ranked = [ids_to_keys[r.member.id] for r in page.results]
        ndcgs.append(ndcg_at(ranked, query["relevant"]))
        recalls.append(recall_at(ranked, query["relevant"]))
        per_query[query["id"]] = round(ndcgs[-1], 3)
        missed[query["id"]] = {key: grade for key, grade in query["relevant"].items() if key not in ranked}
    return Scores(round(mean(ndcgs), 4), round(mean(recalls), 4), per_query, missed)


def run() -> dict:
    settings = load_settings()
    graph = Graph.connect(settings)
    migrate(graph)
    embedder = Embedder(settings.embedding_model)
    started = time.perf_counter()
    fixture = load_fixture(graph, embedder)
    search = PeopleSearch(SearchRepository(graph), embedder)
    results = {name: asdict(evaluate(search, graph, fixture, weights))
               for name, weights in (("lexical_only", LEXICAL_ONLY), ("semantic_only", SEMANTIC_ONLY),
                                     ("semantic_sentences", SEMANTIC_SENTENCES), ("hybrid", HYBRID))}
    best_single = max(results["lexical_only"]["ndcg10"], results["semantic_only"]["ndcg10"])
    results["hybrid_gain_over_best_single"] = round(results["hybrid"]["ndcg10"] / best_single - 1, 4)
    best_semantic = max(best_single, results["semantic_sentences"]["ndcg10"])
    results["hybrid_gain_over_best_semantic"] = round(results["hybrid"]["ndcg10"] / best_semantic - 1, 4)
    results["members"] = len(fixture["members"])
    results["queries"] = len(fixture["queries"])
    results["seconds"] = round(time.perf_counter() - started, 1)
    results["load_average_1m"] = round(os.getloadavg()[0], 2)
    results["model"] = settings.embedding_model
    clear_data(graph)
    graph.close()
    return results


def print_per_query(results: dict, fixture_path: Path = FIXTURE) -> None:
    """nDCG@10 of each ranking per query, with the relevant members (grade) hybrid leaves out of its top 10."""
    texts = {q["id"]: q["text"] for q in json.loads(fixture_path.read_text())["queries"]}
    print(f"{'query':<6}{'lexical':>8}{'semantic':>9}{'hybrid':>8}  hybrid misses  text")
    for qid, text in texts.items():
        missed = " ".join(f"{key}({grade})" for key, grade in results["hybrid"]["missed"][qid].items()) or "-"
        print(f"{qid:<6}{results['lexical_only']['per_query'][qid]:>8.3f}{results['semantic_only']['per_query'][qid]:>9.3f}"
              f"{results['hybrid']['per_query'][qid]:>8.3f}  {missed:<14} {text[:70]}")


def main() -> None:
    results = run()
    if "--per-query" in sys.argv[1:]:
        print_per_query(results)
    print(f"{'ranking':<15}{'nDCG@10':>10}{'recall@10':>12}")
    for name in ("lexical_only", "semantic_only", "semantic_sentences", "hybrid"):
        print(f"{name:<15}{results[name]['ndcg10']:>10.3f}{results[name]['recall10']:>12.3f}")
    print(f"hybrid vs best single index: {results['hybrid_gain_over_best_single']:+.1%}; "
          f"vs best semantic ranking: {results['hybrid_gain_over_best_semantic']:+.1%}")
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "search_eval.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
