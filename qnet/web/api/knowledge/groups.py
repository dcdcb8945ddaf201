"""Special interest groups: convene, join, leave, follow; suggestions; merge candidates."""

from __future__ import annotations

from typing import Any

from qnet.core.knowledge_records import Group
from qnet.core.records import Page
from qnet.matching.knowledge.groups import GroupInput
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.api.knowledge.follows import add_follow_operations
from qnet.web.listings import paginated
from qnet.web.schemas.knowledge.groups import (
    GroupListArgsSchema,
    GroupPageSchema,
    GroupSchema,
    GroupSuggestionsSchema,
    GroupWriteSchema,
    MergeCandidatesSchema,
)
from qnet.web.schemas.knowledge.projects import SuggestionArgsSchema
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("groups", __name__, url_prefix=PREFIX, description="Special interest groups")


@bp.operation("GET", "/groups", query=GroupListArgsSchema, gives=GroupPageSchema)
@paginated("groups")
def browse_groups(args: dict[str, Any]) -> Page[Group]:
    """Groups, newest first; filter by topic."""
    return listings.groups(args)


@bp.operation("POST", "/groups", body=GroupWriteSchema, gives=GroupSchema, status=201)
def convene_group(data: dict[str, Any]) -> Group:
    """Convene a group around a learning question; I (and any co-conveners named) convene it."""
    return services().knowledge.groups.convene(current_member(), GroupInput.from_dict(data))


@bp.operation("GET", "/groups/merge-candidates", gives=MergeCandidatesSchema, who=role_required("coordinator"))
def merge_candidates() -> dict[str, Any]:
    """Coordinators: pairs of groups that overlap strongly by members or by meaning."""
    return {"candidates": services().knowledge.groups.merge_candidates(current_member())}


@bp.operation("GET", "/groups/<group_id>", gives=GroupSchema)
def get_group(group_id: str) -> Group:
    return services().knowledge.groups.get(group_id)


@bp.operation("PUT", "/groups/<group_id>", body=GroupWriteSchema, gives=GroupSchema)
def update_group(data: dict[str, Any], group_id: str) -> Group:
    """Replace a group's description: its conveners only."""
    return services().knowledge.groups.update(current_member(), group_id, GroupInput.from_dict(data))


@bp.operation("POST", "/groups/<group_id>/members/me", gives=GroupSchema)
def join_group(group_id: str) -> Group:
    return services().knowledge.groups.join(current_member(), group_id)


@bp.operation("DELETE", "/groups/<group_id>/members/me", gives=GroupSchema)
def leave_group(group_id: str) -> Group:
    return services().knowledge.groups.leave(current_member(), group_id)


@bp.operation("GET", "/members/me/group-suggestions", query=SuggestionArgsSchema, gives=GroupSuggestionsSchema)
def group_suggestions(args: dict[str, Any]) -> dict[str, Any]:
    """Groups I might join: close to my profile, about my interests, with my connections in them."""
    return {"suggestions": services().knowledge.groups.suggestions(current_member(), args["limit"])}


add_follow_operations(bp, "/groups/<group_id>/follow", "group")
