"""A member's own choice to take part in monthly pairing rounds."""

from __future__ import annotations

from typing import Any

from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.coordinator.clusters import OptInSchema
from qnet.web.security import current_member
from qnet.web.services import services

bp = Blueprint("pairing", __name__, url_prefix=f"{PREFIX}/members/me/pairing",
               description="My opt-in to monthly pairing rounds")


@bp.operation("GET", "", gives=OptInSchema)
def get_opt_in() -> dict[str, Any]:
    """Whether I take part in pairing rounds."""
    return {"opt_in": services().insight.opt_in(current_member().id)}


@bp.operation("PUT", "", body=OptInSchema, gives=OptInSchema)
def set_opt_in(data: dict[str, Any]) -> dict[str, Any]:
    """Opt in to (or out of) the monthly pairing rounds."""
    return {"opt_in": services().insight.set_opt_in(current_member().id, data["opt_in"])}
