"""People search: hybrid ranking of members by meaning, words, skills, role and closeness.

1. Candidates come from the vector index (meaning), the full-text index (words), exact skill
   matches (the query names a skill in any spelling) and roles the query asks for.
2. Each candidate gets a first-stage score; the best are re-ranked with their profile sentences,
   so a member with one sentence exactly on the query is not averaged away by the rest of their bio.
3. Every result carries an explanation: matched skills, the best-matching sentence, the graph path
   to the searcher, and the score parts.
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from qnet.core.cursors import decode_cursor, encode_cursor
from qnet.core.errors import Invalid
from qnet.core.filters import SearchFilters
from qnet.core.records import Member
from qnet.graph.fulltext import lucene_query
from qnet.graph.people.search import SearchRepository
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.meaning.glossary import expand_abbreviations
from qnet.matching.meaning.search_space import space_of
from qnet.matching.people.evidence import (
    RELEVANCE_FLOOR,
    WEAK_MATCHES_SHOWN,
    content_words,
    informative_words,
    lexical_evidence,
    matched_words,
)
from qnet.matching.people.intent import (
    asks_only_for_skills,
    named_skills,
    query_words,
    wanted_regions,
    wanted_roles,
)
from qnet.matching.people.profiles import unpack_vectors
from qnet.matching.people.skills import Taxonomy, taxonomy

MAX_QUERY_CHARS = 500
CANDIDATES_PER_SOURCE = 100
RERANK_POOL = 60
# What a full unit of any other evidence (a strong word match, the named skill at expert level, the
# kind of person asked for) is worth in meaning's own units: 0.05 of the semantic score. The semantic
# score is no longer rescaled to 0..1 over each query's pool, which made the other evidence's weight
# depend on how spread that pool happened to be. Chosen on the two development sets (tests/fixtures/
# people_search_eval.json and people_search_dev2.json) as the scale whose smallest gain over meaning
# alone is largest (docs/BENCHMARKS.md); ../shared/eval was not consulted.
EVIDENCE_SCALE = 0.05


@dataclass(frozen=True)
class Weights:
    """How much each signal counts. Semantic leads; the rest correct what meaning alone misses."""

    semantic: float = 1.0
    sentence_share: float = 0.65  # of the semantic part: the best sentence, the rest the whole profile
    lexical: float = 0.25
    skills: float = 0.4
    role: float = 0.25
    proximity: float = 0.05
    floor: bool = True  # answer "no close matches" below the relevance floor (evidence.py)

    @property
    def evidence(self) -> float:
        return self.lexical + self.skills + self.role + self.proximity

    def combined(self, parts: dict[str, float]) -> float:
        """Meaning plus the other evidence on meaning's scale (EVIDENCE_SCALE); a perfect result scores 1."""
        other = (self.lexical * parts["lexical"] + self.skills * parts["skills"] + self.role * parts["role"]
                 + self.proximity * parts["proximity"])
        return (self.semantic * parts["semantic"] + EVIDENCE_SCALE * other) / (
            self.semantic + EVIDENCE_SCALE * self.evidence)


HYBRID = Weights()
# Baselines for the evaluation: the vector index alone, the full-text index alone, and meaning
# alone but with qnet's sentence-level re-ranking.
SEMANTIC_ONLY = Weights(sentence_share=0.0, lexical=0.0, skills=0.0, role=0.0, proximity=0.0, floor=False)
SEMANTIC_SENTENCES = Weights(lexical=0.0, skills=0.0, role=0.0, proximity=0.0, floor=False)
LEXICAL_ONLY = Weights(semantic=0.0, skills=0.0, role=0.0, proximity=0.0, floor=False)


@dataclass
class Explanation:
    matched_skills: list[dict[str, Any]]
    best_sentence: str | None
    graph_path: dict[str, Any] | None
    matched_terms: list[str]
    roles: list[str]
    parts: dict[str, float]


@dataclass
class SearchResult:
    member: Member
    score: float
    explanation: Explanation


@dataclass
class SearchPage:
    """`results` are close matches, best first. When no candidate reaches the relevance floor they are
    empty, `confidence` is "weak" and `weak_matches` holds the nearest few (no further pages)."""

    results: list[SearchResult]
    next_cursor: str | None = None
    confidence: str = "close"
    weak_matches: list[SearchResult] = field(default_factory=list)


