"""The updates list: subscribe (double opt-in), confirm, unsubscribe. Nobody can learn who is on it."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import request

from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.membership.updates import MessageSchema, SubscribeSchema
from qnet.web.services import services

bp = Blueprint("updates", __name__, url_prefix=f"{PREFIX}/updates",
               description="Updates about when applications open")

SUBSCRIBE_REPLY = "if this address can receive updates, we have sent it an email; follow the link in it to confirm"


@bp.operation("POST", "/subscribe", body=SubscribeSchema, gives=MessageSchema, status=202, who=None)
def subscribe(data: dict[str, Any]) -> dict[str, str]:
    """Ask for updates. The reply is the same whether or not the address is already subscribed;
    429 after too many sign-ups from one network address in an hour."""
    services().throttle.check("subscribe", request.remote_addr)
    services().membership.updates.subscribe(data["email"], data["interests"], data["region"], datetime.now(UTC))
    return {"message": SUBSCRIBE_REPLY}


@bp.operation("POST", "/confirm/<token>", gives=MessageSchema, who=None)
def confirm(token: str) -> dict[str, str]:
    """Confirm a subscription with the link from the confirmation mail (single use, expires)."""
    services().membership.updates.confirm(token, datetime.now(UTC))
    return {"message": "confirmed: we will email you when applications open"}


@bp.operation("POST", "/unsubscribe/<token>", gives=MessageSchema, who=None)
def unsubscribe(token: str) -> dict[str, str]:
    """Stop updates; the address is deleted from the list."""
    services().membership.updates.unsubscribe(token)
    return {"message": "unsubscribed: this address has been removed from the updates list"}
