"""Member profiles: normalise what a member wrote, embed it when its text changed, store it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import numpy as np

from qnet.core.filters import MemberFilters
from qnet.core.records import Member, MemberWrite, Page, SkillLevel
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.meaning.embedding import DIMENSIONS, Embedder, content_hash
from qnet.matching.meaning.glossary import expand_abbreviations
from qnet.matching.meaning.search_space import first_block, mean_of, space_of
from qnet.matching.meaning.text import mean_vector, profile_segments
from qnet.matching.people.skills import Taxonomy, normalise_topic, slug, taxonomy


def pack_vectors(block: np.ndarray) -> bytes:
    """Segment vectors as one little-endian float16 byte array (a Neo4j byte[]): one value for the
    server to parse instead of thousands, and 2 bytes a value. The sentence vectors only pick and
    score a profile's best sentence; half precision moves a cosine by < 0.001, and halves the largest
    property a member has (~12 KB -> ~6 KB), which every member write and search shortlist carries."""
    return np.ascontiguousarray(block, dtype="<f2").tobytes()


def unpack_vectors(stored: bytes | bytearray | list[float] | None, count: int,
                   dims: int = DIMENSIONS) -> np.ndarray | None:
    """(count, dims) float32 rows from what a store holds: float16 bytes (now), float32 bytes
    (written before December 2026) or a float list (earlier still); None if they do not fit `count`
    rows of `dims` (e.g. MiniLM-only vectors written before the search space had three encoders)."""
    if not stored or count <= 0:
        return None
    if isinstance(stored, (bytes, bytearray)):
        width = {count * dims * 2: "<f2", count * dims * 4: "<f4"}.get(len(stored))
        if width is None:
            return None
        return np.frombuffer(stored, dtype=width).astype(np.float32).reshape(count, dims)
    values = np.asarray(stored, dtype=np.float32)
    return values.reshape(count, dims) if values.size == count * dims else None


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
    def from_dict(cls, data: dict[str, Any]) -> ProfileInput:
        return cls(
            name=data["name"],
            role=data["role"],
            region=data["region"],
            organisation=data.get("organisation") or None,
            bio=data.get("bio") or "",
            skills=tuple((s["name"], int(s["level"])) for s in data.get("skills") or ()),
            interests=tuple(data.get("interests") or ()),
        )


class ProfileService:
    def __init__(self, members: MemberRepository, embedder: Embedder, skills: Taxonomy | None = None) -> None:
        self.members = members
        self.embedder = embedder
        self.taxonomy = skills or taxonomy()

    # -- reads, for the web and the CLI (they reach members through this service, never the repository)
    def get(self, member_id: str) -> Member:
        """The member with this id (NotFound if there is none)."""
        return self.members.get(member_id)

    def find_by_email(self, email: str) -> Member | None:
        return self.members.find_by_email(email)

    def browse(self, filters: MemberFilters, limit: int, cursor: str | None = None) -> Page[Member]:
        """Members in name order, filtered, one keyset page at a time (the hidden ones left out)."""
        return self.members.browse(filters, limit, cursor)

    def count(self) -> int:
        return self.members.count()

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
        organisation = organisation or None  # spaces alone mean no organisation
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

    @staticmethod
    def segments_of(write: MemberWrite, projects: list[str] | None = None) -> list[str]:
        return profile_segments(write.role, write.organisation, write.region, write.bio,
                                [(s.name, s.level) for s in write.skills], [name for _, name in write.interests],
                                projects)

    def with_embeddings(self, writes: list[MemberWrite], known_hashes: dict[str, str | None],
                        projects: dict[str, list[str]] | None = None) -> list[MemberWrite]:
        """Attach embeddings, encoding only the profiles whose text changed since last time.

        All segments of all changed profiles go to the search space's encoders in one batch
        (qnet.matching.meaning.search_space); each member's vectors are normalised means of its segment vectors
        (see qnet.matching.meaning.text): `search_embedding` over the whole space, `embedding` over its
        MiniLM block. The sentence vectors kept for explanations are the space's. `projects`
        (key -> sorted project titles) is read from the graph unless a bulk loader already knows it.
        """
        if projects is None:
            projects = self.members.project_titles([w.key for w in writes])
        segments = [self.segments_of(w, projects.get(w.key)) for w in writes]
        expanded = [[expand_abbreviations(text) for text in segs] for segs in segments]
        # The models' names are part of the hash, so changing a model re-embeds everyone.
        space = space_of(self.embedder)
        model = f"{self.embedder.model_name}|{space.name}"
        hashes = [content_hash(model + "\n" + "\n".join(segs)) for segs in expanded]
        todo = [i for i, (w, h) in enumerate(zip(writes, hashes)) if known_hashes.get(w.key) != h]
        flat = [text for i in todo for text in expanded[i]]
        vectors = space.passages(flat)
        out = list(writes)
        start = 0
        for i in todo:
            block = vectors[start:start + len(expanded[i])]
            start += len(expanded[i])
            out[i] = MemberWrite(**{
                **writes[i].__dict__,
                "embedding": mean_vector(first_block(block)).tolist(),
                "search_embedding": mean_of(block).tolist(),
                "embedding_hash": hashes[i],
                "segments": segments[i],
                "segment_vectors": pack_vectors(block),
            })
        return out

    def register(self, email: str, profile: ProfileInput, *, password_hash: str | None,
                 account_role: str = "member", key: str | None = None) -> Member:
        write = self.normalise(key or f"qm-{uuid.uuid4().hex[:12]}", email, profile)
        [write] = self.with_embeddings([write], {})
        return self.members.create(write, password_hash=password_hash, account_role=account_role)

    def reindex(self, members: list[Member], force: bool = False) -> int:
        """Re-embed these members where their text (or the model) changed; return how many."""
        writes = [self.normalise(m.key, m.email, ProfileInput(
            name=m.name, role=m.role, region=m.region, organisation=m.organisation, bio=m.bio,
            skills=tuple((s.name, s.level) for s in m.skills), interests=tuple(m.interests))) for m in members]
        known = {} if force else self.members.embedding_hashes([w.key for w in writes])
        embedded = [w for w in self.with_embeddings(writes, known) if w.embedding is not None]
        if embedded:
            self.members.write_embeddings(embedded)
        return len(embedded)

    def refresh_embedding(self, member_id: str) -> bool:
        """Re-embed one member if their text changed (e.g. after joining a project)."""
        return self.reindex([self.members.get(member_id)]) == 1

    def update(self, member_id: str, profile: ProfileInput) -> Member:
        current = self.members.get(member_id)
        write = self.normalise(current.key, current.email, profile)
        known = self.members.embedding_hashes([current.key])
        [write] = self.with_embeddings([write], known)
        return self.members.update(member_id, write)