@dataclass(frozen=True)
class PeopleQuery:
    text: str
    searcher_id: str
    filters: SearchFilters = field(default_factory=SearchFilters)
    limit: int = 10
    cursor: str | None = None


def check_query_text(text: str, skill_given: bool = False) -> str:
    """A usable query, or Invalid with a message a person understands. With a skill filter the words
    may be left out ("" comes back): the skill alone is the question."""
    tidy = " ".join(text.split())
    if not tidy and skill_given:
        return ""
    if not tidy:
        raise Invalid("type what expertise you are looking for, or choose a skill",
                      fields={"q": ["must not be empty unless a skill is given"]})
    if len(tidy) > MAX_QUERY_CHARS:
        raise Invalid("that query is too long", fields={"q": [f"at most {MAX_QUERY_CHARS} characters"]})
    if sum(ch.isalnum() for ch in tidy) < 2:
        raise Invalid("the query needs some words", fields={"q": ["needs letters or digits"]})
    return tidy


class PeopleSearch:
    def __init__(self, repository: SearchRepository, embedder: Embedder, skills: Taxonomy | None = None) -> None:
        self.repository = repository
        self.embedder = embedder
        self.taxonomy = skills or taxonomy()

    def search(self, query: PeopleQuery, weights: Weights = HYBRID) -> SearchPage:
        text = check_query_text(query.text, skill_given=bool(query.filters.skill))
        if not text:  # a skill alone: its name is what the members are compared with
            assert query.filters.skill is not None
            text = self._skill_name(query.filters.skill)
        offset = _decode_cursor(query.cursor, _fingerprint(query)) if query.cursor else 0
        space = space_of(self.embedder)
        # The query is embedded while the graph reads what needs no vector (see SearchRepository).
        embed = functools.cache(lambda: space.query(expand_abbreviations(text)))
        words = content_words(query_words(text, self.taxonomy)[0])
        skill_keys = named_skills(text, self.taxonomy)
        roles = wanted_roles(text)
        regions = [] if query.filters.region else wanted_regions(text)
        pool = max(RERANK_POOL, offset + query.limit + 10)
        k = max(CANDIDATES_PER_SOURCE, pool)
        found = self.repository.candidates(
            vector=lambda: embed().tolist(), lucene=lucene_query(*query_words(text, self.taxonomy)) if weights.lexical else None,
            skills=skill_keys if weights.skills else [], roles=roles if weights.role else [],
            filters=query.filters, me=query.searcher_id, k=k, named=skill_keys, terms=words,
        )
        vector = embed()
        ids = list(found.sources)
        if not ids:
            return SearchPage([], confidence="weak")
        facts = found.facts
        informative = informative_words(words, found.frequencies, found.members)

        # The skills the query names: every taxonomy skill, and the phrases some candidate holds as a skill.
        held = {s["key"] for f in facts.values() for s in f.skills}
        named = [key for key in skill_keys if key in self.taxonomy.skills or key in held]

        def skill_part(member_id: str) -> float:
            if not named:
                return 0.0
            return sum(s["level"] / 3 for s in facts[member_id].skills) / len(named)

        def asked_part(member: Member) -> float:
            """Whether the member is who the query asks for: its role, and its place when it names one."""
            asked = ([member.role in roles] if roles else []) + ([member.region in regions] if regions else [])
            return sum(asked) / len(asked) if asked else 0.0

        def first_stage(member_id: str) -> float:
            f = facts[member_id]
            return (weights.semantic * f.cosine + weights.lexical * lexical_evidence(found.lexical.get(member_id, 0.0))
                    + weights.skills * skill_part(member_id) + weights.role * (f.role in roles))

        ids = [i for i in ids if i in facts]
        shortlist = sorted(ids, key=lambda i: (-first_stage(i), i))[:pool]
        rows, proximity = self.repository.shortlist(query.searcher_id, shortlist, paths=bool(weights.proximity))
        best_sentences: dict[str, tuple[float, str | None]] = {}
        semantic: dict[str, float] = {}
        for member_id in shortlist:
            row = rows[member_id]
            cos_max, sentence = _best_segment(row, vector, space.dims)
            best_sentences[member_id] = (cos_max, sentence)
            whole = facts[member_id].cosine
            share = weights.sentence_share
            semantic[member_id] = (1 - share) * whole + share * max(cos_max, whole)

        results = []
        for member_id in shortlist:
            member = Member.from_row(rows[member_id]["member"])
            terms = matched_words(informative, _profile_text(member))
            parts = {
                "semantic": round(semantic[member_id], 4),
                # Words count only where the member uses an informative one of them (evidence.py).
                "lexical": round(lexical_evidence(found.lexical.get(member_id, 0.0)) if terms else 0.0, 4),
                "skills": round(skill_part(member_id), 4),
                "role": round(asked_part(member), 4),
                "proximity": _PROXIMITY_VALUE.get((proximity.get(member_id) or {}).get("relation", ""), 0.0),
            }
            score = weights.combined(parts)
            explanation = Explanation(
                matched_skills=[{"key": s["key"], "name": s["name"], "level": s["level"]}
                                for s in facts[member_id].skills],
                best_sentence=best_sentences[member_id][1],
                graph_path=proximity.get(member_id),
                matched_terms=terms,
                roles=[member.role] if member.role in roles else [],
                parts=parts,
            )
            results.append(SearchResult(member, round(score, 4), explanation))
        # A query that is only skill names asks for their holders: they come first, best score first.
        wanted_holders = bool(named) and weights.skills > 0 and asks_only_for_skills(text, self.taxonomy)
        results.sort(key=lambda r: (-(wanted_holders and bool(r.explanation.matched_skills)), -r.score, r.member.id))
        # Close enough to show as answers: near in meaning, or holding a skill the query names.
        if weights.floor and not query.filters.skill and not any(semantic[r.member.id] >= RELEVANCE_FLOOR or r.explanation.matched_skills
                                               for r in results):
            return SearchPage([], confidence="weak", weak_matches=results[:WEAK_MATCHES_SHOWN])
        page = results[offset:offset + query.limit]
        more = offset + query.limit < len(results)
        return SearchPage(page, _encode_cursor(offset + query.limit, _fingerprint(query)) if more else None)

    def _skill_name(self, key: str) -> str:
        known = self.taxonomy.skills.get(key)
        return known.name if known else key.replace("-", " ")


