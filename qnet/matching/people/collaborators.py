"""Who could help: members whose skills and lived experience fill an idea's gaps; and work for me.

An idea needs the taxonomy skills its text names, plus the few skills whose descriptions are closest
to the idea in meaning, plus lived experience when it is about patients', carers' or families'
experience. The gaps are what its team (author and linked project team) lacks. A helper must fill at
least one gap; helpers are ranked by how much of the gap they fill (weighted by level), lived
experience, and how close their profile is to the idea. Each comes with reasons.

Closeness is read with the three encoders: an idea (stored in the idea space) is compared with members
in people search's space, and a member with ideas and projects in the idea space, each vector
re-weighted to the other's weighting (search_space.reweigh). The weights below and the "closely
related" line were set when closeness was MiniLM's cosine, so the spaces' cosines are put on MiniLM's
scale first (`closeness`).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import numpy as np

from qnet.core.records import Member
from qnet.graph.people.collaborators import LIVED_ROLES, LIVED_SKILL, CollaboratorRepository
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.knowledge.ideas import IdeaService
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.meaning.search_space import IDEA_PARTS, PARTS, first_block, reweigh
from qnet.matching.people.skills import Taxonomy, taxonomy

INFERRED_SKILLS = 3
INFERRED_MIN_COSINE = 0.2
GAP_WEIGHT, LIVED_WEIGHT, MEANING_WEIGHT, SKILL_FIT_WEIGHT = 0.5, 0.35, 0.4, 0.08
CANDIDATES = 50
LIVED_TOPICS = re.compile(r"\b(patient|carer|family|families|relatives?|service user|lived) experiences?\b", re.IGNORECASE)
LIVED_TEXT = re.compile(
    r"\b(patient experience|lived experience|carers?|as a patient|service users?|families|relatives|"
    r"my (mum|dad|mother|father|son|daughter|husband|wife|partner|gran|grandad))\b", re.IGNORECASE)
LEVEL_WORDS = {1: "learning", 2: "practised", 3: "expert"}
CLOSELY_RELATED = 0.3  # closeness (on MiniLM's scale) from which a helper "works on closely related things"


@dataclass(frozen=True)
class CosineScale:
    """Where one space's member-to-idea cosines sit: their mean and standard deviation over every pair
    of the 127 members of tests/fixtures/people_search_eval.json and the 117 ideas of
    tests/fixtures/idea_duplicates_eval.json (python -m bench.cosine_scales; no labels are read)."""

    mean: float
    spread: float


MINILM_SCALE = CosineScale(0.243, 0.100)  # the scale GAP/LIVED/MEANING weights and CLOSELY_RELATED were set on
PEOPLE_SCALE = CosineScale(0.720, 0.031)  # helpers: people search's weights (e5's cosines barely spread)
IDEA_SCALE = CosineScale(0.484, 0.063)  # work suggestions: the idea space (2 : 1 : 1)


def closeness(cosine: float, scale: CosineScale) -> float:
    """A cosine of the space `scale` describes, on MiniLM's scale (same mean and spread), from 0 up.

    The three-encoder cosines rank members much as MiniLM's do (correlation 0.90 in people search's
    space, 0.97 in the idea space, on the pairs above) but spread 3.2 and 1.9 times less; read raw,
    meaning would all but drop out of the helpers' score beside a skill gap filled."""
    return max(0.0, MINILM_SCALE.mean + (cosine - scale.mean) * MINILM_SCALE.spread / scale.spread)


@dataclass(frozen=True)
class NeededSkill:
    key: str
    name: str
    source: str  # named (in the idea's text) | inferred (close in meaning)
    team_has: bool


@dataclass(frozen=True)
class Helper:
    member: Member
    score: float
    brings: list[str]
    reasons: list[str]


@dataclass(frozen=True)
class HelperReport:
    needed: list[NeededSkill]
    lived_experience_needed: bool
    team_has_lived_experience: bool
    helpers: list[Helper]


@dataclass(frozen=True)
class WorkSuggestion:
    id: str
    kind: str  # idea | project
    title: str
    score: float
    reasons: list[str]


def about_lived_experience(text: str, topics: list[str]) -> bool:
    return any(LIVED_TOPICS.search(t) for t in topics) or bool(LIVED_TEXT.search(text))


def has_lived_experience(role: str | None, skills: list[dict[str, object]]) -> bool:
    return role in LIVED_ROLES or any(s["key"] == LIVED_SKILL for s in skills)


