"""The filters a listing or search accepts, built by the web from a request and read by the repositories."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class IdeaFilters:
    topic: str | None = None  # a topic key
    region: str | None = None
    status: str | None = None
    author: str | None = None  # a member id
    round: str | None = None  # a round id


@dataclass(frozen=True)
class QueueFilters:
    phase: str | None = None
    route: str | None = None
    region: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class MemberFilters:
    skill: str | None = None  # a normalised skill key
    region: str | None = None
    role: str | None = None
    organisation: str | None = None  # an organisation key


@dataclass(frozen=True)
class SearchFilters:
    region: str | None = None
    role: str | None = None
    skill: str | None = None  # a normalised skill key

    @property
    def any(self) -> bool:
        return any((self.region, self.role, self.skill))

