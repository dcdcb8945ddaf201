"""Where member-to-idea cosines sit in each space: the constants of qnet/matching/people/collaborators.py.

    python -m bench.cosine_scales

Helpers compare an idea with members in people search's space, work suggestions a member with ideas in
the idea space; their weights and the "closely related" line were set on MiniLM's cosines. This embeds
the 127 members of tests/fixtures/people_search_eval.json as the app does (sentence by sentence,
abbreviations written out) and the 117 ideas of tests/fixtures/idea_duplicates_eval.json (qnet's idea
text), and prints the mean and standard deviation of every member-idea cosine in each space (no labels
are read), the correlation of each space's cosines with MiniLM's, and the cosine in each space that as
large a share of pairs reaches as reach MiniLM's 0.3.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import numpy as np

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures"


def member_idea_cosines() -> dict[str, np.ndarray]:
    """(members, ideas) cosines: MiniLM alone, people search's space (helpers), the idea space (work)."""
    from qnet.config import load_settings
    from qnet.matching.knowledge.similar_work import WorkEmbedder, idea_text
    from qnet.matching.meaning.glossary import expand_abbreviations
    from qnet.matching.meaning.search_space import (
        IDEA_PARTS,
        PARTS,
        first_block,
        mean_of,
        reweigh,
        space_of,
    )
    from qnet.matching.meaning.text import mean_vector
    from qnet.matching.people.profiles import ProfileInput, ProfileService
    from qnet.matching.people.skills import normalise_topic
    from qnet.services import build_embedder

    embedder = build_embedder(load_settings())
    members = json.loads((FIXTURES / "people_search_eval.json").read_text(encoding="utf-8"))["members"]
    service = ProfileService(None, None)  # type: ignore[arg-type]  # normalising needs neither
    segments = [[expand_abbreviations(s) for s in service.segments_of(
        service.normalise(m["key"], m["email"], ProfileInput.from_dict(m)))] for m in members]
    flat = space_of(embedder).passages([s for segs in segments for s in segs])
    bounds = np.cumsum([0] + [len(segs) for segs in segments])
    blocks = [flat[bounds[j]:bounds[j + 1]] for j in range(len(segments))]
    search = np.stack([mean_of(block) for block in blocks])  # Member.search_embedding
    minilm = np.stack([mean_vector(first_block(block)) for block in blocks])  # Member.embedding
    fixture = json.loads((FIXTURES / "idea_duplicates_eval.json").read_text(encoding="utf-8"))
    ideas = [i for g in fixture["groups"] for i in g["ideas"]] + fixture["distractors"]
    texts = [idea_text(i["title"], i["summary"], "", [normalise_topic(t)[1] for t in i["topics"]]) for i in ideas]
    idea = WorkEmbedder(embedder).embed(texts)  # Idea.embedding
    return {
        "minilm": minilm @ first_block(idea, IDEA_PARTS).T,
        "people (helpers)": search @ reweigh(idea, IDEA_PARTS, PARTS).T,
        "idea (work suggestions)": reweigh(search, PARTS, IDEA_PARTS) @ idea.T,
    }


def scales(cosines: dict[str, np.ndarray]) -> dict[str, Any]:
    minilm = cosines["minilm"]
    share = float((minilm >= 0.3).mean())
    out: dict[str, Any] = {}
    for name, values in cosines.items():
        out[name] = {
            "mean": round(float(values.mean()), 3), "spread": round(float(values.std()), 3),
            "correlation_with_minilm": round(float(np.corrcoef(minilm.ravel(), values.ravel())[0, 1]), 3),
            "as_many_pairs_as_minilm_0.3": round(float(np.quantile(values, 1 - share)), 3),
        }
    return out


def main() -> None:
    load = os.getloadavg()[0]
    cosines = member_idea_cosines()
    print(json.dumps({"pairs": int(cosines["minilm"].size), **scales(cosines),
                      "load_average_1m": [round(load, 2), round(os.getloadavg()[0], 2)]}, indent=2))


if __name__ == "__main__":
    main()
