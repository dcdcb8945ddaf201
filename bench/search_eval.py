"""Search quality on every relevance set: nDCG@10, recall@10 and MRR of lexical-only, semantic-only,
semantic with sentences and qnet's hybrid, through the same code path as GET /api/v1/search/people,
beside each encoder's plain cosine and their ensemble (bench/encoder_eval.py, offline, cached).

    python -m bench.search_eval                # both sets: tests/fixtures and ../shared/eval
    python -m bench.search_eval --sets fixtures --per-query    # one set, with a table per query

Each set's members are imported with `qnet import members`' code (clearing the graph first), so
run it against a scratch database (your test server), never against real data. ../shared/eval is a
test set: it is reported, never tuned on.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from statistics import mean

from bench.encoder_eval import CachedSpace
from bench.eval_sets import PeopleSet, people_sets
from qnet.config import load_settings
from qnet.core.filters import SearchFilters
from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.graph.migrations import migrate
from qnet.graph.people.profiles import MemberRepository
from qnet.graph.people.search import SearchRepository
from qnet.matching.evaluation import ndcg_at, recall_at
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.people.importer import ImportMemberSchema, MemberImporter
from qnet.matching.people.profiles import ProfileService
from qnet.matching.people.search import (
    HYBRID,
    LEXICAL_ONLY,
    SEMANTIC_ONLY,
    SEMANTIC_SENTENCES,
    PeopleQuery,
    PeopleSearch,
    Weights,
)

SEARCHER = "evaluation-searcher"  # not a member: no graph proximity
RANKINGS = (("lexical_only", LEXICAL_ONLY), ("semantic_only", SEMANTIC_ONLY),
            ("semantic_sentences", SEMANTIC_SENTENCES), ("hybrid", HYBRID))


@dataclass
class Scores:
    ndcg10: float
    recall10: float
    mrr: float
    per_query: dict[str, float] = field(default_factory=dict)  # query id -> nDCG@10
    missed: dict[str, dict[str, int]] = field(default_factory=dict)  # query id -> relevant members not in the top 10
    weak: list[str] = field(default_factory=list)  # queries answered "no close matches"


def load_set(graph: Graph, embedder: Embedder, people: PeopleSet) -> None:
    clear_data(graph)
    importer = MemberImporter(ProfileService(MemberRepository(graph), embedder), ImportMemberSchema().load)
    report = importer.run(enumerate(people.members, start=1))
    assert report.ok, report.rejected


def evaluate(search: PeopleSearch, graph: Graph, people: PeopleSet, weights: Weights) -> Scores:
    ids_to_keys = {r["id"]: r["key"] for r in graph.query("MATCH (m:Member) RETURN m.id AS id, m.key AS key")}
    ndcgs, recalls, mrrs, per_query, missed, weak = [], [], [], {}, {}, []
    for case in people.queries:
        filters = SearchFilters(region=case.filters.get("region"), role=case.filters.get("role"))
        page = search.search(PeopleQuery(case.text, SEARCHER, filters, limit=10), weights)
        if not page.results:
            weak.append(case.qid)
        ranked = [ids_to_keys[r.member.id] for r in page.results or page.weak_matches]
        ndcgs.append(ndcg_at(ranked, case.relevant))
        recalls.append(recall_at(ranked, case.relevant))
        mrrs.append(next((1 / (n + 1) for n, key in enumerate(ranked) if case.relevant.get(key, 0) > 0), 0.0))
        per_query[case.qid] = round(ndcgs[-1], 3)
        missed[case.qid] = {key: grade for key, grade in case.relevant.items() if key not in ranked}
    return Scores(round(mean(ndcgs), 4), round(mean(recalls), 4), round(mean(mrrs), 4), per_query, missed, weak)


def run(sets: list[str] | None = None) -> dict:
    settings = load_settings()
    graph = Graph.connect(settings)
    migrate(graph)
    embedder = Embedder(settings.embedding_model)
    embedder.use_search_space(CachedSpace(settings.home))  # the same vectors, from bench/encoder_eval's cache
    search = PeopleSearch(SearchRepository(graph), embedder)
    out: dict = {"model": embedder.search_space.name, "sets": {}}
    for people in people_sets(sets):
        started = time.perf_counter()
        load_set(graph, embedder, people)
        results: dict = {name: asdict(evaluate(search, graph, people, weights)) for name, weights in RANKINGS}
        best_semantic = max(results[n]["ndcg10"] for n in ("semantic_only", "semantic_sentences"))
        results["hybrid_gain_over_best_semantic"] = round(results["hybrid"]["ndcg10"] / best_semantic - 1, 4)
        results["members"] = len(people.members)
        results["queries"] = len(people.queries)
        results["seconds"] = round(time.perf_counter() - started, 1)
        results["load_average_1m"] = round(os.getloadavg()[0], 2)
        out["sets"][people.name] = results
    clear_data(graph)
    graph.close()
    return out


def print_per_query(name: str, results: dict, people: PeopleSet) -> None:
    """nDCG@10 of each ranking per query, with the relevant members (grade) hybrid leaves out of its top 10."""
    print(f"\n{name}\n{'query':<6}{'lexical':>8}{'semantic':>9}{'hybrid':>8}  hybrid misses  text")
    for case in people.queries:
        qid = case.qid
        missed = " ".join(f"{key}({grade})" for key, grade in results["hybrid"]["missed"][qid].items()) or "-"
        print(f"{qid:<6}{results['lexical_only']['per_query'][qid]:>8.3f}{results['semantic_only']['per_query'][qid]:>9.3f}"
              f"{results['hybrid']['per_query'][qid]:>8.3f}  {missed:<14} {case.text[:70]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default="fixtures,dev2,shared", help="any of fixtures, dev2 (development) and shared (test)")
    parser.add_argument("--per-query", action="store_true")
    parser.add_argument("--no-encoders", action="store_true", help="skip the offline per-encoder table")
    args = parser.parse_args()
    names = args.sets.split(",")
    results = run(names)
    if not args.no_encoders:
        from bench.encoder_eval import run as encoders_run

        results["encoders"] = encoders_run(["all-MiniLM-L6-v2", "bge-small-en-v1.5-q", "e5-small-v2-q"],
                                           load_settings().home)
    for people in people_sets(names):
        table = results["sets"][people.name]
        if args.per_query:
            print_per_query(people.name, table, people)
        print(f"\n{people.name}: {table['members']} members, {table['queries']} queries")
        print(f"{'ranking':<40}{'nDCG@10':>9}{'recall@10':>11}{'MRR':>7}")
        for name, row in (results.get("encoders", {}).get("people", {}).get(people.name, {})).items():
            print(f"{'offline ' + name:<40}{row['ndcg10']:>9.3f}{row['recall10']:>11.3f}{row['mrr']:>7.3f}")
        for name, _ in RANKINGS:
            row = table[name]
            print(f"{name:<40}{row['ndcg10']:>9.3f}{row['recall10']:>11.3f}{row['mrr']:>7.3f}")
        print(f"hybrid vs best semantic ranking: {table['hybrid_gain_over_best_semantic']:+.1%}; "
              f"'no close matches' for {len(table['hybrid']['weak'])} queries: {table['hybrid']['weak']}")
    out = Path("bench/results")
    out.mkdir(parents=True, exist_ok=True)
    (out / "search_eval.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
