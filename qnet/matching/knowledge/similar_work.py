"""Similar work: which existing ideas and projects aim at the same thing as an idea or a draft.

An idea is embedded from one text: its title, summary, the start of its body and its topics (topics
help: two paraphrases that share few words usually share a topic; measured in docs/BENCHMARKS.md).
Ideas and projects are embedded in the idea space (`WorkEmbedder`: all-MiniLM-L6-v2, bge-small and
e5-small weighted 2 : 1 : 1, 1,152 dimensions; qnet/matching/meaning/search_space.py, IDEA_PARTS).
Ideas are ranked against every listed idea by `IdeaSpace` (voice-neutral cosine, hubness correction,
shared neighbours; qnet/matching/knowledge/similar_work_ranking.py), which is kept in memory and rebuilt only when the
listed ideas or their texts change. Projects come from their vector index, ranked by cosine. The
passage shown with each result is the sentence (or title) of the candidate closest to the query, by
MiniLM alone (see `SimilarWork._explain`).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from qnet.graph.knowledge.similar_work import Candidate, IdeaSearchRepository
from qnet.matching.knowledge.similar_work_ranking import IdeaSpace, speaks_first_person
from qnet.matching.meaning.embedding import Embedder, content_hash
from qnet.matching.meaning.search_space import (
    IDEA_PARTS,
    Space,
    TextEmbedder,
    first_block,
    idea_space_of,
)
from qnet.matching.meaning.text import split_sentences

BODY_CHARS = 1500
MAX_PASSAGES = 12
# Passage vectors kept per process (~1.5 KB each): an idea page explains its similar work by the
# passages of up to ten ideas and projects, too slow to encode afresh on every view (docs/BENCHMARKS.md);
# the same passages come back on every view of the same idea.
PASSAGE_CACHE = 20_000


def idea_text(title: str, summary: str, body_text: str, topics: list[str]) -> str:
    """The one text an idea is embedded from (and a draft is compared by)."""
    parts = [title.strip().rstrip(".") + ".", summary.strip()]
    if body_text:
        parts.append(body_text[:BODY_CHARS])
    if topics:
        parts.append("Topics: " + ", ".join(topics) + ".")
    return " ".join(p for p in parts if p)


def key_ordered(topics: dict[str, str]) -> list[str]:
    """Topic names in key order: how the graph keeps them (`topics_text`), so `qnet reindex` can
    rebuild an idea's text; an idea itself is embedded with its topics in the order written."""
    return [name for _, name in sorted(topics.items())]


def project_text(title: str, aim: str, setting: str, methods: list[str], region: str | None) -> str:
    parts = [title.strip().rstrip(".") + ".", aim.strip(), setting.strip()]
    if methods:
        parts.append("Methods: " + ", ".join(methods) + ".")
    if region:
        parts.append(f"Region: {region}.")
    return " ".join(p for p in parts if p)


class WorkEmbedder:
    """How ideas and projects are embedded, and drafts and idea searches compared with them: the idea
    space of the app's embedder (weighted 2 : 1 : 1; search_space.IDEA_PARTS), whose encoders and passage
    memory are people search's."""

    def __init__(self, embedder: TextEmbedder) -> None:
        self.embedder = embedder

    @property
    def space(self) -> Space:
        return idea_space_of(self.embedder)

    @property
    def dims(self) -> int:
        return self.space.dims

    def hash(self, text: str) -> str:
        """The content hash stored beside a vector: the models' and the space's names are part of it
        (as for profiles), so a change of either makes `qnet reindex` and a seed embed again."""
        return content_hash(f"{self.embedder.model_name}|{self.space.name}\n{text}")

    def embed(self, texts: list[str]) -> np.ndarray:
        """(n, 1,152) unit vectors of ideas' or projects' texts (passages)."""
        return self.space.passages(texts)

    def embed_one(self, text: str) -> list[float]:
        return [float(x) for x in self.embed([text])[0]]

    def query(self, text: str) -> list[float]:
        """A search typed by a member: the encoders' query forms (bge's instruction, e5's "query: ")."""
        return [float(x) for x in self.space.query(text)]

    def changed(self, stored: list[tuple[str, str, str | None]], force: bool = False) -> list[dict[str, Any]]:
        """Of (id, text, stored hash), those whose hash is not this text's in this space (all with
        `force`), embedded: rows of id, embedding, embedding_hash for the repositories' write_embeddings."""
        hashes = [self.hash(text) for _, text, _ in stored]
        todo = [n for n, (_, _, known) in enumerate(stored) if force or known != hashes[n]]
        vectors = self.embed([stored[n][1] for n in todo])
        return [{"id": stored[n][0], "embedding": [float(x) for x in vector], "embedding_hash": hashes[n]}
                for n, vector in zip(todo, vectors)]


@dataclass(frozen=True)
class SimilarItem:
    id: str
    kind: str  # idea | project
    title: str
    status: str
    score: float  # ideas: IdeaSpace's score (cosine-like, 0..1); projects: cosine of the embeddings
    passage: str  # the candidate's sentence closest to the query


def passages_of(candidate: Candidate) -> list[str]:
    """The title and each sentence of a candidate, in order, as the units a match is shown by."""
    pieces = [candidate.title] + split_sentences(candidate.summary) + split_sentences(candidate.body_text)
    return [p for p in pieces if p.strip()][:MAX_PASSAGES]


