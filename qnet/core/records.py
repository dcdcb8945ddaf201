"""Typed records that leave the graph layer; repositories map Neo4j rows into these."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar

from qnet.core.vocabulary import CRITERION_KEYS

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


@dataclass(frozen=True)
class Review:
    reviewer_id: str
    reviewer_name: str
    scores: dict[str, int]
    notes: dict[str, str]
    at: datetime
    conflict_of_interest: bool


@dataclass(frozen=True)
class Application:
    id: str
    phase_id: str
    phase_name: str
    name: str
    email: str
    organisation: str | None
    region: str
    role: str
    route: str
    route_evidence: str | None
    answers: dict[str, str]
    status: str
    submitted_at: datetime
    reviews_required: int
    reviews: list[Review]
    decided_at: datetime | None = None
    decision_message: str | None = None
    member_id: str | None = None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Application:
        reviews = [
            Review(r["reviewer_id"], r["reviewer_name"], dict(zip(CRITERION_KEYS, r["scores"])),
                   {k: n for k, n in zip(CRITERION_KEYS, r["notes"]) if n}, r["at"].to_native(),
                   bool(r["conflict_of_interest"]))
            for r in row["reviews"]
        ]
        return cls(
            id=row["id"], phase_id=row["phase_id"], phase_name=row["phase_name"], name=row["name"],
            email=row["email"], organisation=row.get("organisation"), region=row["region"], role=row["role"],
            route=row["route"], route_evidence=row.get("route_evidence"),
            answers={k: row[f"answer_{k}"] for k in CRITERION_KEYS}, status=row["status"],
            submitted_at=row["submitted_at"].to_native(), reviews_required=int(row["reviews_required"]),
            reviews=sorted(reviews, key=lambda r: r.at),
            decided_at=row["decided_at"].to_native() if row.get("decided_at") else None,
            decision_message=row.get("decision_message"), member_id=row.get("member_id"),
        )


@dataclass(frozen=True)
class Listed:
    """A course or organisation on a phase's list: `key` is what applicants' evidence is matched by."""

    key: str
    name: str


@dataclass(frozen=True)
class Partner:
    key: str
    name: str
    region: str


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    opens_at: datetime
    closes_at: datetime
    routes: list[str]
    courses: list[Listed]
    organisations: list[Listed]
    partners: list[Partner]
    reviews_required: int
    announced_at: datetime | None = None

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Phase:
        return cls(
            id=row["id"],
            name=row["name"],
            opens_at=row["opens_at"].to_native(),
            closes_at=row["closes_at"].to_native(),
            routes=list(row["routes"]),
            courses=sorted((Listed(c["key"], c["name"]) for c in row["courses"]), key=lambda x: x.name),
            organisations=sorted((Listed(o["key"], o["name"]) for o in row["organisations"]),
                                 key=lambda x: x.name),
            partners=sorted((Partner(p["key"], p["name"], p["region"]) for p in row["partners"]),
                            key=lambda x: (x.region, x.name)),
            reviews_required=int(row["reviews_required"]),
            announced_at=row["announced_at"].to_native() if row.get("announced_at") else None,
        )


@dataclass(frozen=True)
class Notification:
    id: str
    kind: str
    actor_id: str | None
    actor_name: str | None
    text: str
    link: str | None
    subject_id: str | None
    created_at: str
    created_ms: int
    read: bool
    mail: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Notification:
        n = row["n"]
        return cls(n["id"], n["kind"], n.get("actor"), row.get("actor_name"), n["text"], n.get("link"),
                   n.get("subject"), n["created_at"], int(n["created_ms"]), bool(n["read"]),
                   n.get("mail") or "never")


@dataclass(frozen=True)
class NotificationPage:
    notifications: list[Notification]
    unread: int
    next_cursor: str | None


@dataclass(frozen=True)
class ClusterRun:
    id: str
    status: str  # running, done, failed
    stage: str
    progress: float
    started_at: str
    finished_at: str | None
    error: str | None
    seed: int
    resolution: float | None
    members: int | None
    clusters: int | None
    modularity: float | None
    started_by: str | None
    previous_run: str | None
    timings: dict[str, float]
    changes: list[dict[str, Any]]
    moved: int | None
    joined_since: int | None
    left_since: int | None

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> ClusterRun:
        return cls(r["id"], r["status"], r.get("stage") or "", float(r.get("progress") or 0.0), r["started_at"],
                   r.get("finished_at"), r.get("error"), int(r.get("seed") or 0), r.get("resolution"),
                   r.get("members"), r.get("clusters"), r.get("modularity"), r.get("started_by"),
                   r.get("previous_run"), json.loads(r.get("timings") or "{}"),
                   json.loads(r.get("changes") or "[]"), r.get("moved"), r.get("joined_since"), r.get("left_since"))

