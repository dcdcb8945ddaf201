"""Members and their profiles."""

from __future__ import annotations

from typing import Any

from qnet.core.errors import Forbidden
from qnet.core.permissions import may_edit_profile
from qnet.core.records import Member, Page
from qnet.matching.people.profiles import ProfileInput
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.listings import paginated
from qnet.web.schemas.people.members import (
    MemberListArgsSchema,
    MemberPageSchema,
    MemberPrivateSchema,
    MemberPublicSchema,
    ProfileSchema,
)
from qnet.web.security import current_member
from qnet.web.services import services

bp = Blueprint("members", __name__, url_prefix=f"{PREFIX}/members", description="Members and profiles")


@bp.operation("GET", "", query=MemberListArgsSchema, gives=MemberPageSchema)
@paginated("members")
def list_members(args: dict[str, Any]) -> Page[Member]:
    """Members in name order; filter by skill (any spelling or alias), region, role or organisation.

    Only members who appear in search are listed (see PUT /api/v1/members/me/privacy).
    """
    return listings.members(args)


@bp.operation("GET", "/me", gives=MemberPrivateSchema)
def me() -> Member:
    """My own profile, including my email and privacy choices."""
    return services().profiles.get(current_member().id)


@bp.operation("PUT", "/me", body=ProfileSchema, gives=MemberPrivateSchema)
def update_me(data: dict[str, Any]) -> Member:
    """Replace my profile. Skills are normalised (\"SPC\" is Statistical process control)."""
    return services().profiles.update(current_member().id, ProfileInput.from_dict(data))


@bp.operation("GET", "/<member_id>", gives=MemberPublicSchema)
def get_member(member_id: str) -> Member:
    """A member's public profile (never their email)."""
    return services().profiles.get(member_id)


@bp.operation("PUT", "/<member_id>", body=ProfileSchema, gives=MemberPrivateSchema)
def update_member(data: dict[str, Any], member_id: str) -> Member:
    """Replace a profile: members may edit only their own (admins may edit any)."""
    me_ = current_member()
    services().profiles.get(member_id)  # 404 before 403 for a member who does not exist
    if not may_edit_profile(me_, member_id):
        raise Forbidden("members can edit only their own profile")
    return services().profiles.update(member_id, ProfileInput.from_dict(data))
