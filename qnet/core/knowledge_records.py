"""Records of knowledge sharing (ideas, projects, groups) as every layer sees them; repositories map rows into these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qnet.core.vocabulary import TEAM_ROLES


@dataclass(frozen=True)
class Ref:
    """A small reference to another node (an author, a project) inside a representation."""

    id: str
    name: str


def ref(row: dict[str, Any] | None) -> Ref | None:
    if not row:
        return None
    return Ref(id=row["id"], name=row.get("name") or row.get("title") or "")


@dataclass(frozen=True)
class TeamMember:
    id: str
    name: str
    role: str


@dataclass(frozen=True)
class Project:
    id: str
    title: str
    aim: str
    setting: str
    region: str | None
    status: str
    methods: list[Ref]  # id = skill key
    team: list[TeamMember]
    ideas: list[Ref]
    follower_count: int
    comment_count: int
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Project:
        return cls(
            id=row["id"], title=row["title"], aim=row.get("aim") or "", setting=row.get("setting") or "",
            region=row.get("region"), status=row["status"],
            methods=sorted((Ref(m["key"], m["name"]) for m in row.get("methods") or []), key=lambda r: r.name),
            team=sorted((TeamMember(**t) for t in row.get("team") or []),
                        key=lambda t: (TEAM_ROLES.index(t.role) if t.role in TEAM_ROLES else 9, t.name)),
            ideas=sorted((Ref(i["id"], i["name"]) for i in row.get("ideas") or []), key=lambda r: r.name),
            follower_count=int(row.get("follower_count") or 0), comment_count=int(row.get("comment_count") or 0),
            created_at=row["created_at"],
        )

    def role_of(self, member_id: str) -> str | None:
        return next((t.role for t in self.team if t.id == member_id), None)


@dataclass(frozen=True)
class Idea:
    id: str
    title: str
    summary: str
    body: str
    body_html: str
    topics: list[str]
    region: str | None
    status: str
    author: Ref | None
    project: Ref | None
    rounds: list[str]
    support_count: int
    comment_count: int
    follower_count: int
    created_at: str
    updated_at: str
    funded: bool = False
    withdrawn: bool = False
    duplicate_of: str | None = None
    supported_by_me: bool = False
    following: bool = False

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Idea:
        return cls(
            id=row["id"], title=row["title"], summary=row["summary"], body=row.get("body") or "",
            body_html=row.get("body_html") or "", topics=sorted(row.get("topics") or []),
            region=row.get("region"), status=row["status"], author=ref(row.get("author")),
            project=ref(row.get("project")), rounds=sorted(row.get("rounds") or []),
            support_count=int(row.get("support_count") or 0), comment_count=int(row.get("comment_count") or 0),
            follower_count=int(row.get("follower_count") or 0), created_at=row["created_at"],
            updated_at=row.get("updated_at") or row["created_at"], funded=bool(row.get("funded")),
            withdrawn=bool(row.get("withdrawn")), duplicate_of=row.get("duplicate_of"),
            supported_by_me=bool(row.get("supported_by_me")), following=bool(row.get("following")),
        )

    def is_authored_by(self, member_id: str) -> bool:
        return self.author is not None and self.author.id == member_id


@dataclass(frozen=True)
class Group:
    id: str
    name: str
    learning_question: str
    description: str
    topics: list[str]
    members: list[TeamMember]
    follower_count: int
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Group:
        return cls(id=row["id"], name=row["name"], learning_question=row.get("learning_question") or "",
                   description=row.get("description") or "", topics=sorted(row.get("topics") or []),
                   members=sorted((TeamMember(**m) for m in row.get("members") or []),
                                  key=lambda m: (m.role != "convener", m.name)),
                   follower_count=int(row.get("follower_count") or 0), created_at=row["created_at"])

    @property
    def conveners(self) -> list[TeamMember]:
        return [m for m in self.members if m.role == "convener"]

    def role_of(self, member_id: str) -> str | None:
        return next((m.role for m in self.members if m.id == member_id), None)

