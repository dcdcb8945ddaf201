"""Notifications as pages: my notifications, my email choices, the one-click unsubscribe link, the
header's unread count and the signed-in home's activity. All work without JavaScript."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.core.errors import Invalid
from qnet.matching.messaging.notifications import KINDS
from qnet.web.pages.common import done, dump, local_path, viewer
from qnet.web.schemas.messaging.notifications import NotificationPageSchema, NotificationQuerySchema
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("notifications", __name__)

MODE_WORDS = {"immediate": "Email me straight away", "daily": "In a daily digest email",
              "weekly": "In a weekly digest email", "never": "Never email me (only in qnet)"}


def unread_notifications() -> int:
    """For the header on every page: the signed-in member's unread count (0 for visitors)."""
    me = viewer()
    return services().notifier.unread(me.id) if me else 0


def home_activity() -> dict[str, Any] | None:
    """For the signed-in home: unread messages and notifications, followed activity, work, introductions."""
    me = viewer()
    if me is None:
        return None
    view = services().home.view(me)
    notes = NotificationPageSchema()
    return {
        "unread": view.unread,
        "messages": view.unread_messages,
        "notifications": notes.dump({"notifications": view.notifications})["notifications"],
        "followed": notes.dump({"notifications": view.followed})["notifications"],
        "work": view.work,
        "introductions": view.introductions,
    }


bp.record_once(lambda state: state.app.jinja_env.globals.update(
    unread_notifications=unread_notifications, home_activity=home_activity))


@bp.get("/notifications")
@member_required
def inbox() -> str:
    args = NotificationQuerySchema().load(request.args)
    page = services().notifier.page(current_member().id, args["limit"], args.get("cursor"), args["unread"])
    return render_template("pages/notifications/list.html", page=dump(NotificationPageSchema(), page),
                           unread_only=args["unread"])


@bp.get("/notifications/<notification_id>/open")
@member_required
def open_one(notification_id: str) -> Response:
    """Following a notification reads it and goes to what it is about."""
    me = current_member()
    services().notifier.mark_read(me.id, [notification_id])
    target = request.args.get("to")
    return redirect(local_path(target) or url_for(".inbox"), 303)


@bp.post("/notifications/read")
@member_required
def mark_read() -> Response:
    ids = request.form.getlist("id")
    services().notifier.mark_read(current_member().id, ids or None)
    return done("Marked as read." if ids else "All notifications marked as read.", url_for(".inbox"))


@bp.route("/settings/notifications", methods=["GET", "POST"])
@member_required
def settings() -> Any:
    me, email = current_member(), services().notification_email
    if request.method == "POST":
        chosen = {kind: request.form.get(kind, "") for kind in KINDS}
        try:
            email.choose(me.id, chosen)
        except Invalid:
            return render_template("pages/notifications/settings.html", kinds=KINDS, modes=MODE_WORDS,
                                   chosen=chosen, error="Choose one option for each kind of notification."), 400
        return done("Your email choices are saved.", url_for(".settings"))
    return render_template("pages/notifications/settings.html", kinds=KINDS, modes=MODE_WORDS,
                           chosen=email.settings(me.id), error=None)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> Any:
    """The link in every notification email. GET asks (mail scanners follow links); POST stops the
    email, from the button or from the mail client's one-click unsubscribe (RFC 8058), no sign-in."""
    email = services().notification_email
    if request.method == "POST":
        stopped = email.unsubscribe(token)
        return render_template("pages/notifications/unsubscribed.html", what=stopped.what)
    return render_template("pages/notifications/unsubscribe.html", token=token, what=email.read_token(token).what)
