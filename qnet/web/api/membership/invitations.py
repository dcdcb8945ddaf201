"""Invitations: a newly accepted member sets their password through their single-use link."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.membership.auth import SessionSchema
from qnet.web.schemas.membership.updates import InvitationAcceptSchema
from qnet.web.security import start_session
from qnet.web.services import services
from qnet.web.signin import remember_device

bp = Blueprint("invitations", __name__, url_prefix=f"{PREFIX}/auth/invitations",
               description="Accepting an invitation to join")


@bp.operation("POST", "/<token>", body=InvitationAcceptSchema, gives=SessionSchema, who=None)
def accept(data: dict[str, str], token: str) -> dict[str, Any]:
    """Set my password with the invitation link (single use, expires) and sign in."""
    member_id = services().membership.decisions.accept_invitation(token, data["password"], datetime.now(UTC))
    member = services().profiles.get(member_id)
    remember_device(member.email)
    return {"member": member, "csrf_token": start_session(member)}
