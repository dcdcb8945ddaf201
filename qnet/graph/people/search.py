"""The graph side of people search: candidate generation and the facts a ranking needs.

Candidates come from four sources (the vector index, the full-text index, exact skill matches and
role matches); each applies the same filters and privacy rule, so a filter never lets a hidden or
non-matching member through. Every candidate comes back with its facts (exact cosine, role, the
named skills it holds), so a search makes four statements whatever the size of the graph, and
runs two pairs of them side by side:

1. `PREPARE` (no vector needed): the full-text hits, and the sizes that choose how to read the
   rest; it runs while the query is being embedded.
2. `NEAR` (the vector source) and `OTHERS` (facts of the full-text hits, the skill and role scans)
   run at the same time on two sessions.
3. `SHORTLIST`: the shortlist's profiles, sentence vectors and graph paths to the searcher.

Exact scans stay bounded as the graph grows. Holders of the named skills are scanned exactly while
they number at most SKILL_SCAN_LIMIT (best level first, cosine only for the level tiers that can
reach the top k), role members while at most ROLE_SCAN_LIMIT; above that they are taken from an
over-fetched vector-index result (the holders among the k x OVERFETCH nearest members). Filters that
leave at most EXACT_SCAN_LIMIT members are scored exactly, so a selective filter never loses a match;
broader ones ask the vector index, which applies region and role inside its own walk on Neo4j 2025+
and is over-fetched in proportion to the filter's selectivity elsewhere. A filtered scan starts
from the index of its most selective filter (ANCHORS), never from every member.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.filters import SearchFilters
from qnet.graph import fulltext
from qnet.graph.driver import Graph
from qnet.graph.people.profiles import MEMBER_PROJECTION
from qnet.graph.vector_search import VectorQuery

# Shared by every candidate query: privacy, the searcher never finds themself, and the filters.
FILTERS: LiteralString = """
coalesce(m.searchable, true) AND m.id <> $me
AND ($region IS NULL OR m.region = $region)
AND ($role IS NULL OR m.role = $role)
AND ($skill IS NULL OR EXISTS { (m)-[:HAS_SKILL]->(:Skill {key: $skill}) })
"""

# Where a filtered scan starts: the index of the most selective filter present (a skill's holders,
# then a role, then a region). `MATCH (m:Member) WHERE $region IS NULL OR ...` alone reads every
# member, and with it every member's 1,152-float vector (docs/BENCHMARKS.md, issue 20).
ANCHORS: dict[str, LiteralString] = {
    "skill": "MATCH (:Skill {key: $skill})<-[:HAS_SKILL]-(m:Member)",
    "role": "MATCH (m:Member {role: $role})",
    "region": "MATCH (m:Member {region: $region})",
    "none": "MATCH (m:Member)",
}


def anchor(filters: SearchFilters) -> str:
    """The ANCHORS key for these filters."""
    return next((name for name in ("skill", "role", "region") if getattr(filters, name) is not None), "none")


# What the ranking needs of every candidate `m` (map entries). Statements return their rows as one
# collected list: one Bolt message instead of hundreds halves the driver's work per search.
FACTS: LiteralString = """id: m.id, role: m.role,
  cosine: 2 * vector.similarity.cosine(m.search_embedding, $vector) - 1,
  skills: [(m)-[h:HAS_SKILL]->(s:Skill) WHERE s.key IN $named | {key: s.key, name: s.name, level: h.level}]"""

# Full-text hits, and how many members hold the named skills (relationship degrees, no scan), hold
# the wanted roles (an index count) and pass the filters (only counted when there are filters); how
# many members each query word finds (up to $df_cap: beyond that it is common anyway), and how many
# members there are (the count store), so that common words can be told from informative ones.
def _prepare(start: LiteralString) -> LiteralString:
    """PREPARE with its passing count starting from `start` (an ANCHORS clause)."""
    return (
    """
