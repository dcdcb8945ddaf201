"""Similar work: which existing ideas and projects aim at the same thing as an idea or a draft.

An idea is embedded from one text: its title, summary, the start of its body and its topics (topics
help: two paraphrases that share few words usually share a topic; measured in docs/BENCHMARKS.md).
Candidates come from the vector indexes, ranked by cosine similarity to the query. Re-ranking ideas
(full-text fusion, topic overlap, hubness correction, neighbour diffusion) was measured on the
paraphrase fixture and none helped enough to keep; see docs/IDEAS.md. The passage shown with each
result is the sentence (or title) of the candidate that is closest to the query.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnet.graph.idea_search import Candidate, IdeaSearchRepository
from qnet.matching.embedding import Embedder
from qnet.matching.text import split_sentences

BODY_CHARS = 1500
CANDIDATES = 50
MAX_PASSAGES = 12


def idea_text(title: str, summary: str, body_text: str, topics: list[str]) -> str:
    """The one text an idea is embedded from (and a draft is compared by)."""
    parts = [title.strip().rstrip(".") + ".", summary.strip()]
    if body_text:
        parts.append(body_text[:BODY_CHARS])
    if topics:
        parts.append("Topics: " + ", ".join(topics) + ".")
    return " ".join(p for p in parts if p)


def project_text(title: str, aim: str, setting: str, methods: list[str], region: str | None) -> str:
    parts = [title.strip().rstrip(".") + ".", aim.strip(), setting.strip()]
    if methods:
        parts.append("Methods: " + ", ".join(methods) + ".")
    if region:
        parts.append(f"Region: {region}.")
    return " ".join(p for p in parts if p)


@dataclass(frozen=True)
class SimilarItem:
    id: str
    kind: str  # idea | project
    title: str
    status: str
    score: float  # cosine similarity of the two texts' embeddings (-1..1, in practice 0..1)
    passage: str  # the candidate's sentence closest to the query


def passages_of(candidate: Candidate) -> list[str]:
    """The title and each sentence of a candidate, in order, as the units a match is shown by."""
    pieces = [candidate.title] + split_sentences(candidate.summary) + split_sentences(candidate.body_text)
    return [p for p in pieces if p.strip()][:MAX_PASSAGES]


class SimilarWork:
    def __init__(self, search: IdeaSearchRepository, embedder: Embedder) -> None:
        self.search = search
        self.embedder = embedder

    def vector_for(self, text: str) -> list[float]:
        return [float(x) for x in self.embedder.embed_one(text)]

    def similar(self, vector: list[float], *, exclude: list[str], limit: int,
                include_projects: bool = True) -> tuple[list[SimilarItem], list[SimilarItem]]:
        """(ideas, projects) nearest the query vector, best first, each with its matching passage."""
        ideas = self.search.similar_ideas(vector, max(CANDIDATES, limit * 3), exclude)
        ranked = sorted(ideas, key=lambda c: (-c.cosine, c.id))[:limit]
        projects: list[Candidate] = []
        if include_projects:
            projects = sorted(self.search.similar_projects(vector, max(20, limit * 2), exclude),
                              key=lambda c: (-c.cosine, c.id))[:limit]
        items = self._explain(np.asarray(vector, dtype=np.float32), ranked + projects)
        return items[: len(ranked)], items[len(ranked):]

    def _explain(self, query: np.ndarray, candidates: list[Candidate]) -> list[SimilarItem]:
        """Attach to each candidate the passage closest to the query (one batched encode)."""
        passages = [passages_of(c) for c in candidates]
        flat = [p for group in passages for p in group]
        vectors = self.embedder.embed(flat) if flat else np.zeros((0, len(query)), dtype=np.float32)
        out: list[SimilarItem] = []
        start = 0
        for candidate, group in zip(candidates, passages):
            block = vectors[start:start + len(group)]
            start += len(group)
            best = group[int(np.argmax(block @ query))] if len(group) else candidate.title
            out.append(SimilarItem(id=candidate.id, kind=candidate.kind, title=candidate.title,
                                   status=candidate.status, score=round(candidate.cosine, 4), passage=best))
        return out
