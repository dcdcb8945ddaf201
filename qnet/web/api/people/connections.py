"""Connections between members: request, accept, decline, withdraw, remove."""

from __future__ import annotations

from typing import Any

from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.people.connections import (
    ConnectionListSchema,
    ConnectionRequestBodySchema,
    PendingRequestsSchema,
    RequestOutcomeSchema,
)
from qnet.web.security import current_member
from qnet.web.services import services

bp = Blueprint("connections", __name__, url_prefix=f"{PREFIX}/members/me/connections",
               description="My connections and connection requests")


@bp.operation("GET", "", gives=ConnectionListSchema)
def list_connections() -> dict[str, Any]:
    """The members I am connected to."""
    return {"connections": services().connections.connections(current_member().id)}


@bp.operation("GET", "/requests", gives=PendingRequestsSchema)
def pending() -> dict[str, Any]:
    """Requests waiting for my answer (incoming) and mine waiting for theirs (outgoing)."""
    requests = services().connections.requests(current_member().id)
    return {"incoming": [r for r in requests if r.incoming], "outgoing": [r for r in requests if not r.incoming]}


@bp.operation("POST", "/requests", body=ConnectionRequestBodySchema, gives=RequestOutcomeSchema, status=201)
def request_connection(data: dict[str, Any]) -> dict[str, str]:
    """Ask a member to connect, optionally with a short introduction (`message`) they read before
    accepting. If they already asked me, we are connected at once."""
    outcome = services().connections.request(current_member().id, data["member_id"], data["message"])
    return {"status": "connected" if outcome.connected else "requested"}


@bp.operation("POST", "/requests/<member_id>/accept", status=204)
def accept(member_id: str) -> None:
    """Accept a member's request to connect."""
    services().connections.accept(current_member().id, member_id)


@bp.operation("POST", "/requests/<member_id>/decline", status=204)
def decline(member_id: str) -> None:
    """Decline a member's request to connect."""
    services().connections.decline(current_member().id, member_id)


@bp.operation("DELETE", "/requests/<member_id>", status=204)
def withdraw(member_id: str) -> None:
    """Withdraw my pending request to a member."""
    services().connections.withdraw(current_member().id, member_id)


@bp.operation("DELETE", "/<member_id>", status=204)
def remove(member_id: str) -> None:
    """Remove a connection."""
    services().connections.remove(current_member().id, member_id)
