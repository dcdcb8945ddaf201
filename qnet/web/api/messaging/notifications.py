"""My notifications and how I hear about them by email."""

from __future__ import annotations

from typing import Any

from qnet.core.records import NotificationPage
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.messaging.notifications import (
    MarkReadSchema,
    NotificationPageSchema,
    NotificationQuerySchema,
    NotificationSettingsBodySchema,
    NotificationSettingsSchema,
    UnreadSchema,
    settings_body,
)
from qnet.web.security import current_member
from qnet.web.services import services

bp = Blueprint("notifications", __name__, url_prefix=f"{PREFIX}/members/me",
               description="My notifications (newest first) and my email choices for each kind")


@bp.operation("GET", "/notifications", query=NotificationQuerySchema, gives=NotificationPageSchema)
def list_notifications(args: dict[str, Any]) -> NotificationPage:
    """My notifications, newest first, with the unread count and a cursor for the next page."""
    return services().notifier.page(current_member().id, args["limit"], args.get("cursor"), args["unread"])


@bp.operation("POST", "/notifications/read", body=MarkReadSchema, gives=UnreadSchema)
def mark_read(data: dict[str, Any]) -> dict[str, int]:
    """Mark some (`ids`) or all (`all: true`) of my notifications read; returns what stays unread."""
    return {"unread": services().notifier.mark_read(current_member().id, None if data.get("all") else data["ids"])}


@bp.operation("GET", "/notification-settings", gives=NotificationSettingsSchema)
def get_settings() -> dict[str, Any]:
    """For each kind of notification: email immediately, in a daily or weekly digest, or never.
    Notifications always appear in the app."""
    return settings_body(services().notification_email.settings(current_member().id))


@bp.operation("PUT", "/notification-settings", body=NotificationSettingsBodySchema, gives=NotificationSettingsSchema)
def put_settings(data: dict[str, Any]) -> dict[str, Any]:
    """Change how I hear by email about the kinds named; the others keep their setting."""
    return settings_body(services().notification_email.choose(current_member().id, data["email"]))