_PROXIMITY_VALUE = {"connected": 1.0, "second_degree": 0.6, "shared_project": 0.5, "shared_organisation": 0.3}


def _best_segment(row: dict[str, Any], vector: np.ndarray, dims: int) -> tuple[float, str | None]:
    """The best cosine of any profile segment, and the bio sentence closest in meaning to the query:
    the one quoted. The role line and the skills, interests and projects lines are never quoted
    (the skills are named with their level beside the quote)."""
    segments: list[str] = row.get("segments") or []
    matrix = unpack_vectors(row.get("segment_vectors"), len(segments), dims)
    if matrix is None:
        return -1.0, None
    sims = matrix @ vector
    prose = [i for i in range(1, len(segments)) if not segments[i].startswith(PROFILE_LINES)]
    shown = segments[max(prose, key=lambda i: sims[i])] if prose else None
    return float(sims.max()), shown


PROFILE_LINES = ("Skills:", "Interests:", "Projects:")


def _profile_text(member: Member) -> str:
    return " ".join([member.bio, member.role, *member.interests, *(s.name for s in member.skills)])


def _fingerprint(query: PeopleQuery) -> str:
    raw = json.dumps([query.text, query.filters.region, query.filters.role, query.filters.skill])
    return hashlib.sha256(raw.encode()).hexdigest()[:12]


def _encode_cursor(offset: int, fingerprint: str) -> str:
    return encode_cursor(offset, fingerprint)


def _decode_cursor(cursor: str, fingerprint: str) -> int:
    offset, seen = decode_cursor(cursor, int, str, listing="search")
    if seen != fingerprint or offset < 0:
        raise Invalid("the cursor belongs to a different search", fields={"cursor": ["repeat the same query"]})
    return int(offset)
