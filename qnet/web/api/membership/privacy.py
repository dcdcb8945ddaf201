"""My privacy: whether I appear in search and suggestions, my data as JSON, and deleting my account."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import session
from flask_login import logout_user

from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.membership.privacy import DeleteAccountSchema, ExportSchema, VisibilitySchema
from qnet.web.security import current_member
from qnet.web.services import services
from qnet.web.signin import check_password

bp = Blueprint("privacy", __name__, url_prefix=f"{PREFIX}/members/me", description="My privacy and my data")


@bp.operation("GET", "/privacy", gives=VisibilitySchema)
def get_visibility() -> dict[str, bool]:
    member = services().profiles.get(current_member().id)
    return {"searchable": member.searchable, "suggestable": member.suggestable}


@bp.operation("PUT", "/privacy", body=VisibilitySchema, gives=VisibilitySchema)
def set_visibility(data: dict[str, bool]) -> dict[str, bool]:
    """Choose separately whether I appear in people search and in other members' suggestions."""
    services().membership.privacy.set_visibility(current_member().id, data["searchable"], data["suggestable"])
    return data


@bp.operation("GET", "/export", gives=ExportSchema)
def export() -> dict[str, Any]:
    """Everything qnet holds about me, as one JSON document."""
    return services().membership.privacy.export(current_member().id, datetime.now(UTC))


@bp.operation("DELETE", "", body=DeleteAccountSchema, status=204)
def delete_account(data: dict[str, str]) -> None:
    """Delete my account and personal data (confirm with my password); my comments stay, by "former member"."""
    member = current_member()
    check_password(member.email, data["password"])
    services().membership.privacy.erase(member.id)
    logout_user()
    session.clear()
