"""Special interest groups: convening, joining, suggestions for members and merge candidates.

A group is embedded from its name, learning question, description and topics. A member is suggested
groups close to their profile in meaning, with a lift for topics they follow and connections already
in the group. Coordinators see pairs of groups that overlap strongly, by shared members (at least two, and
the overlap coefficient: shared members over the smaller group's size) or by meaning (cosine), as merge candidates.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from qnet.core.errors import Forbidden
from qnet.core.knowledge_records import Group
from qnet.core.permissions import is_coordinator, may_edit_group
from qnet.core.records import Member, Page
from qnet.graph.knowledge.groups import GroupRepository
from qnet.graph.knowledge.shared import utc_now
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.people.skills import normalise_topic

TOPIC_LIFT = 0.08
CONNECTION_LIFT = 0.05
MEANING_THRESHOLD = 0.75
MEMBER_THRESHOLD = 0.6
MIN_SHARED = 2
NEIGHBOURS = 5


@dataclass(frozen=True)
class GroupInput:
    name: str
    learning_question: str
    topics: tuple[str, ...]
    description: str = ""
    co_conveners: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroupInput:
        return cls(name=" ".join(data["name"].split()), learning_question=data["learning_question"].strip(),
                   topics=tuple(data.get("topics") or ()), description=(data.get("description") or "").strip(),
                   co_conveners=tuple(data.get("co_conveners") or ()))


@dataclass(frozen=True)
class GroupSuggestion:
    group: Group
    score: float
    reasons: list[str]


@dataclass(frozen=True)
class MergeCandidate:
    first: Group
    second: Group
    member_overlap: float  # shared members / members of the smaller group
    shared_members: int
    similarity: float  # cosine similarity of the two groups' embeddings
    reasons: list[str]


def group_text(name: str, question: str, description: str, topics: list[str]) -> str:
    parts = [name.rstrip(".") + ".", question, description]
    if topics:
        parts.append("Topics: " + ", ".join(topics) + ".")
    return " ".join(p for p in parts if p)


class GroupService:
    def __init__(self, groups: GroupRepository, embedder: Embedder, clock: Callable[[], datetime] = utc_now) -> None:
        self.groups = groups
        self.embedder = embedder
        self.clock = clock

    def _row(self, data: GroupInput) -> dict[str, Any]:
        topics: dict[str, str] = {}
        for written in data.topics:
            key, name = normalise_topic(written)
            topics.setdefault(key, name)
        names = sorted(topics.values())
        text = group_text(data.name, data.learning_question, data.description, names)
        return {"name": data.name, "learning_question": data.learning_question, "description": data.description,
                "topics": [{"key": k, "name": n} for k, n in sorted(topics.items())], "topics_text": " ; ".join(names),
                "embedding": [float(x) for x in self.embedder.embed_one(text)]}

    def convene(self, member: Member, data: GroupInput, now: datetime | None = None) -> Group:
        conveners = [member.id] + [c for c in data.co_conveners if c != member.id]
        return self.groups.get(self.groups.create(conveners, self._row(data), now or self.clock()))

    def update(self, member: Member, group_id: str, data: GroupInput, now: datetime | None = None) -> Group:
        group = self.groups.get(group_id)
        if not may_edit_group(member, group):
            raise Forbidden("only the group's conveners can edit it")
        self.groups.update(group_id, self._row(data), now or self.clock())
        return self.groups.get(group_id)

    def get(self, group_id: str) -> Group:
        return self.groups.get(group_id)

    def browse(self, topic: str | None, limit: int, cursor: str | None) -> Page[Group]:
        return self.groups.page(normalise_topic(topic)[0] if topic else None, limit, cursor)

    def join(self, member: Member, group_id: str, now: datetime | None = None) -> Group:
        self.groups.join(group_id, member.id, now or self.clock())
        return self.groups.get(group_id)

    def leave(self, member: Member, group_id: str) -> Group:
        self.groups.leave(group_id, member.id)
        return self.groups.get(group_id)

    def suggestions(self, member: Member, limit: int) -> list[GroupSuggestion]:
        """Groups I am not in, closest to my profile, lifted by shared topics and connections."""
        rows = self.groups.suggestions(member.id, max(20, limit * 3))
        scored = []
        for row in rows:
            topics, connections = sorted(row["shared_topics"]), sorted(row["connections"])
            score = float(row["cosine"]) + TOPIC_LIFT * min(len(topics), 3) + CONNECTION_LIFT * min(len(connections), 3)
            reasons = []
            if topics:
                reasons.append("about " + ", ".join(topics) + ", which you are interested in")
            if connections:
                reasons.append(f"{len(connections)} of your connections " + ("is a member" if len(connections) == 1
                                                                             else "are members"))
            reasons.append(f"its learning question is close to your profile (similarity {row['cosine']:.2f})")
            scored.append((score, row["id"], reasons))
        scored.sort(key=lambda s: (-s[0], s[1]))
        found = self.groups.get_many([gid for _, gid, _ in scored[:limit]])
        return [GroupSuggestion(found[gid], round(score, 4), reasons) for score, gid, reasons in scored[:limit]
                if gid in found]

    def merge_candidates(self, coordinator: Member) -> list[MergeCandidate]:
        """Pairs of groups that overlap strongly by members or by meaning, strongest first."""
        if not is_coordinator(coordinator):
            raise Forbidden("only coordinators see merge candidates")
        candidates = []
        for row in self.groups.overlaps(NEIGHBOURS + 1):
            smaller = max(1, min(row["size_a"], row["size_b"]))
            overlap = row["shared"] / smaller
            cosine = float(row["cosine"])
            by_members = row["shared"] >= MIN_SHARED and overlap >= MEMBER_THRESHOLD
            if not by_members and cosine < MEANING_THRESHOLD:
                continue
            reasons = []
            if by_members:
                reasons.append(f"{row['shared']} shared members ({overlap:.0%} of the smaller group)")
            if cosine >= MEANING_THRESHOLD:
                reasons.append(f"their learning questions and topics are close in meaning ({cosine:.2f})")
            candidates.append((max(overlap, cosine), row["a"], row["b"], overlap, row["shared"], cosine, reasons))
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        groups = self.groups.get_many(sorted({c[1] for c in candidates} | {c[2] for c in candidates}))
        return [MergeCandidate(groups[a], groups[b], round(overlap, 4), shared, round(cosine, 4), reasons)
                for _, a, b, overlap, shared, cosine, reasons in candidates]