class Collaborators:
    def __init__(self, repo: CollaboratorRepository, members: MemberRepository, ideas: IdeaService,
                 embedder: Embedder, skills: Taxonomy | None = None) -> None:
        self.repo = repo
        self.members = members
        self.ideas = ideas
        self.embedder = embedder
        self.taxonomy = skills or taxonomy()
        self._skill_vectors: tuple[list[str], np.ndarray] | None = None
        self._lock = threading.Lock()

    def _skills_by_meaning(self, vector: np.ndarray) -> list[tuple[str, float]]:
        """Taxonomy skills ranked by closeness of their descriptions to the idea (encoded once).

        MiniLM alone (`vector` is the idea's MiniLM block): INFERRED_MIN_COSINE was set on its cosines,
        and the descriptions are encoded once per process, so 384 dimensions are enough here."""
        with self._lock:
            if self._skill_vectors is None:
                keys = sorted(self.taxonomy.skills)
                texts = [f"{self.taxonomy.skills[k].name}: {self.taxonomy.skills[k].description}" for k in keys]
                self._skill_vectors = (keys, self.embedder.embed(texts))
        keys, vectors = self._skill_vectors
        scores = vectors @ vector
        return [(keys[i], float(scores[i])) for i in np.argsort(-scores)]

    def helpers(self, viewer: Member, idea_id: str, limit: int) -> HelperReport:
        idea = self.ideas.get(idea_id, viewer)
        vector = np.asarray(self.ideas.vector_of(idea), dtype=np.float32)  # the idea space
        text = f"{idea.title} {idea.summary} {idea.body}"
        team = self.ideas.ideas.team_of(idea_id)
        profiles = self.repo.team_profiles(team)
        team_levels: dict[str, int] = {}
        for profile in profiles:
            for skill in profile["skills"]:
                team_levels[skill["key"]] = max(team_levels.get(skill["key"], 0), int(skill["level"]))
        named = self.taxonomy.mentions(text)
        inferred = [k for k, score in self._skills_by_meaning(first_block(vector, IDEA_PARTS))[:INFERRED_SKILLS]
                    if score >= INFERRED_MIN_COSINE and k not in named]
        needed = [NeededSkill(k, self.taxonomy.skills[k].name, source, k in team_levels)
                  for source, keys in (("named", named), ("inferred", inferred)) for k in keys]
        gaps = {n.key: n.name for n in needed if not n.team_has}
        lived_needed = about_lived_experience(text, idea.topics)
        team_lived = any(has_lived_experience(p["role"], p["skills"]) for p in profiles)
        lived_gap = lived_needed and not team_lived
        as_member = reweigh(vector, IDEA_PARTS, PARTS)  # compared with members in people search's space
        rows = self.repo.helper_candidates([float(x) for x in as_member], team, sorted(gaps), lived_gap, CANDIDATES)
        scored = []
        for row in rows:
            have = {s["key"]: int(s["level"]) for s in row["skills"]}
            brings = [key for key in gaps if key in have]
            lived = lived_gap and has_lived_experience(row["role"], row["skills"])
            if not brings and not lived:
                continue
            cover = sum(have[k] / 3 for k in brings) / max(1, len(gaps))
            near = closeness(float(row["cosine"]), PEOPLE_SCALE)
            score = GAP_WEIGHT * cover + (LIVED_WEIGHT if lived else 0.0) + MEANING_WEIGHT * near
            reasons = [f"brings {gaps[k]} ({LEVEL_WORDS[have[k]]}), which the idea needs and its team lacks"
                       for k in brings]
            if lived:
                reasons.append(f"lived experience as a {row['role']}" if row["role"] in LIVED_ROLES
                               else "lived experience leadership")
                reasons[-1] += ": the idea is about patients', carers' or families' experience and its team has none"
            if near >= CLOSELY_RELATED:
                reasons.append(f"works on closely related things (profile similarity {min(near, 1.0):.2f})")
            scored.append((score, row["id"], [gaps[k] for k in brings] + (["lived experience"] if lived else []),
                           reasons))
        scored.sort(key=lambda s: (-s[0], s[1]))
        found = self.members.get_many([s[1] for s in scored[:limit]])
        helpers = [Helper(found[mid], round(score, 4), brings, reasons) for score, mid, brings, reasons in scored[:limit]
                   if mid in found]
        return HelperReport(needed, lived_needed, team_lived, helpers)

    def work_for(self, member: Member, limit: int) -> list[WorkSuggestion]:
        """Open ideas and active projects that fit my skills and profile, best first."""
        profile = self.repo.member_profile(member.id)
        if not profile or profile["search_embedding"] is None:  # not yet embedded in the search space
            return []
        mine = {s["key"]: int(s["level"]) for s in profile["skills"]}
        # The member (people search's weighting) compared with ideas and projects in the idea space.
        as_work = reweigh(np.asarray(profile["search_embedding"], dtype=np.float32), PARTS, IDEA_PARTS)
        scored = []
        for row in self.repo.work_for_member(member.id, [float(x) for x in as_work], sorted(mine), CANDIDATES):
            wants = row["methods"] if row["kind"] == "project" else self.taxonomy.mentions(
                " ".join(x for x in (row["title"], row["text"], row["more"]) if x))
            fits = [k for k in wants if k in mine]
            cosine = closeness(float(row["cosine"]), IDEA_SCALE) if row["cosine"] is not None else 0.0
            score = cosine + SKILL_FIT_WEIGHT * min(len(fits), 3)
            reasons = [f"{'uses' if row['kind'] == 'project' else 'needs'} {self.taxonomy.resolve(k).name}, "
                       f"which you have ({LEVEL_WORDS[mine[k]]})" for k in fits]
            reasons.append(f"close to your profile (similarity {min(cosine, 1.0):.2f})")
            scored.append(WorkSuggestion(row["id"], row["kind"], row["title"], round(score, 4), reasons))
        scored.sort(key=lambda s: (-s.score, s.id))
        return scored[:limit]
