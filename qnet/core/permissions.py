"""Who may do what: every rule once, as pure functions over records.

The services in qnet.matching enforce these rules (raising Forbidden with their own words); the web
asks the same functions to decide what to show (an Edit link, a coordinator's menu) and which
routes to open. Admins may do whatever coordinators may, and edit what members wrote.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Protocol

from qnet.core.records import Member

COORDINATOR_ROLES = frozenset({"coordinator", "admin"})
# The statuses an idea's author may give it; only coordinators move ideas into or out of the shortlist.
AUTHOR_STATUSES = frozenset({"draft", "open", "in_progress", "completed", "archived"})


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


class Authored(Protocol):
    """Something a member wrote (an idea, a comment); no author: they deleted their account."""

    @property
    def author(self) -> _Identified | None: ...


class Published(Authored, Protocol):
    """An idea: written by a member, in a status (a draft is its author's alone)."""

    @property
    def status(self) -> str: ...


class Team(Protocol):
    """A project or group: each member of it has a role (lead, convener, member...)."""

    def role_of(self, member_id: str) -> str | None: ...


# -- accounts -------------------------------------------------------------------------------------
def is_admin(member: Member) -> bool:
    return member.account_role == "admin"


def is_coordinator(member: Member | None) -> bool:
    """Coordinators (and admins) moderate, run rounds and phases, and see the coordinator's tools."""
    return member is not None and member.account_role in COORDINATOR_ROLES


def has_role(member: Member, roles: Collection[str]) -> bool:
    """A route open to some account roles: admins always pass."""
    return member.account_role in roles or is_admin(member)


def may_edit_profile(member: Member, member_id: str) -> bool:
    """Members edit only their own profile; admins may edit any."""
    return member_id == member.id or is_admin(member)


# -- the author rule ------------------------------------------------------------------------------
def wrote(member: Member, author_id: str | None) -> bool:
    """The author rule: `member` wrote it (what a former member wrote has no author)."""
    return author_id is not None and author_id == member.id


def author_of(record: Authored) -> str | None:
    return record.author.id if record.author is not None else None


def may_edit_idea(member: Member, idea: Authored) -> bool:
    """Authors edit their own ideas; admins may edit any."""
    return wrote(member, author_of(idea)) or is_admin(member)


def may_withdraw_idea(member: Member, idea: Authored) -> bool:
    return wrote(member, author_of(idea))


def may_see_idea(member: Member, idea: Published) -> bool:
    """Someone else's draft does not exist for a member; coordinators see drafts."""
    return idea.status != "draft" or wrote(member, author_of(idea)) or is_coordinator(member)


def may_enter_idea(member: Member, idea: Authored) -> bool:
    """Into a funding round: the idea's author, or a coordinator."""
    return wrote(member, author_of(idea)) or is_coordinator(member)


def idea_status_refusal(member: Member, idea: Published, status: str) -> str | None:
    """Why `member` may not move `idea` to `status`, or None when they may."""
    if is_coordinator(member):
        return None
    if not wrote(member, author_of(idea)):
        return "only the idea's author or a coordinator can change its status"
    if "shortlisted" in (status, idea.status):
        return "only coordinators move ideas into and out of the shortlist"
    if status not in AUTHOR_STATUSES:
        return "authors cannot set that status"
    return None


def may_change_comment(member: Member, author_id: str | None) -> bool:
    """Edit or delete a comment: its author only (moderation is the coordinators' and is recorded)."""
    return wrote(member, author_id)


def may_see_results(member: Member, phase: str) -> bool:
    """A round's exact counts: for everyone once results are out, for coordinators at any time."""
    return phase == "results" or is_coordinator(member)


# -- projects and groups --------------------------------------------------------------------------
def leads_project(member: Member, project: Team) -> bool:
    """The project's lead (or an admin) answers its join requests."""
    return project.role_of(member.id) == "lead" or is_admin(member)


def may_edit_group(member: Member, group: Team) -> bool:
    """A group's conveners (or an admin) edit it."""
    return group.role_of(member.id) == "convener" or is_admin(member)


def may_post_progress(member: Member, team: Collection[str]) -> bool:
    """A funded idea's progress: posted by its author or its project's team (`team`: their ids)."""
    return member.id in team
