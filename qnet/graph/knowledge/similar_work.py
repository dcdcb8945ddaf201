"""Finding ideas and projects by meaning (vector indexes) and by words (full-text indexes).

Vector scores from Neo4j's cosine indexes are (1 + cosine) / 2; they are turned back into cosines here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from qnet.graph import fulltext
from qnet.graph.driver import Graph
from qnet.graph.knowledge.ideas import LISTED_STATUSES
from qnet.graph.vector_search import VectorQuery

SIMILAR_IDEAS = VectorQuery("""
<<NEAREST>>
WITH i, score WHERE NOT i.id IN $exclude
RETURN i.id AS id, 'idea' AS kind, i.title AS title, i.summary AS summary, i.body_text AS body_text,
       i.status AS status, 2 * score - 1 AS cosine
""", index="idea_embedding", label="Idea", node="i", vector="$vector", k="$k",
    filters={"status": "i.status IN $statuses"})

SIMILAR_PROJECTS = VectorQuery("""
<<NEAREST>>
WITH p, score WHERE NOT p.id IN $exclude
RETURN p.id AS id, 'project' AS kind, p.title AS title, p.aim AS summary, p.setting AS body_text,
       p.status AS status, 2 * score - 1 AS cosine
""", index="project_embedding", label="Project", node="p", vector="$vector", k="$k")

# What the similar-ideas ranking caches: each listed idea's id and the hash of its embedded text.
# (Migration 16 removed the vectors of the older space, so every vector here has the space's size.)
IDEA_VERSIONS: LiteralString = """
MATCH (i:Idea)
WHERE i.status IN $statuses AND i.embedding IS NOT NULL
RETURN i.id AS id, coalesce(i.embedding_hash, toString(i.updated_ms), '') AS version
"""

IDEA_VECTORS: LiteralString = """
UNWIND $ids AS id
MATCH (i:Idea {id: id})
WHERE i.embedding IS NOT NULL
RETURN i.id AS id, i.embedding AS embedding, i.title AS title, i.summary AS summary, i.body_text AS body_text
"""

IDEAS_BY_ID: LiteralString = """
UNWIND $ids AS id
MATCH (i:Idea {id: id})
RETURN i.id AS id, 'idea' AS kind, i.title AS title, i.summary AS summary, i.body_text AS body_text,
       i.status AS status, 0.0 AS cosine
"""

IDEA_WORDS: LiteralString = fulltext.nodes("idea_text", "$query", "$k", "i") + """
WHERE i.status IN $statuses
RETURN i.id AS id, score
"""

IDEA_MEANING = VectorQuery("""
<<NEAREST>>
RETURN i.id AS id, 2 * score - 1 AS score
""", index="idea_embedding", label="Idea", node="i", vector="$vector", k="$k",
    filters={"status": "i.status IN $statuses"})


@dataclass(frozen=True)
class Candidate:
    """An idea or project near a query, before the matching layer ranks and explains it."""

    id: str
    kind: str  # idea | project
    title: str
    summary: str
    body_text: str
    status: str
    cosine: float

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Candidate:
        return cls(id=row["id"], kind=row["kind"], title=row["title"] or "", summary=row["summary"] or "",
                   body_text=row["body_text"] or "", status=row["status"] or "",
                   cosine=float(row["cosine"]))


@dataclass(frozen=True)
class IdeaVector:
    """A listed idea's stored embedding and the text its voice is read from."""

    id: str
    embedding: list[float]
    text: str


class IdeaSearchRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def similar_ideas(self, vector: list[float], k: int, exclude: list[str]) -> list[Candidate]:
        rows = self.graph.query(SIMILAR_IDEAS.cypher(self.graph, "status"), vector=vector, k=k, exclude=exclude, statuses=LISTED_STATUSES)
        return [Candidate.from_row(row) for row in rows]

    def similar_projects(self, vector: list[float], k: int, exclude: list[str]) -> list[Candidate]:
        rows = self.graph.query(SIMILAR_PROJECTS.cypher(self.graph), vector=vector, k=k, exclude=exclude)
        return [Candidate.from_row(row) for row in rows]

    def idea_versions(self) -> dict[str, str]:
        """id -> hash of the embedded text, for every listed idea with an embedding."""
        rows = self.graph.query(IDEA_VERSIONS, statuses=LISTED_STATUSES)
        return {row["id"]: str(row["version"]) for row in rows}

    def idea_vectors(self, ids: list[str]) -> list[IdeaVector]:
        rows = self.graph.query(IDEA_VECTORS, ids=ids) if ids else []
        return [IdeaVector(id=row["id"], embedding=list(row["embedding"]),
                           text=" ".join(filter(None, [row["title"], row["summary"], row["body_text"]])))
                for row in rows]

    def ideas_by_id(self, ids: list[str]) -> dict[str, Candidate]:
        rows = self.graph.query(IDEAS_BY_ID, ids=ids) if ids else []
        return {row["id"]: Candidate.from_row(row) for row in rows}

    def by_words(self, lucene: str | None, k: int) -> list[tuple[str, float]]:
        if not lucene:
            return []
        rows = self.graph.query(IDEA_WORDS, query=lucene, k=k, statuses=LISTED_STATUSES)
        return [(row["id"], float(row["score"])) for row in rows]

    def by_meaning(self, vector: list[float], k: int) -> list[tuple[str, float]]:
        rows = self.graph.query(IDEA_MEANING.cypher(self.graph, "status"), vector=vector, k=k, statuses=LISTED_STATUSES)
        return [(row["id"], float(row["score"])) for row in rows]
