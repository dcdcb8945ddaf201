"""The graph side of people search: candidate generation and the facts a ranking needs.

Candidates come from four sources (the vector index, the full-text index, exact skill matches and
role matches); each query applies the same filters and privacy rule, so a filter never lets a
hidden or non-matching member through. When filters are selective, semantic candidates are scored
exactly over every member that passes them instead of over-fetching from the vector index.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph
from qnet.graph.members import MEMBER_PROJECTION

# Shared by every candidate query: privacy, the searcher never finds themself, and the filters.
FILTERS: LiteralString = """
coalesce(m.searchable, true) AND m.id <> $me
AND ($region IS NULL OR m.region = $region)
AND ($role IS NULL OR m.role = $role)
AND ($skill IS NULL OR EXISTS { (m)-[:HAS_SKILL]->(:Skill {key: $skill}) })
"""

VECTOR_CANDIDATES: LiteralString = (
    """
CALL db.index.vector.queryNodes('member_embedding', $k, $vector) YIELD node AS m, score
WITH m, score WHERE """
    + FILTERS
    + """
RETURN m.id AS id, 2 * score - 1 AS cosine
"""
)

EXACT_CANDIDATES: LiteralString = (
    """
MATCH (m:Member) WHERE m.embedding IS NOT NULL AND """
    + FILTERS
    + """
WITH m, vector.similarity.cosine(m.embedding, $vector) AS score
ORDER BY score DESC LIMIT $k
RETURN m.id AS id, 2 * score - 1 AS cosine
"""
)

LEXICAL_CANDIDATES: LiteralString = (
    """
CALL db.index.fulltext.queryNodes('member_search', $lucene, {limit: $k}) YIELD node AS m, score
WITH m, score WHERE """
    + FILTERS
    + """
RETURN m.id AS id, score
"""
)

SKILL_CANDIDATES: LiteralString = (
    """
MATCH (s:Skill)<-[h:HAS_SKILL]-(m:Member)
WHERE s.key IN $skills AND """
    + FILTERS
    + """
WITH m, sum(h.level) AS levels
ORDER BY levels DESC, vector.similarity.cosine(m.embedding, $vector) DESC LIMIT $k
RETURN m.id AS id
"""
)

ROLE_CANDIDATES: LiteralString = (
    """
MATCH (m:Member) WHERE m.role IN $roles AND m.embedding IS NOT NULL AND """
    + FILTERS
    + """
WITH m ORDER BY vector.similarity.cosine(m.embedding, $vector) DESC LIMIT $k
RETURN m.id AS id
"""
)

COUNT_FILTERED: LiteralString = "MATCH (m:Member) WHERE " + FILTERS + " RETURN count(m) AS n"

CANDIDATE_FACTS: LiteralString = """
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN m.id AS id, m.role AS role,
       2 * vector.similarity.cosine(m.embedding, $vector) - 1 AS cosine,
       [(m)-[h:HAS_SKILL]->(s:Skill) WHERE s.key IN $skills | {key: s.key, name: s.name, level: h.level}] AS skills
"""

PROXIMITY: LiteralString = """
MATCH (me:Member {id: $me})
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN m.id AS id,
  CASE
    WHEN EXISTS { (me)-[:CONNECTED_TO]-(m) } THEN {relation: 'connected', via: []}
    ELSE coalesce(
      head(COLLECT { MATCH (me)-[:CONNECTED_TO]-(x:Member)-[:CONNECTED_TO]-(m)
                     RETURN {relation: 'second_degree', via: [x.name]} LIMIT 1 }),
      head(COLLECT { MATCH (me)-[:MEMBER_OF]->(p:Project)<-[:MEMBER_OF]-(m)
                     RETURN {relation: 'shared_project', via: [p.title]} LIMIT 1 }),
      head(COLLECT { MATCH (me)-[:WORKS_AT]->(o:Organisation)<-[:WORKS_AT]-(m)
                     RETURN {relation: 'shared_organisation', via: [o.name]} LIMIT 1 }))
  END AS path
"""

RERANK_DATA: LiteralString = (
    """
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN """
    + MEMBER_PROJECTION
    + """ AS member, m.segments AS segments, m.segment_vectors AS segment_vectors
"""
)


@dataclass(frozen=True)
class SearchFilters:
    region: str | None = None
    role: str | None = None
    skill: str | None = None  # a normalised skill key

    @property
    def any(self) -> bool:
        return any((self.region, self.role, self.skill))


@dataclass
class Candidates:
    """What the four candidate sources found: cosine to the query, full-text score, source tags."""

    cosine: dict[str, float] = field(default_factory=dict)
    lexical: dict[str, float] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=dict)

    def add(self, member_id: str, source: str) -> None:
        self.sources.setdefault(member_id, set()).add(source)


@dataclass(frozen=True)
class CandidateFacts:
    id: str
    role: str
    cosine: float
    skills: list[dict[str, Any]]


class SearchRepository:
    """Reads for people search; one read transaction gathers all candidates."""

    # Above this many filtered members, over-fetching from the vector index is cheaper than exact.
    EXACT_SCAN_LIMIT = 20000

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def candidates(self, *, vector: list[float], lucene: str | None, skills: list[str], roles: list[str],
                   filters: SearchFilters, me: str, k: int) -> Candidates:
        params = {"vector": vector, "me": me, "region": filters.region, "role": filters.role, "skill": filters.skill}

        def work(tx: ManagedTransaction) -> Candidates:
            found = Candidates()
            exact = False
            if filters.any:
                total = tx.run(COUNT_FILTERED, params).single()
                exact = total is not None and total["n"] <= self.EXACT_SCAN_LIMIT
            if exact:
                rows = tx.run(EXACT_CANDIDATES, params, k=k)
            else:
                rows = tx.run(VECTOR_CANDIDATES, params, k=k * (10 if filters.any else 1))
            for row in rows:
                found.cosine[row["id"]] = row["cosine"]
                found.add(row["id"], "semantic")
            if lucene:
                for row in tx.run(LEXICAL_CANDIDATES, params, lucene=lucene, k=k * (10 if filters.any else 1)):
                    found.lexical[row["id"]] = row["score"]
                    found.add(row["id"], "lexical")
            if skills:
                for row in tx.run(SKILL_CANDIDATES, params, skills=skills, k=k):
                    found.add(row["id"], "skill")
            if roles:
                for row in tx.run(ROLE_CANDIDATES, params, roles=roles, k=k // 2):
                    found.add(row["id"], "role")
            return found

        return self.graph.read(work)

    def facts(self, ids: list[str], vector: list[float], skills: list[str]) -> dict[str, CandidateFacts]:
        rows = self.graph.query(CANDIDATE_FACTS, ids=ids, vector=vector, skills=skills)
        return {r["id"]: CandidateFacts(r["id"], r["role"], r["cosine"] or -1.0, r["skills"]) for r in rows}

    def proximity(self, me: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        rows = self.graph.query(PROXIMITY, me=me, ids=ids)
        return {r["id"]: r["path"] for r in rows if r["path"]}

    def rerank_data(self, ids: list[str]) -> list[dict[str, Any]]:
        return self.graph.query(RERANK_DATA, ids=ids)