class PassageVectors:
    """Vectors of passages, encoded once and then remembered (least recently used ones forgotten)."""

    def __init__(self, embedder: Embedder, size: int = PASSAGE_CACHE) -> None:
        self.embedder = embedder
        self.size = size
        self._known: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        with self._lock:
            missing = sorted({t for t in texts if t not in self._known})
        if missing:
            fresh = self.embedder.embed(missing)
            with self._lock:
                for text, vector in zip(missing, fresh):
                    self._known[text] = vector
                while len(self._known) > self.size:
                    self._known.popitem(last=False)
        with self._lock:
            found = [self._known.get(t) for t in texts]
            for t in texts:
                if t in self._known:
                    self._known.move_to_end(t)
        if any(v is None for v in found):  # forgotten between the two steps under heavy use: encode those
            again = self.embedder.embed([t for t, v in zip(texts, found) if v is None])
            it = iter(again)
            found = [v if v is not None else next(it) for v in found]
        return np.stack([np.asarray(v, dtype=np.float32) for v in found])


class SimilarWork:
    def __init__(self, search: IdeaSearchRepository, embedder: Embedder) -> None:
        self.search = search
        self.embedder = embedder
        self.work = WorkEmbedder(embedder)
        self.passages = PassageVectors(embedder)  # MiniLM: the passages shown with each result
        self._lock = threading.Lock()
        self._space: IdeaSpace | None = None
        self._versions: dict[str, str] = {}
        self._rows: dict[str, tuple[np.ndarray, bool]] = {}  # id -> (stored vector, first person)

    def vector_for(self, text: str) -> list[float]:
        """An idea's or a draft's text in the idea space."""
        return self.work.embed_one(text)

    def idea_space(self) -> IdeaSpace:
        """The listed ideas' space: grown when ideas were only added, built again when one changed,
        was unlisted or the voice estimate is due (IdeaSpace.with_added)."""
        versions = self.search.idea_versions()
        with self._lock:
            if self._space is not None and versions == self._versions:
                return self._space
            stale = [i for i, v in versions.items() if self._versions.get(i) != v or i not in self._rows]
            dims = self.work.dims
            for row in self.search.idea_vectors(stale):
                # Migration 16 removed the older space's vectors; one written since by an older process
                # (a rolling restart) is left out until it is saved or `qnet reindex` runs.
                if len(row.embedding) == dims:
                    self._rows[row.id] = (np.asarray(row.embedding, dtype=np.float32), speaks_first_person(row.text))
                else:
                    self._rows.pop(row.id, None)
            versions = {i: v for i, v in versions.items() if i in self._rows}
            self._rows = {i: r for i, r in self._rows.items() if i in versions}
            only_added = self._space is not None and all(
                versions.get(i) == v for i, v in self._versions.items())
            if only_added:
                assert self._space is not None
                added = sorted(i for i in self._rows if i not in self._versions)
                self._space = self._space.with_added(
                    added, np.stack([self._rows[i][0] for i in added]) if added else np.zeros((0, 0), np.float32),
                    [self._rows[i][1] for i in added])
            else:
                ids = sorted(self._rows)
                vectors = np.stack([self._rows[i][0] for i in ids]) if ids else np.zeros((0, 0), dtype=np.float32)
                self._space = IdeaSpace(ids, vectors, [self._rows[i][1] for i in ids])
            self._versions = {i: versions[i] for i in self._space.ids}
            return self._space

    def similar(self, vector: list[float], *, exclude: list[str], limit: int, idea_id: str | None = None,
                include_projects: bool = True) -> tuple[list[SimilarItem], list[SimilarItem]]:
        """(ideas, projects) nearest the query (an idea or a draft's vector), best first, with passages."""
        ranked_ideas = self.idea_space().rank(vector, limit=limit, exclude=exclude, query_id=idea_id)
        found = self.search.ideas_by_id([r.id for r in ranked_ideas])
        ranked = [replace(found[r.id], cosine=r.score) for r in ranked_ideas if r.id in found]
        projects: list[Candidate] = []
        if include_projects:
            projects = sorted(self.search.similar_projects(vector, max(20, limit * 2), exclude),
                              key=lambda c: (-c.cosine, c.id))[:limit]
        items = self._explain(first_block(np.asarray(vector, dtype=np.float32), IDEA_PARTS), ranked + projects)
        return items[: len(ranked)], items[len(ranked):]

    def _explain(self, query: np.ndarray, candidates: list[Candidate]) -> list[SimilarItem]:
        """Attach to each candidate the passage closest to the query (one batched encode).

        By MiniLM alone: the query's MiniLM block against the candidates' sentences in MiniLM. A page
        of similar work quotes up to a dozen sentences of ten candidates, encoded on the page view
        (then remembered); the three encoders would cost ~1.9x as much on that view, to choose which
        sentence to quote, not which work to show (the ranking is the idea space's)."""
        passages = [passages_of(c) for c in candidates]
        flat = [p for group in passages for p in group]
        vectors = self.passages.embed(flat) if flat else np.zeros((0, len(query)), dtype=np.float32)
        out: list[SimilarItem] = []
        start = 0
        for candidate, group in zip(candidates, passages):
            block = vectors[start:start + len(group)]
            start += len(group)
            best = group[int(np.argmax(block @ query))] if len(group) else candidate.title
            out.append(SimilarItem(id=candidate.id, kind=candidate.kind, title=candidate.title,
                                   status=candidate.status, score=round(candidate.cosine, 4), passage=best))
        return out
