"""Duplicate-idea detection on the paraphrase fixture: recall@2 of GET /api/v1/ideas/{id}/similar.

    python -m bench.idea_similarity_eval [--out bench/results/idea_similarity_eval.json]
    python -m bench.idea_similarity_eval --offline-only [--model PATH]   # ablation only, no Neo4j

Every idea of tests/fixtures/idea_duplicates_eval.json (groups of three paraphrases that share few
words, plus hard-negative distractors on the same topics) is posted through POST /api/v1/ideas with
its title, summary and topics. Then, for each grouped idea, GET /api/v1/ideas/{id}/similar is asked
for its first two ideas; recall@2 is the share of the two other ideas of its group found there,
averaged over all grouped ideas. `both@2` is the stricter share of ideas whose first two results are
exactly their two partners. The graph is cleared first: run it against a scratch
database (the test server), never against real data.

The offline ablation embeds the same texts (qnet's `idea_text`) and ranks them with `IdeaSpace`,
switching its corrections on one by one; `--model` names another local sentence-transformers model
for it (e.g. all-mpnet-base-v2, which the API cannot use: its indexes hold 384 dimensions).
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
from qnet.matching.people.skills import normalise_topic

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "idea_duplicates_eval.json"
AUTHORS = 5
PASSWORD = "evaluation-password-2026"
ABLATION: list[tuple[str, dict[str, Any]]] = [
    ("cosine", {"remove_voice": False, "hub_weight": 0.0, "support_weight": 0.0}),
    ("+ voice removed", {"remove_voice": True, "hub_weight": 0.0, "support_weight": 0.0}),
    ("+ hubness (CSLS)", {"remove_voice": True, "support_weight": 0.0}),
    ("+ shared neighbours (qnet)", {}),
]


def load_fixture(path: Path = FIXTURE) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def _author(client: FlaskClient, n: int) -> dict[str, str]:
    """One author, signed in through the API; the CSRF header for their session."""
    profile = {"name": f"Evaluation Author {n}", "role": "improvement adviser", "region": "Midlands",
               "bio": "", "skills": [], "interests": []}
    body = signed_in_member(client, f"idea-eval-{n}-{uuid.uuid4().hex[:6]}@example.org", PASSWORD, profile)
    return {"X-CSRF-Token": body["csrf_token"]}


def post_fixture(new_client: Callable[[], FlaskClient], fixture: dict[str, Any]) -> tuple[dict[str, str], FlaskClient, dict[str, str]]:
    """Post every idea through the API; return idea id -> group id ('' for distractors)."""
    authors = [(client, _author(client, n)) for n, client in enumerate(new_client() for _ in range(AUTHORS))]
    items = [(g["id"], idea) for g in fixture["groups"] for idea in g["ideas"]]
    items += [("", idea) for idea in fixture["distractors"]]
    group_of: dict[str, str] = {}
    for n, (group, idea) in enumerate(items):
        client, headers = authors[n % AUTHORS]
        body = {"title": idea["title"], "summary": idea["summary"], "topics": idea["topics"]}
        response = client.post("/api/v1/ideas", json=body, headers=headers)
        assert response.status_code == 201, response.get_json()
        group_of[response.get_json()["id"]] = group
    return group_of, authors[0][0], authors[0][1]


def recall_at_2(client: FlaskClient, group_of: dict[str, str]) -> dict[str, float]:
    """Recall@2 (and both@2) of the similar-ideas endpoint over every grouped idea."""
    recalls: list[float] = []
    both: list[float] = []
    for idea_id, group in group_of.items():
        if not group:
            continue
        response = client.get(f"/api/v1/ideas/{idea_id}/similar?limit=2")
        assert response.status_code == 200, response.get_json()
        top = [item["id"] for item in response.get_json()["ideas"][:2]]
        partners = {other for other, g in group_of.items() if g == group and other != idea_id}
        hits = len(partners & set(top))
        recalls.append(hits / len(partners))
        both.append(1.0 if hits == len(partners) else 0.0)
    return {"recall_at_2": round(mean(recalls), 4), "both_at_2": round(mean(both), 4), "queries": len(recalls)}


def offline_ablation(fixture: dict[str, Any], encode: Callable[[list[str]], np.ndarray]) -> list[dict[str, Any]]:
    """recall@2 and both@2 of each ranking variant on the fixture's texts, without the graph."""
    items = [(g["id"], idea) for g in fixture["groups"] for idea in g["ideas"]] + [("", i) for i in fixture["distractors"]]
    texts = [idea_text(i["title"], i["summary"], "", [normalise_topic(t)[1] for t in i["topics"]]) for _, i in items]
    vectors = encode(texts)
    ids = [str(n) for n in range(len(items))]
    voices = [speaks_first_person(f"{i['title']} {i['summary']}") for _, i in items]
    rows = []
    for name, options in ABLATION:
        space = IdeaSpace(ids, vectors, voices, **options)
        recalls, both = [], []
        for n, (group, _) in enumerate(items):
            if not group:
                continue
            top = [int(r.id) for r in space.rank(vectors[n], limit=2, query_id=str(n))]
            hits = sum(items[t][0] == group for t in top)
            recalls.append(hits / 2)
            both.append(1.0 if hits == 2 else 0.0)
        rows.append({"ranking": name, "recall_at_2": round(mean(recalls), 4), "both_at_2": round(mean(both), 4)})
    return rows


