"""Reviewer assist: the sentences of an answer that best evidence each criterion, and answers that miss it.

Assistance only. Each sentence of an answer is compared (cosine similarity of sentence embeddings)
with the descriptors of the criterion it answers; the best sentences are highlighted with their
scores, and an answer whose best sentence stays below a calibrated threshold is flagged as
"not addressed" so that a reviewer reads it with that question in mind. A person makes every decision.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from qnet.matching.meaning.embedding import Embedder
from qnet.matching.membership.criteria import CRITERIA, CRITERIA_BY_KEY

# Calibrated on all-MiniLM-L6-v2 with written answers (tests/membership/test_reviewer_assist.py):
# sentences that speak to a criterion score about 0.37-0.70 against its closest descriptor, while
# sentences about hobbies, holidays or sport stay below about 0.34.
NOT_ADDRESSED_BELOW = 0.35
TOP_SENTENCES = 3
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_MIN_SENTENCE_CHARS = 12


@dataclass(frozen=True)
class Highlight:
    sentence: str
    score: float


@dataclass(frozen=True)
class CriterionAssist:
    criterion: str
    title: str
    best_score: float
    addressed: bool
    highlights: list[Highlight]


def split_sentences(text: str) -> list[str]:
    """Split an answer into sentences (full stops, question marks, line breaks), dropping fragments."""
    parts = (" ".join(p.split()) for p in _SENTENCE_END.split(text))
    return [p for p in parts if len(p) >= _MIN_SENTENCE_CHARS]


class ReviewerAssist:
    """Scores answers against the criteria; descriptor embeddings are computed once per process."""

    def __init__(self, embedder: Embedder, threshold: float = NOT_ADDRESSED_BELOW,
                 top: int = TOP_SENTENCES) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.top = top
        self._descriptors: dict[str, np.ndarray] | None = None
        self._lock = threading.Lock()

    def descriptor_vectors(self) -> dict[str, np.ndarray]:
        if self._descriptors is None:
            with self._lock:
                if self._descriptors is None:
                    self._descriptors = {c.key: self.embedder.embed(list(c.descriptors)) for c in CRITERIA}
        return self._descriptors

    def assess(self, answers: dict[str, str]) -> list[CriterionAssist]:
        """For each criterion answered: the top sentences with scores, and whether it is addressed."""
        descriptors = self.descriptor_vectors()
        sentences = {key: split_sentences(answers.get(key, "")) for key in CRITERIA_BY_KEY}
        flat = [s for key in CRITERIA_BY_KEY for s in sentences[key]]
        vectors = self.embedder.embed(flat)
        out: list[CriterionAssist] = []
        offset = 0
        for criterion in CRITERIA:
            own = sentences[criterion.key]
            block = vectors[offset: offset + len(own)]
            offset += len(own)
            scores = (block @ descriptors[criterion.key].T).max(axis=1) if len(own) else np.zeros(0)
            order = np.argsort(-scores)[: self.top]
            highlights = [Highlight(own[i], round(float(scores[i]), 3)) for i in order]
            best = float(scores.max()) if len(own) else 0.0
            out.append(CriterionAssist(criterion.key, criterion.title, round(best, 3),
                                       best >= self.threshold, highlights))
        return out
