"""Duplicate-idea detection on a paraphrase fixture: recall@2 of GET /api/v1/ideas/{id}/similar.

    python -m bench.idea_similarity_eval [--fixture PATH] [--out bench/results/idea_similarity_eval.json]
    python -m bench.idea_similarity_eval --offline-only [--fixture PATH] [--model PATH]   # no Neo4j

Every idea of the fixture (tests/fixtures/idea_duplicates_eval.json by default, or
tests/fixtures/idea_duplicates_dev2.json: groups of three paraphrases that share few words, plus
hard-negative distractors on the same topics) is posted through POST /api/v1/ideas with its title,
summary and topics. Then, for each grouped idea, GET /api/v1/ideas/{id}/similar is asked for its
first two ideas; recall@2 is the share of the two other ideas of its group found there, averaged over
all grouped ideas. `both@2` is the stricter share of ideas whose first two results are exactly their
two partners. The vectors the app stored (the idea space: three encoders weighted 2 : 1 : 1) are then
ranked again by `IdeaSpace` in the other weightings of the same encoders (MiniLM alone, which qnet
used before; equal weights; people search's weights), so the spaces are compared on exactly the vectors the API
ranked. The graph is cleared first: run it against a scratch database (the test server), never
against real data.

The offline ablation embeds the same texts (qnet's `idea_text`, in one batch) in the idea space and
ranks them with `IdeaSpace`, switching its corrections on one by one, and lists the pairs of
paraphrases that are each other's first similar idea in the idea space but not with MiniLM alone.
`--model` names another local sentence-transformers model for it instead (e.g. all-mpnet-base-v2,
which the API cannot use: its indexes hold the idea space's 1,152 dimensions).
"""

from __future__ import annotations

import argparse
import json
import os
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from statistics import mean
from typing import Any

import numpy as np
from flask.testing import FlaskClient

from bench.accounts import signed_in_member
from qnet.matching.knowledge.similar_work import idea_text
from qnet.matching.knowledge.similar_work_ranking import IdeaSpace, speaks_first_person
from qnet.matching.meaning.search_space import IDEA_PARTS, PARTS, Part, first_block, reweigh
from qnet.matching.people.skills import normalise_topic

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"
FIXTURE = FIXTURES / "idea_duplicates_eval.json"
DEV2 = FIXTURES / "idea_duplicates_dev2.json"
AUTHORS = 5
PASSWORD = "evaluation-password-2026"
ABLATION: list[tuple[str, dict[str, Any]]] = [
    ("cosine", {"remove_voice": False, "hub_weight": 0.0, "support_weight": 0.0}),
    ("+ voice removed", {"remove_voice": True, "hub_weight": 0.0, "support_weight": 0.0}),
    ("+ hubness (CSLS)", {"remove_voice": True, "support_weight": 0.0}),
    ("+ shared neighbours (qnet)", {}),
]
# The same stored (idea-space) vectors in each weighting of the encoders, ranked by IdeaSpace.
EQUAL_PARTS = tuple(Part(p.name, 1.0) for p in IDEA_PARTS)
WEIGHTINGS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "all-MiniLM-L6-v2 alone (before)": lambda v: first_block(v, IDEA_PARTS),
    "three, people search's weights 1 : 2.2 : 5.7": lambda v: reweigh(v, IDEA_PARTS, PARTS),
    "three, equal weights": lambda v: reweigh(v, IDEA_PARTS, EQUAL_PARTS),
    "three, 2 : 1 : 1 (qnet's idea space)": lambda v: v,
}