CALL () {
  UNWIND $skills AS key
  MATCH (s:Skill {key: key})
  RETURN sum(COUNT { (s)<-[:HAS_SKILL]-() }) AS holders
}
CALL () {
  UNWIND $roles AS wanted
  MATCH (m:Member) WHERE m.role = wanted
  RETURN count(m) AS in_roles
}
CALL () {
  UNWIND CASE WHEN $filtered THEN [1] ELSE [] END AS counting
  """
    + start
    + """ WHERE """
    + FILTERS
    + """
  RETURN count(m) AS passing
}
CALL () {
  UNWIND $lucene AS lucene
  """
    + fulltext.nodes("member_search", "lucene", "$k_lexical", "m")
    + """
  WITH m, score WHERE """
    + FILTERS
    + """
  RETURN collect([m.id, score]) AS words
}
CALL () {
  UNWIND $terms AS term
  CALL (term) {
    """
    + fulltext.nodes("member_search", "term", "$df_cap", "node")
    + """
    RETURN count(node) AS df
  }
  RETURN collect([term, df]) AS frequencies
}
RETURN holders, in_roles, passing, words, frequencies, COUNT { (:Member) } AS members
"""
    )


PREPARE: dict[str, LiteralString] = {name: _prepare(start) for name, start in ANCHORS.items()}

# The vector index: the nearest members passing the filters (the index yields nearest first, and
# `rank` counts only those), and among an over-fetch the holders and role members not scanned.
# Region and role are filtered inside the index where the server can (qnet/graph/vector_search.py).
NEAR_BY_INDEX = VectorQuery(
    """
<<NEAREST>>
WITH m, score WHERE """
    + FILTERS
    + """
WITH collect(m) AS hits
UNWIND range(0, size(hits) - 1) AS rank
WITH hits[rank] AS m, rank
WHERE rank < $k_near OR m.role IN $extra_roles
   OR EXISTS { (m)-[:HAS_SKILL]->(s:Skill) WHERE s.key IN $extra_skills }
RETURN collect({"""
    + FACTS
    + """, sources: [CASE WHEN rank < $k_near THEN 'semantic' ELSE 'overfetch' END]}) AS rows
""",
    index="member_search_embedding", label="Member", node="m", vector="$vector", k="$k_index",
    filters={"region": "m.region = $region", "role": "m.role = $role"},
)

# Every member passing a selective filter, scored exactly.
def _near_exact(start: LiteralString) -> LiteralString:
    """NEAR_EXACT starting from `start` (an ANCHORS clause): every passing member scored exactly."""
    return (
        start
        + """ WHERE m.search_embedding IS NOT NULL AND """
        + FILTERS
        + """
WITH m ORDER BY vector.similarity.cosine(m.search_embedding, $vector) DESC LIMIT $k_near
RETURN collect({"""
        + FACTS
        + """, sources: ['semantic']}) AS rows
"""
    )


NEAR_EXACT: dict[str, LiteralString] = {name: _near_exact(start) for name, start in ANCHORS.items()}

# The full-text hits' facts; holders of the named skills, best total level first and then closest
# in meaning (cosine is computed only for the level tiers that can reach the top k); members of the
# wanted roles, closest first.
OTHERS: LiteralString = (
    """
CALL () {
  UNWIND $words AS id
  MATCH (m:Member {id: id})
  RETURN m, 'lexical' AS source
  UNION ALL
  UNWIND $scan_skills AS key
  MATCH (:Skill {key: key})<-[h:HAS_SKILL]-(m:Member)
  WHERE """
    + FILTERS
    + """
  WITH m, sum(h.level) AS levels
  WITH levels, collect(m) AS tier ORDER BY levels DESC
  WITH collect(tier) AS tiers, collect(levels) AS tier_levels
  WITH tiers, tier_levels,
       reduce(acc = [0, 0], t IN tiers | CASE WHEN acc[0] >= $k THEN acc ELSE [acc[0] + size(t), acc[1] + 1] END)
       AS cut
  UNWIND range(0, cut[1] - 1) AS i
  UNWIND tiers[i] AS m
  WITH m, tier_levels[i] AS levels
  ORDER BY levels DESC, vector.similarity.cosine(m.search_embedding, $vector) DESC LIMIT $k
  RETURN m, 'skill' AS source
  UNION ALL
  UNWIND $scan_roles AS wanted
  MATCH (m:Member) WHERE m.role = wanted AND m.search_embedding IS NOT NULL AND """
    + FILTERS
    + """
  WITH m ORDER BY vector.similarity.cosine(m.search_embedding, $vector) DESC LIMIT $k_role
  RETURN m, 'role' AS source
}
WITH m, collect(source) AS sources
RETURN collect({"""
    + FACTS
    + """, sources: sources}) AS rows