def run(app: Any) -> dict[str, Any]:
    """Post the fixture through `app` and measure; the app's graph must be a scratch one."""
    from qnet.graph.maintenance import clear_data

    services = app.extensions["qnet"]
    clear_data(services.graph)
    started = time.perf_counter()
    fixture = load_fixture()
    group_of, client, _ = post_fixture(app.test_client, fixture)
    posted = time.perf_counter()
    results: dict[str, Any] = recall_at_2(client, group_of)
    results.update({
        "model": services.embedder.model_name,
        "ranking": "IdeaSpace: voice-neutral cosine, hubness (CSLS), shared neighbours",
        "ideas_posted": len(group_of),
        "groups": len(fixture["groups"]),
        "distractors": len(fixture["distractors"]),
        "seconds_posting": round(posted - started, 1),
        "seconds_querying": round(time.perf_counter() - posted, 1),
        "load_average_1m": round(os.getloadavg()[0], 2),
    })
    clear_data(services.graph)
    return results


def _encoder(model: str | None) -> tuple[str, Callable[[list[str]], np.ndarray]]:
    """The app's embedder, or another local sentence-transformers model for the offline ablation."""
    if model is None:
        from qnet.config import load_settings
        from qnet.matching.meaning.embedding import Embedder

        embedder = Embedder(load_settings().embedding_model)
        return embedder.model_name, embedder.embed
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from sentence_transformers import SentenceTransformer

    st = SentenceTransformer(model, device="cpu")
    return model, lambda texts: np.asarray(st.encode(texts, normalize_embeddings=True, batch_size=32))


def main() -> None:
    from qnet.config import load_settings
    from qnet.web import create_app

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "idea_similarity_eval.json")
    parser.add_argument("--offline-only", action="store_true", help="only the offline ablation (no Neo4j)")
    parser.add_argument("--model", help="a local sentence-transformers model for the offline ablation")
    args = parser.parse_args()
    results: dict[str, Any] = {}
    if not args.offline_only:
        results = run(create_app(load_settings(), {"TESTING": True}))
    model, encode = _encoder(args.model)
    results["offline_ablation"] = {"model": model, "rows": offline_ablation(load_fixture(), encode)}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"load average (1 min): {os.getloadavg()[0]:.2f}")
    if "recall_at_2" in results:
        print(f"API ({results['model']}): recall@2 = {results['recall_at_2']:.3f}, both@2 = {results['both_at_2']:.3f}"
              f" over {results['queries']} queries; posting {results['seconds_posting']} s, querying"
              f" {results['seconds_querying']} s")
    print(f"\noffline ablation ({model}):\n| ranking | recall@2 | both@2 |\n|---|---|---|")
    for row in results["offline_ablation"]["rows"]:
        print(f"| {row['ranking']} | {row['recall_at_2']:.3f} | {row['both_at_2']:.3f} |")


if __name__ == "__main__":
    main()
