"""Typed records that leave the graph layer; repositories map Neo4j rows into these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class SkillLevel:
    key: str
    name: str
    level: int


@dataclass(frozen=True)
class Member:
    """A member as stored. `email` is private: output schemas decide where it may appear."""

    id: str
    key: str
    email: str
    name: str
    role: str
    organisation: str | None
    region: str
    bio: str
    skills: list[SkillLevel]
    interests: list[str]
    account_role: str
    joined_at: str
    searchable: bool = True
    suggestable: bool = True

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Member:
        skills = sorted(
            (SkillLevel(s["key"], s["name"], int(s["level"])) for s in row.get("skills") or []),
            key=lambda s: (-s.level, s.name.lower()),
        )
        return cls(
            id=row["id"],
            key=row["key"],
            email=row["email"],
            name=row["name"],
            role=row["role"],
            organisation=row.get("organisation"),
            region=row["region"],
            bio=row.get("bio") or "",
            skills=skills,
            interests=sorted(row.get("interests") or []),
            account_role=row.get("account_role") or "member",
            joined_at=str(row.get("joined_at") or ""),
            searchable=row.get("searchable", True) is not False,
            suggestable=row.get("suggestable", True) is not False,
        )


@dataclass(frozen=True)
class Credentials:
    member_id: str
    password_hash: str | None
    account_role: str


@dataclass(frozen=True)
class ApiToken:
    id: str
    name: str
    created_at: str
    last_used_at: str | None = None


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a keyset-paginated listing; `next_cursor` is None on the last page."""

    items: list[T]
    next_cursor: str | None = None


@dataclass(frozen=True)
class MemberWrite:
    """A complete profile to store, already validated and normalised by the caller."""

    key: str
    email: str
    name: str
    role: str
    organisation: str | None
    organisation_key: str | None
    region: str
    bio: str
    skills: list[SkillLevel]
    interests: list[tuple[str, str]]  # (key, display name)
    embedding: list[float] | None = None
    embedding_hash: str | None = None
    skill_aliases: list[str] = field(default_factory=list)
    segments: list[str] | None = None
    segment_vectors: bytes | None = None  # the segments' vectors, packed little-endian float16
    search_embedding: list[float] | None = None  # the search space's member vector (qnet.matching.meaning.search_space)
    extra: dict[str, Any] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The parameter map the member-writing Cypher expects."""
        return {
            "key": self.key,
            "email": self.email,
            "name": self.name,
            "sort_name": self.name.casefold(),
            "role": self.role,
            "organisation": self.organisation,
            "organisation_key": self.organisation_key,
            "region": self.region,
            "bio": self.bio,
            "skills": [{"key": s.key, "name": s.name, "level": s.level} for s in self.skills],
            "skills_text": " ; ".join([s.name for s in self.skills] + self.skill_aliases),
            "interests": [{"key": k, "name": n} for k, n in self.interests],
            "interests_text": " ; ".join(n for _, n in self.interests),
            "embedding": self.embedding,
            "embedding_hash": self.embedding_hash,
            "segments": self.segments,
            "segment_vectors": self.segment_vectors,
            "search_embedding": self.search_embedding,
        }
