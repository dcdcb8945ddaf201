"""Messages as pages: my conversations, one conversation with its reply box, blocking, flagging a
message, and the coordinators' actions on flagged messages (listed on the moderation page).

Every rule is the MessagingService's, as in the API; a refusal (not allowed, too many this hour)
comes back as a message on the page it was sent from, and a reply with a mistake comes back beside
the box with the text kept.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.core.errors import Invalid
from qnet.web.forms import Form, load, text
from qnet.web.listings import listing
from qnet.web.pages.common import done, dump
from qnet.web.schemas.knowledge.comments import FlagSchema
from qnet.web.schemas.messaging.messages import (
    ConversationListSchema,
    ConversationThreadSchema,
    MessageModerationSchema,
    MessageQueueSchema,
    MessageWriteSchema,
)
from qnet.web.security import current_member, member_required, role_required
from qnet.web.services import services

bp = Blueprint("messages", __name__)
PAGE = 30
ACTIONS_DONE = {"dismiss": "The flag is dismissed; the message stays.", "remove": "The message is removed."}


def flagged_messages() -> list[dict[str, Any]]:
    """The moderation page's second list: flagged messages with their reasons (coordinators only)."""
    items = services().messages.queue(current_member(), 100)
    return dump(MessageQueueSchema(), {"items": [{"message": m, "flag_reasons": r} for m, r in items]})["items"]


@bp.get("/messages")
@member_required
def conversations() -> str:
    """My conversations, most recently active first, each with its unread count."""
    me = current_member().id
    page = services().messages.conversations(me, PAGE, request.args.get("cursor") or None)
    shown = dump(ConversationListSchema(), listing("conversations", page, unread=services().messages.unread(me)))
    return render_template("pages/messages/list.html", listing=shown)


def _thread_page(member_id: str, form: Form | None = None, status: int = 200) -> tuple[str, int]:
    thread = services().messages.thread(current_member(), member_id, PAGE, request.args.get("cursor") or None)
    shown = dump(ConversationThreadSchema(), thread)
    return render_template("pages/messages/thread.html", thread=shown, member_id=member_id,
                           messages=list(reversed(shown["messages"])), form=form or Form(),
                           older=request.args.get("cursor")), status


@bp.get("/messages/<member_id>")
@member_required
def thread(member_id: str) -> tuple[str, int]:
    """One conversation, oldest of the latest messages first, with the reply box when I may write."""
    return _thread_page(member_id)


@bp.post("/messages/<member_id>")
@member_required
def reply(member_id: str) -> Any:
    raw = {"body": request.form.get("body", "")}
    form = load(MessageWriteSchema(), raw, raw)
    if form.ok:
        try:
            services().messages.send(current_member(), member_id, (form.data or {})["body"])
        except Invalid as error:
            form.refuse(error)
        else:
            return done("Message sent.", url_for(".thread", member_id=member_id) + "#reply")
    return _thread_page(member_id, form, 400)


@bp.post("/messages/<member_id>/block")
@member_required
def block(member_id: str) -> Response:
    services().messages.block(current_member().id, member_id)
    return done("You have blocked this member. They are not told; neither of you can write to the other or "
                "ask to connect.", url_for(".thread", member_id=member_id))


@bp.post("/messages/<member_id>/unblock")
@member_required
def unblock(member_id: str) -> Response:
    services().messages.unblock(current_member().id, member_id)
    return done("You have unblocked this member.", url_for(".thread", member_id=member_id))


@bp.post("/messages/<member_id>/flags/<message_id>")
@member_required
def flag(member_id: str, message_id: str) -> Any:
    """Flag a message sent to me; the moderators see that message (only that one) with my reason."""
    raw = {"reason": text(request.form, "reason")}
    form = load(FlagSchema(), raw, {**raw, "message_id": message_id})
    if not form.ok:
        return _thread_page(member_id, form, 400)
    services().messages.flag(current_member(), message_id, (form.data or {})["reason"])
    return done("Thank you: the coordinators will look at this message.", url_for(".thread", member_id=member_id))


@bp.post("/coordinator/moderation/messages/<message_id>")
@role_required("coordinator")
def moderate(message_id: str) -> Any:
    """Dismiss the flags on a message or remove it, saying why (recorded with who did it)."""
    raw = {"action": text(request.form, "action"), "reason": text(request.form, "reason")}
    form = load(MessageModerationSchema(), raw, raw)
    if not form.ok:
        first = "; ".join(f"{name}: {' '.join(messages)}" for name, messages in form.errors.items())
        raise Invalid(f"that could not be done ({first})")
    data = form.data or {}
    services().messages.moderate(current_member(), message_id, data["action"], data["reason"])
    return done(ACTIONS_DONE[data["action"]], url_for("pages.coordination.moderation") + "#messages")
