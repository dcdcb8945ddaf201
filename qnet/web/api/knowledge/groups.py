"""Special interest groups: convene, join, leave, follow; suggestions; merge candidates."""

from __future__ import annotations

from typing import Any

from qnet.core.knowledge_records import Group
from qnet.core.records import Page
from qnet.matching.knowledge.groups import GroupInput
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.listings import paginated
from qnet.web.schemas.knowledge.groups import (
    GroupListArgsSchema,
    GroupPageSchema,
    GroupSchema,
    GroupSuggestionsSchema,
    GroupWriteSchema,
    MergeCandidatesSchema,
)
from qnet.web.schemas.knowledge.ideas import FollowSchema
from qnet.web.schemas.knowledge.projects import SuggestionArgsSchema
from qnet.web.security import current_member, member_required, role_required
from qnet.web.services import services

bp = Blueprint("groups", __name__, url_prefix=PREFIX, description="Special interest groups")


@bp.post("/groups")
@bp.arguments(GroupWriteSchema)
@bp.response(201, GroupSchema)
@member_required
def convene_group(data: dict[str, Any]) -> Group:
    """Convene a group around a learning question; I (and any co-conveners named) convene it."""
    return services().knowledge.groups.convene(current_member(), GroupInput.from_dict(data))


@bp.get("/groups")
@bp.arguments(GroupListArgsSchema, location="query")
@bp.response(200, GroupPageSchema)
@member_required
@paginated("groups")
def browse_groups(args: dict[str, Any]) -> Page[Group]:
    return listings.groups(args)


@bp.get("/groups/merge-candidates")
@bp.response(200, MergeCandidatesSchema)
@role_required("coordinator")
def merge_candidates() -> dict[str, Any]:
    """Coordinators: pairs of groups that overlap strongly by members or by meaning."""
    return {"candidates": services().knowledge.groups.merge_candidates(current_member())}


@bp.get("/groups/<group_id>")
@bp.response(200, GroupSchema)
@member_required
def get_group(group_id: str) -> Group:
    return services().knowledge.groups.get(group_id)


@bp.put("/groups/<group_id>")
@bp.arguments(GroupWriteSchema)
@bp.response(200, GroupSchema)
@member_required
def update_group(data: dict[str, Any], group_id: str) -> Group:
    """Replace a group's description: its conveners only."""
    return services().knowledge.groups.update(current_member(), group_id, GroupInput.from_dict(data))


@bp.post("/groups/<group_id>/members/me")
@bp.response(200, GroupSchema)
@member_required
def join_group(group_id: str) -> Group:
    return services().knowledge.groups.join(current_member(), group_id)


@bp.delete("/groups/<group_id>/members/me")
@bp.response(200, GroupSchema)
@member_required
def leave_group(group_id: str) -> Group:
    return services().knowledge.groups.leave(current_member(), group_id)


@bp.post("/groups/<group_id>/follow")
@bp.response(200, FollowSchema)
@member_required
def follow_group(group_id: str) -> dict[str, Any]:
    return {"following": True,
            "follower_count": services().knowledge.ideas.follow(current_member(), "group", group_id)}


@bp.delete("/groups/<group_id>/follow")
@bp.response(200, FollowSchema)
@member_required
def unfollow_group(group_id: str) -> dict[str, Any]:
    return {"following": False,
            "follower_count": services().knowledge.ideas.unfollow(current_member(), "group", group_id)}


@bp.get("/members/me/group-suggestions")
@bp.arguments(SuggestionArgsSchema, location="query")
@bp.response(200, GroupSuggestionsSchema)
@member_required
def group_suggestions(args: dict[str, Any]) -> dict[str, Any]:
    """Groups I might join: close to my profile, about my interests, with my connections in them."""
    return {"suggestions": services().knowledge.groups.suggestions(current_member(), args["limit"])}
