"""Connection suggestions: people worth meeting, each with reasons a member can check.

Candidates are members close in meaning to my profile, friends of my friends, and members strong
in what I am learning or what my ideas need. They are scored on shared interests, similarity,
complementary skills and mutual connections (same region breaks ties), then picked greedily so no
organisation fills the list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qnet.core.records import Member
from qnet.graph.people.suggestions import SuggestionRepository
from qnet.matching.people.skills import Taxonomy, taxonomy

CANDIDATES_PER_SOURCE = 60
MAX_PER_ORGANISATION = 2


@dataclass
class Suggestion:
    member: Member
    score: float
    reasons: list[str]


def _names(items: list[str], limit: int = 3) -> str:
    shown = items[:limit]
    text = ", ".join(shown[:-1]) + (" and " if len(shown) > 1 else "") + shown[-1]
    return text + (f" and {len(items) - limit} more" if len(items) > limit else "")


class ConnectionSuggestions:
    def __init__(self, repository: SuggestionRepository, skills: Taxonomy | None = None) -> None:
        self.repository = repository
        self.taxonomy = skills or taxonomy()

    def wanted_skills(self, skills: list[dict[str, Any]], idea_texts: list[str]) -> dict[str, str]:
        """Skills I am learning (level 1) and skills my ideas name that I lack: key -> why."""
        have = {s["key"]: s["level"] for s in skills}
        wanted = {s["key"]: "learning" for s in skills if s["level"] == 1}
        for text in idea_texts:
            for key in self.taxonomy.mentions(text):
                if have.get(key, 0) < 2:
                    wanted.setdefault(key, "idea")
        return wanted

    def suggest(self, me: str, limit: int = 10) -> list[Suggestion]:
        profile = self.repository.profile(me)
        wanted = self.wanted_skills(profile.skills, profile.idea_texts)
        rows = self.repository.candidates(me, list(wanted), CANDIDATES_PER_SOURCE)
        if not rows:
            return []
        max_mutual = max((len(r["mutual"]) for r in rows), default=0) or 1
        scored: list[tuple[float, Suggestion, str | None]] = []
        for row in rows:
            member = Member.from_row(row["member"])
            topics, offers, mutual = row["shared_topics"], row["offers"], row["mutual"]
            shared = len(topics) / max(1, len(member.interests))
            complement = min(1.0, sum(o["level"] / 3 for o in offers) / 2)
            score = (0.4 * max(0.0, row["cosine"]) + 0.25 * min(1.0, shared) + 0.2 * complement
                     + 0.15 * len(mutual) / max_mutual + 0.03 * (member.region == profile.region))
            reasons = []
            if topics:
                reasons.append(f"You both care about {_names(sorted(topics))}")
            for offer in offers:
                why = "which you are learning" if wanted.get(offer["key"]) == "learning" else "which your idea needs"
                level = "expert in" if offer["level"] == 3 else "practised in"
                reasons.append(f"{level.capitalize()} {offer['name']}, {why}")
            if mutual:
                reasons.append(f"{len(mutual)} mutual connection{'s' if len(mutual) > 1 else ''}: {_names(mutual)}")
            if row["cosine"] >= 0.5:
                reasons.append("Your profiles describe closely related work")
            if member.region == profile.region:
                reasons.append(f"Also in {member.region}")
            if not reasons:
                reasons.append("Works on related improvement topics")
            scored.append((score, Suggestion(member, round(score, 4), reasons), row["organisation_key"]))
        scored.sort(key=lambda item: (-item[0], item[1].member.id))
        picked: list[Suggestion] = []
        per_org: dict[str, int] = {}
        for _, suggestion, org in scored:
            if org is not None and per_org.get(org, 0) >= MAX_PER_ORGANISATION:
                continue
            if org is not None:
                per_org[org] = per_org.get(org, 0) + 1
            picked.append(suggestion)
            if len(picked) == limit:
                break
        return picked