def load_fixture(path: Path = FIXTURE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def fixture_items(fixture: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, group, idea) in fixture order: key 'g01/0' for a group's ideas, 'distractor/7' for the others
    (group '')."""
    items = [(f"{g['id']}/{n}", g["id"], idea) for g in fixture["groups"] for n, idea in enumerate(g["ideas"])]
    return items + [(f"distractor/{n}", "", idea) for n, idea in enumerate(fixture["distractors"])]


def _author(client: FlaskClient, n: int) -> dict[str, str]:
    """One author, signed in through the API; the CSRF header for their session."""
    profile = {"name": f"Evaluation Author {n}", "role": "improvement adviser", "region": "Midlands",
               "bio": "", "skills": [], "interests": []}
    body = signed_in_member(client, f"idea-eval-{n}-{uuid.uuid4().hex[:6]}@example.org", PASSWORD, profile)
    return {"X-CSRF-Token": body["csrf_token"]}


def post_fixture(new_client: Callable[[], FlaskClient], fixture: dict[str, Any]
                 ) -> tuple[dict[str, tuple[str, str]], FlaskClient, dict[str, str]]:
    """Post every idea through the API; return idea id -> (fixture key, group id; '' for distractors)."""
    authors = [(client, _author(client, n)) for n, client in enumerate(new_client() for _ in range(AUTHORS))]
    posted: dict[str, tuple[str, str]] = {}
    for n, (key, group, idea) in enumerate(fixture_items(fixture)):
        client, headers = authors[n % AUTHORS]
        body = {"title": idea["title"], "summary": idea["summary"], "topics": idea["topics"]}
        response = client.post("/api/v1/ideas", json=body, headers=headers)
        assert response.status_code == 201, response.get_json()
        posted[response.get_json()["id"]] = (key, group)
    return posted, authors[0][0], authors[0][1]


def score(firsts: dict[str, list[str]], group_of: dict[str, str]) -> dict[str, float]:
    """recall@2 and both@2 of each grouped idea's first two results (ids or keys alike)."""
    recalls, both = [], []
    for item, top in firsts.items():
        partners = {other for other, g in group_of.items() if g == group_of[item] and other != item}
        hits = len(partners & set(top[:2]))
        recalls.append(hits / len(partners))
        both.append(1.0 if hits == len(partners) else 0.0)
    return {"recall_at_2": round(mean(recalls), 4), "both_at_2": round(mean(both), 4), "queries": len(recalls)}


def api_firsts(client: FlaskClient, posted: dict[str, tuple[str, str]]) -> dict[str, list[str]]:
    """Each grouped idea's first two similar ideas from the API, as fixture keys."""
    firsts = {}
    for idea_id, (key, group) in posted.items():
        if not group:
            continue
        response = client.get(f"/api/v1/ideas/{idea_id}/similar?limit=2")
        assert response.status_code == 200, response.get_json()
        firsts[key] = [posted[item["id"]][0] for item in response.get_json()["ideas"][:2]]
    return firsts


def ranked_firsts(keys: list[str], vectors: np.ndarray, voices: list[bool], queries: list[str],
                  **options: Any) -> dict[str, list[str]]:
    """Each query's first two ideas by IdeaSpace over these vectors (as the app ranks)."""
    space = IdeaSpace(keys, vectors, voices, **options)
    position = {key: n for n, key in enumerate(keys)}
    return {key: [r.id for r in space.rank(vectors[position[key]], limit=2, query_id=key)] for key in queries}


def stored_weightings(services: Any, posted: dict[str, tuple[str, str]]) -> dict[str, dict[str, Any]]:
    """The vectors the app stored, ranked by IdeaSpace in each weighting of the encoders: built as
    SimilarWork builds it (ideas in id order, ties broken by id), so the idea space's row is the API's."""
    from qnet.graph.knowledge.similar_work import IdeaSearchRepository

    stored = sorted(IdeaSearchRepository(services.graph).idea_vectors(list(posted)), key=lambda row: row.id)
    ids = [row.id for row in stored]
    vectors = np.asarray([row.embedding for row in stored], dtype=np.float32)
    voices = [speaks_first_person(row.text) for row in stored]
    group_of = {posted[i][0]: posted[i][1] for i in ids}
    queries = [i for i in ids if posted[i][1]]
    out = {}
    for name, weigh in WEIGHTINGS.items():
        by_id = ranked_firsts(ids, weigh(vectors), voices, queries)
        firsts = {posted[i][0]: [posted[j][0] for j in top] for i, top in by_id.items()}
        out[name] = score(firsts, group_of) | {"firsts": firsts}
    return out


def run(app: Any, fixture_path: Path = FIXTURE) -> dict[str, Any]:
    """Post the fixture through `app` and measure; the app's graph must be a scratch one."""
    from qnet.graph.maintenance import clear_data
    from qnet.matching.knowledge.similar_work import WorkEmbedder

    services = app.extensions["qnet"]
    clear_data(services.graph)
    started = time.perf_counter()
    fixture = load_fixture(fixture_path)
    posted, client, _ = post_fixture(app.test_client, fixture)
    done_posting = time.perf_counter()
    firsts = api_firsts(client, posted)
    done_querying = time.perf_counter()
    group_of = {key: group for key, group in posted.values()}
    results: dict[str, Any] = score(firsts, group_of)
    results.update({
        "fixture": fixture_path.name,
        "model": services.embedder.model_name,
        "space": WorkEmbedder(services.embedder).space.name,
        "ranking": "IdeaSpace: voice-neutral cosine, hubness (CSLS), shared neighbours",
        "ideas_posted": len(posted),
        "groups": len(fixture["groups"]),
        "distractors": len(fixture["distractors"]),
        "seconds_posting": round(done_posting - started, 1),
        "seconds_querying": round(done_querying - done_posting, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "firsts": firsts,
        "stored_vectors": stored_weightings(services, posted),
    })
    clear_data(services.graph)
    return results


def offline_ablation(fixture: dict[str, Any], encode: Callable[[list[str]], np.ndarray],
                     weightings: bool = True) -> dict[str, Any]:
    """recall@2 and both@2 of each ranking variant on the fixture's texts, without the graph; with
    `weightings` (the idea space's vectors), also each weighting's full ranking and the pairs of
    paraphrases that are each other's first in the idea space but not with MiniLM alone."""
    items = fixture_items(fixture)
    keys = [key for key, _, _ in items]
    group_of = {key: group for key, group, _ in items}
    queries = [key for key in keys if group_of[key]]
    texts = [idea_text(i["title"], i["summary"], "", [normalise_topic(t)[1] for t in i["topics"]]) for _, _, i in items]
    vectors = encode(texts)
    voices = [speaks_first_person(f"{i['title']} {i['summary']}") for _, _, i in items]
    rows = [{"ranking": name, **score(ranked_firsts(keys, vectors, voices, queries, **options), group_of)}
            for name, options in ABLATION]
    out: dict[str, Any] = {"rows": rows}
    if weightings:
        firsts = {name: ranked_firsts(keys, weigh(vectors), voices, queries) for name, weigh in WEIGHTINGS.items()}
        out["weightings"] = {name: score(f, group_of) for name, f in firsts.items()}
        ours, before = firsts["three, 2 : 1 : 1 (qnet's idea space)"], firsts["all-MiniLM-L6-v2 alone (before)"]
        out["pairs_only_the_idea_space_finds"] = [
            [a, b] for a in queries for b in queries
            if a < b and group_of[a] == group_of[b] and ours[a][0] == b and ours[b][0] == a
            and before[a][0] != b and before[b][0] != a]
    return out


def _encoder(model: str | None) -> tuple[str, Callable[[list[str]], np.ndarray]]:
    """The app's idea space, or another local sentence-transformers model for the offline ablation."""
    if model is None:
        from qnet.config import load_settings
        from qnet.matching.knowledge.similar_work import WorkEmbedder
        from qnet.services import build_embedder

        work = WorkEmbedder(build_embedder(load_settings()))
        return work.space.name, work.embed
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(model, device="cpu")
    return model, lambda texts: np.asarray(st.encode(texts, normalize_embeddings=True, batch_size=32))


def main() -> None:
    from qnet.config import load_settings
    from qnet.web import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fixture", type=Path, default=FIXTURE, help="the paraphrase fixture (JSON)")
    parser.add_argument("--out", type=Path, default=None,
                        help="where the JSON goes [default: bench/results/idea_similarity_eval[-<fixture>].json]")
    parser.add_argument("--offline-only", action="store_true", help="only the offline ablation (no Neo4j)")
    parser.add_argument("--model", help="a local sentence-transformers model for the offline ablation")
    args = parser.parse_args()
    suffix = "" if args.fixture.resolve() == FIXTURE else "-" + args.fixture.stem.replace("idea_duplicates_", "")
    out_path = args.out or Path(__file__).parent / "results" / f"idea_similarity_eval{suffix}.json"
    load_before = round(os.getloadavg()[0], 2)
    results: dict[str, Any] = {}
    if not args.offline_only:
        results = run(create_app(load_settings(), {"TESTING": True}), args.fixture)
    model, encode = _encoder(args.model)
    results["offline_ablation"] = {"encoder": model, **offline_ablation(load_fixture(args.fixture), encode,
                                                                        weightings=args.model is None)}
    results["load_average_1m_before_after"] = [load_before, round(os.getloadavg()[0], 2)]
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"{args.fixture.name}; load average (1 min) before/after: {results['load_average_1m_before_after']}")
    if "recall_at_2" in results:
        print(f"API ({results['space']}): recall@2 = {results['recall_at_2']:.3f}, both@2 = {results['both_at_2']:.3f}"
              f" over {results['queries']} queries; posting {results['seconds_posting']} s, querying"
              f" {results['seconds_querying']} s")
        print("\nthe stored vectors, ranked by IdeaSpace in each weighting:\n| vectors | recall@2 | both@2 |\n|---|---|---|")
        for name, row in results["stored_vectors"].items():
            print(f"| {name} | {row['recall_at_2']:.3f} | {row['both_at_2']:.3f} |")
    offline = results["offline_ablation"]
    print(f"\noffline ablation ({model}, one batch):\n| ranking | recall@2 | both@2 |\n|---|---|---|")
    for row in offline["rows"]:
        print(f"| {row['ranking']} | {row['recall_at_2']:.3f} | {row['both_at_2']:.3f} |")
    for name, row in offline.get("weightings", {}).items():
        print(f"| {name}, full ranking | {row['recall_at_2']:.3f} | {row['both_at_2']:.3f} |")
    if offline.get("pairs_only_the_idea_space_finds") is not None:
        print(f"pairs each other's first in the idea space, not with MiniLM alone: {offline['pairs_only_the_idea_space_finds']}")
    print(f"wrote {out_path}")


if __name__ == "__main__":
    main()