"""
)

# The shortlist's profiles and sentence vectors, with each member's graph path to the searcher
# (connected, a friend of a friend, a shared project, a shared organisation). The searcher's
# neighbourhood is read once; each candidate only looks at its own neighbours.
SHORTLIST: LiteralString = (
    """
OPTIONAL MATCH (me:Member {id: $me})
WITH me,
     CASE WHEN $paths AND me IS NOT NULL THEN [(me)-[:CONNECTED_TO]-(f:Member) | f] ELSE [] END AS friends,
     CASE WHEN $paths AND me IS NOT NULL THEN [(me)-[:MEMBER_OF]->(p:Project) | p] ELSE [] END AS projects,
     CASE WHEN $paths AND me IS NOT NULL THEN [(me)-[:WORKS_AT]->(o:Organisation) | o] ELSE [] END AS orgs
UNWIND $ids AS id
MATCH (m:Member {id: id})
RETURN collect({member: """
    + MEMBER_PROJECTION
    + """, segments: m.segments, segment_vectors: m.segment_vectors, path:
  CASE
    WHEN m IN friends THEN {relation: 'connected', via: []}
    ELSE coalesce(
      head([(m)-[:CONNECTED_TO]-(x:Member) WHERE x IN friends | {relation: 'second_degree', via: [x.name]}]),
      head([(m)-[:MEMBER_OF]->(p:Project) WHERE p IN projects | {relation: 'shared_project', via: [p.title]}]),
      head([(m)-[:WORKS_AT]->(o:Organisation) WHERE o IN orgs
            | {relation: 'shared_organisation', via: [o.name]}]))
  END}) AS rows
