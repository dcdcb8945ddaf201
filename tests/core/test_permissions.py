"""Who may do what, read straight from the rules (qnet/core/permissions.py): plain inputs, plain answers."""

from __future__ import annotations

from dataclasses import dataclass

from qnet.core import permissions as may
from qnet.core.records import Member


def member(member_id: str, account_role: str = "member") -> Member:
    return Member(id=member_id, key=member_id, email=f"{member_id}@example.org", name=member_id.title(),
                  role="nurse", organisation=None, region="London", bio="", skills=[], interests=[],
                  account_role=account_role, joined_at="2026-01-01T00:00:00Z")


@dataclass(frozen=True)
class Ref:
    """Who wrote something, as an idea or a comment names its author."""

    id: str
    name: str


@dataclass(frozen=True)
class Writing:
    author: Ref | None
    status: str = "open"


@dataclass(frozen=True)
class Team:
    roles: dict[str, str]

    def role_of(self, member_id: str) -> str | None:
        return self.roles.get(member_id)


AMIRA, TOM = member("amira"), member("tom")
COORDINATOR, ADMIN = member("cora", "coordinator"), member("ada", "admin")
AMIRAS_IDEA = Writing(Ref("amira", "Amira"))
AMIRAS_DRAFT = Writing(Ref("amira", "Amira"), status="draft")
ORPHANED = Writing(None)  # its author deleted their account


def test_the_author_rule_holds_for_ideas_and_comments_alike() -> None:
    assert may.wrote(AMIRA, "amira") and not may.wrote(TOM, "amira")
    assert not may.wrote(AMIRA, None)  # what a former member wrote is nobody's to change
    assert may.may_change_comment(AMIRA, "amira") and not may.may_change_comment(COORDINATOR, "amira")
    assert may.may_withdraw_idea(AMIRA, AMIRAS_IDEA) and not may.may_withdraw_idea(ADMIN, AMIRAS_IDEA)


def test_members_edit_only_their_own_ideas_and_profiles_and_admins_any() -> None:
    assert may.may_edit_idea(AMIRA, AMIRAS_IDEA) and may.may_edit_idea(ADMIN, AMIRAS_IDEA)
    assert not may.may_edit_idea(TOM, AMIRAS_IDEA) and not may.may_edit_idea(COORDINATOR, AMIRAS_IDEA)
    assert not may.may_edit_idea(TOM, ORPHANED)
    assert may.may_edit_profile(TOM, "tom") and may.may_edit_profile(ADMIN, "tom")
    assert not may.may_edit_profile(AMIRA, "tom") and not may.may_edit_profile(COORDINATOR, "tom")


def test_someone_elses_draft_is_seen_only_by_its_author_and_coordinators() -> None:
    assert may.may_see_idea(AMIRA, AMIRAS_DRAFT) and may.may_see_idea(COORDINATOR, AMIRAS_DRAFT)
    assert not may.may_see_idea(TOM, AMIRAS_DRAFT) and may.may_see_idea(TOM, AMIRAS_IDEA)


def test_authors_move_their_ideas_but_only_coordinators_touch_the_shortlist() -> None:
    assert may.idea_status_refusal(AMIRA, AMIRAS_IDEA, "in_progress") is None
    assert may.idea_status_refusal(AMIRA, AMIRAS_IDEA, "shortlisted") == \
        "only coordinators move ideas into and out of the shortlist"
    assert may.idea_status_refusal(AMIRA, Writing(Ref("amira", "Amira"), "shortlisted"), "open") is not None
    assert may.idea_status_refusal(AMIRA, AMIRAS_IDEA, "funded") == "authors cannot set that status"
    assert may.idea_status_refusal(TOM, AMIRAS_IDEA, "archived") == \
        "only the idea's author or a coordinator can change its status"
    assert may.idea_status_refusal(COORDINATOR, AMIRAS_IDEA, "shortlisted") is None


def test_coordinators_and_admins_pass_coordinator_routes_and_nobody_signed_out_does() -> None:
    assert may.is_coordinator(COORDINATOR) and may.is_coordinator(ADMIN)
    assert not may.is_coordinator(AMIRA) and not may.is_coordinator(None)
    assert may.has_role(COORDINATOR, ("coordinator",)) and may.has_role(ADMIN, ("coordinator",))
    assert not may.has_role(AMIRA, ("coordinator",))


def test_round_results_are_for_everyone_once_out_and_for_coordinators_before() -> None:
    assert may.may_see_results(TOM, "results") and not may.may_see_results(TOM, "voting")
    assert may.may_see_results(COORDINATOR, "voting")
    assert may.may_enter_idea(AMIRA, AMIRAS_IDEA) and may.may_enter_idea(COORDINATOR, AMIRAS_IDEA)
    assert not may.may_enter_idea(TOM, AMIRAS_IDEA)


def test_leads_and_conveners_run_their_own_project_and_group() -> None:
    project, group = Team({"amira": "lead", "tom": "member"}), Team({"tom": "convener"})
    assert may.leads_project(AMIRA, project) and may.leads_project(ADMIN, project)
    assert not may.leads_project(TOM, project) and not may.leads_project(COORDINATOR, project)
    assert may.may_edit_group(TOM, group) and may.may_edit_group(ADMIN, group)
    assert not may.may_edit_group(AMIRA, group)
    assert may.may_post_progress(TOM, ["amira", "tom"]) and not may.may_post_progress(COORDINATOR, ["amira"])
