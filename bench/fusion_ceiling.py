"""How far can the three encoders go on a set? An upper bound for fusion, not a ranking to use.

    python -m bench.fusion_ceiling            # offline, vectors from $QNET_HOME/eval-cache (bench.encoder_eval)

For each people set (fixtures, dev2, shared/eval) it tries every weighting of the three encoders'
per-query z-scored scores (0 to 6 each, eight steps) and every share of the best sentence in each
encoder's semantic mix (0 to 1), and reports the best nDCG@10 found *with the weights fitted on that
same set*. Fitted on a test set this is no result: it is the ceiling of any fusion of these encoders
on it, to tell a target that better weights could reach from one that needs a better model. The
weights are deliberately not printed, so that none can be taken from shared/eval.
"""

from __future__ import annotations

import functools
import itertools
import json
from collections.abc import Callable

import numpy as np

from bench.encoder_eval import encoder_for, people_scores, rank_people, zscore
from bench.eval_sets import PeopleSet, people_sets
from qnet.config import load_settings

ENCODERS = ("all-MiniLM-L6-v2", "bge-small-en-v1.5-q", "e5-small-v2-q")
WEIGHTS = (0, 0.5, 1, 1.5, 2, 3, 4, 6)
SENTENCE_SHARES = (0.0, 0.35, 0.5, 0.65, 0.8, 1.0)


def ceiling(scores: dict[str, dict[str, np.ndarray]], rank: Callable[[np.ndarray], float]) -> float:
    best = 0.0
    for share in SENTENCE_SHARES:
        # people_scores' "sentences" is 0.35 whole + 0.65 best; recover the best sentence's part.
        parts = {name: zscore((1 - share) * s["cosine"] + share * (s["sentences"] - 0.35 * s["cosine"]) / 0.65)
                 for name, s in scores.items()}
        for weights in itertools.product(WEIGHTS, repeat=len(ENCODERS)):
            if sum(weights):
                best = max(best, rank(sum(w * parts[name] for w, name in zip(weights, ENCODERS))))
    return round(best, 4)


def _ndcg(people: PeopleSet, scores: np.ndarray) -> float:
    return float(rank_people(people, scores)["ndcg10"])


def main() -> None:
    home = load_settings().home / "eval-cache"
    encode = {name: encoder_for(name) for name in ENCODERS}
    out: dict[str, dict[str, float]] = {}
    for people in people_sets(["fixtures", "dev2", "shared"]):
        scores = {name: people_scores(people, encode[name], home, name) for name in ENCODERS}
        z_sum = rank_people(people, sum(zscore(s["sentences"]) for s in scores.values()))["ndcg10"]
        out[people.name] = {"three z-scored + sentences": z_sum,
                            "ceiling (fitted on this set)": ceiling(scores, functools.partial(_ndcg, people))}
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