"""
)

# Statements of one search that run beside another (a process-wide pool: they wait on Neo4j).
_SIDE = ThreadPoolExecutor(max_workers=8, thread_name_prefix="qnet-search")


@dataclass(frozen=True)
class CandidateFacts:
    id: str
    role: str
    cosine: float
    skills: list[dict[str, Any]]


@dataclass
class Candidates:
    """What the four candidate sources found: full-text scores, source tags, and each one's facts."""

    lexical: dict[str, float] = field(default_factory=dict)
    sources: dict[str, set[str]] = field(default_factory=dict)
    facts: dict[str, CandidateFacts] = field(default_factory=dict)
    frequencies: dict[str, int] = field(default_factory=dict)  # query word -> members it finds (capped)
    members: int = 0

    def add_rows(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            member_id = row["id"]
            self.sources.setdefault(member_id, set()).update(row["sources"])
            cosine = row["cosine"]
            self.facts[member_id] = CandidateFacts(member_id, row["role"], -1.0 if cosine is None else cosine,
                                                   row["skills"])


class SearchRepository:
    """Reads for people search (see the module docstring for the statements and their order)."""

    # Filters leaving at most this many members are scored exactly (each costs a read of its vector);
    # above, the vector index is asked: where it applies every present filter inside its own walk
    # (SEARCH ... WHERE, Neo4j 2025+) for the nearest passing members, otherwise for members / passing
    # times as many nearest as wanted (at most FILTER_OVERFETCH_CAP), filtered afterwards.
    EXACT_SCAN_LIMIT = 1000
    FILTER_OVERFETCH_CAP = 2000
    # Holders of the named skills / members of the wanted roles read exactly up to this many;
    # above, taken from the vector index's k x OVERFETCH nearest members: reading more holders' vectors
    # made the slowest searches and barely changed the results (docs/BENCHMARKS.md).
    SKILL_SCAN_LIMIT = 1000
    ROLE_SCAN_LIMIT = 1000
    OVERFETCH = 2

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def candidates(self, *, vector: Callable[[], list[float]], lucene: str | None, skills: list[str],
                   roles: list[str], filters: SearchFilters, me: str, k: int,
                   named: list[str] | None = None, terms: list[str] | None = None,
                   df_cap: int = 1000) -> Candidates:
        """Candidates from every source, with their facts (`named` skills are reported per candidate).

        `vector()` gives the query's embedding; it is called while the full-text index is read.
        """
        near = k * (10 if filters.any else 1)
        params: dict[str, Any] = {
            "me": me, "region": filters.region, "role": filters.role, "skill": filters.skill,
            "filtered": filters.any, "lucene": [lucene] if lucene else [], "skills": skills, "roles": roles,
            "named": skills if named is None else named, "k": k, "k_role": k // 2, "k_near": near,
            "k_lexical": near, "terms": terms or [], "df_cap": df_cap,
        }
        start = anchor(filters)
        prepared = _SIDE.submit(self.graph.read, _single, statement=PREPARE[start], params=dict(params))
        params["vector"] = vector()
        sizes = prepared.result()
        exact = filters.any and sizes["passing"] <= self.EXACT_SCAN_LIMIT
        scan_skills = exact or sizes["holders"] <= self.SKILL_SCAN_LIMIT
        scan_roles = exact or sizes["in_roles"] <= self.ROLE_SCAN_LIMIT
        found = Candidates(lexical={member_id: score for member_id, score in sizes["words"]},
                           frequencies={term: df for term, df in sizes["frequencies"]}, members=sizes["members"])
        params |= {
            "words": list(found.lexical),
            "scan_skills": skills if scan_skills else [], "scan_roles": roles if scan_roles else [],
            "extra_skills": [] if scan_skills else skills, "extra_roles": [] if scan_roles else roles,
        }
        params["k_index"] = near if scan_skills and scan_roles else max(near, k * self.OVERFETCH)
        if filters.any and not exact and not self.index_applies(filters):
            share = max(sizes["passing"], 1) / max(sizes["members"], 1)
            params["k_index"] = max(params["k_index"], min(self.FILTER_OVERFETCH_CAP, math.ceil(near / share)))
        others = None
        if params["words"] or params["scan_skills"] or params["scan_roles"]:
            others = _SIDE.submit(self.graph.read, _single, statement=OTHERS, params=dict(params))
        near_statement = NEAR_EXACT[start] if exact else NEAR_BY_INDEX.cypher(
            self.graph, *(name for name in ("region", "role") if params[name] is not None))
        found.add_rows(self.graph.read(_single, statement=near_statement, params=params)["rows"])
        if others is not None:
            found.add_rows(others.result()["rows"])
        return found

    def index_applies(self, filters: SearchFilters) -> bool:
        """Whether the vector index applies every one of these filters inside its own walk."""
        return filters.skill is None and NEAR_BY_INDEX.filters_inside(self.graph)

    def shortlist(self, me: str, ids: list[str], *, paths: bool = True
                  ) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
        """Profiles and sentence vectors of the shortlist by id, and graph paths to the searcher."""
        rows = self.graph.read(_single, statement=SHORTLIST, params={"me": me, "ids": ids, "paths": paths})["rows"]
        profiles = {row["member"]["id"]: row for row in rows}
        return profiles, {member_id: row["path"] for member_id, row in profiles.items() if row["path"]}


def _single(tx: ManagedTransaction, statement: LiteralString, params: dict[str, Any]) -> dict[str, Any]:
    """The statement's one record. Values are read from it directly: Record.data() would copy every
    float of every vector through Python one at a time (ten times the cost of the query itself)."""
    record = tx.run(statement, params).single(strict=True)
    return dict(record.items())
