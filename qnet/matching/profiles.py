"""Member profiles: normalise what a member wrote, embed it when its text changed, store it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from qnet.graph.members import MemberRepository
from qnet.graph.models import Member, MemberWrite, SkillLevel
from qnet.matching.embedding import Embedder, content_hash
from qnet.matching.skills import Taxonomy, normalise_topic, slug, taxonomy

LEVEL_WORDS = {1: "learning", 2: "practised", 3: "expert"}


@dataclass(frozen=True)
class ProfileInput:
    """A validated profile as a member (or an import line) gave it."""

    name: str
    role: str
    region: str
    organisation: str | None = None
    bio: str = ""
    skills: tuple[tuple[str, int], ...] = ()
    interests: tuple[str, ...] = ()

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "ProfileInput":
        return cls(
            name=data["name"],
            role=data["role"],
            region=data["region"],
            organisation=data.get("organisation") or None,
            bio=data.get("bio") or "",
            skills=tuple((s["name"], int(s["level"])) for s in data.get("skills") or ()),
            interests=tuple(data.get("interests") or ()),
        )


def member_text(role: str, organisation: str | None, region: str, bio: str,
                skills: list[SkillLevel], interests: list[str], projects: list[str] = ()) -> str:  # type: ignore[assignment]
    """The text a member is embedded from: what they do, know and care about (not their name)."""
    parts = [f"{role}" + (f" at {organisation}" if organisation else "") + f", {region}."]
    if bio:
        parts.append(bio.strip())
    if skills:
        parts.append("Skills: " + "; ".join(f"{s.name} ({LEVEL_WORDS[s.level]})" for s in skills) + ".")
    if interests:
        parts.append("Interests: " + "; ".join(interests) + ".")
    if projects:
        parts.append("Projects: " + "; ".join(projects) + ".")
    return " ".join(parts)


class ProfileService:
    def __init__(self, members: MemberRepository, embedder: Embedder, skills: Taxonomy | None = None) -> None:
        self.members = members
        self.embedder = embedder
        self.taxonomy = skills or taxonomy()

    def normalise(self, key: str, email: str, profile: ProfileInput) -> MemberWrite:
        """Resolve skills to one node each (highest level wins) and tidy interests."""
        levels: dict[str, SkillLevel] = {}
        aliases: list[str] = []
        for written, level in profile.skills:
            skill = self.taxonomy.resolve(written)
            current = levels.get(skill.key)
            if current is None or level > current.level:
                levels[skill.key] = SkillLevel(skill.key, skill.name, level)
        for skill_key in levels:
            aliases.extend(self.taxonomy.aliases_of(skill_key))
        interests: dict[str, str] = {}
        for written in profile.interests:
            topic_key, name = normalise_topic(written)
            interests.setdefault(topic_key, name)
        organisation = " ".join(profile.organisation.split()) if profile.organisation else None
        return MemberWrite(
            key=key,
            email=email,
            name=" ".join(profile.name.split()),
            role=profile.role,
            organisation=organisation,
            organisation_key=slug(organisation) if organisation else None,
            region=profile.region,
            bio=profile.bio.strip(),
            skills=sorted(levels.values(), key=lambda s: (-s.level, s.name.casefold())),
            interests=sorted(interests.items()),
            skill_aliases=aliases,
        )

    def text_of(self, write: MemberWrite) -> str:
        return member_text(write.role, write.organisation, write.region, write.bio, write.skills,
                           [name for _, name in write.interests])

    def with_embeddings(self, writes: list[MemberWrite], known_hashes: dict[str, str | None]) -> list[MemberWrite]:
        """Attach embeddings, encoding only the profiles whose text changed since last time."""
        texts = [self.text_of(w) for w in writes]
        hashes = [content_hash(t) for t in texts]
        todo = [i for i, (w, h) in enumerate(zip(writes, hashes)) if known_hashes.get(w.key) != h]
        vectors = self.embedder.embed([texts[i] for i in todo])
        out = list(writes)
        for row, i in enumerate(todo):
            w = writes[i]
            out[i] = MemberWrite(**{**w.__dict__, "embedding": vectors[row].tolist(), "embedding_hash": hashes[i]})
        return out

    def register(self, email: str, profile: ProfileInput, *, password_hash: str | None,
                 account_role: str = "member", key: str | None = None) -> Member:
        write = self.normalise(key or f"qm-{uuid.uuid4().hex[:12]}", email, profile)
        [write] = self.with_embeddings([write], {})
        return self.members.create(write, password_hash=password_hash, account_role=account_role)

    def update(self, member_id: str, profile: ProfileInput) -> Member:
        current = self.members.get(member_id)
        write = self.normalise(current.key, current.email, profile)
        known = self.members.embedding_hashes([current.key])
        [write] = self.with_embeddings([write], known)
        return self.members.update(member_id, write)
