"""People I might want to meet, with reasons; and dismissing a suggestion."""

from __future__ import annotations

from typing import Any

from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.people.suggestions import SuggestionArgsSchema, SuggestionListSchema
from qnet.web.security import current_member
from qnet.web.services import services

bp = Blueprint("suggestions", __name__, url_prefix=f"{PREFIX}/members/me/suggestions",
               description="Connection suggestions")


@bp.operation("GET", "", query=SuggestionArgsSchema, gives=SuggestionListSchema)
def suggestions(args: dict[str, Any]) -> dict[str, Any]:
    """Members I am not connected to who share my interests, complement my skills or know my connections."""
    return {"suggestions": services().suggestions.suggest(current_member().id, args["limit"])}


@bp.operation("POST", "/<member_id>/dismiss", status=204)
def dismiss(member_id: str) -> None:
    """Never suggest this member to me again."""
    services().connections.dismiss(current_member().id, member_id)
