"""Messages between members: conversations, sending, blocks, flags, and moderation of flagged messages."""

from __future__ import annotations

from typing import Any

from qnet.matching.messaging.messages import MessageView, Thread
from qnet.web.api import PREFIX, Blueprint
from qnet.web.listings import Paging, listing
from qnet.web.schemas.knowledge.comments import FlagSchema, QueueArgsSchema
from qnet.web.schemas.messaging.messages import (
    BlockListSchema,
    ConversationListSchema,
    ConversationPageArgsSchema,
    ConversationThreadSchema,
    MessageFlagResultSchema,
    MessageModerationResultSchema,
    MessageModerationSchema,
    MessageQueueSchema,
    MessageWriteSchema,
    PrivateMessageSchema,
)
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("messages", __name__, url_prefix=PREFIX,
               description="One-to-one messages between members who are connected or were introduced")


@bp.operation("GET", "/members/me/conversations", query=ConversationPageArgsSchema, gives=ConversationListSchema)
def conversations(args: dict[str, Any]) -> dict[str, Any]:
    """My conversations, the most recently active first, each with its unread count."""
    me = current_member().id
    page = services().messages.conversations(me, *Paging.of(args))
    return listing("conversations", page, unread=services().messages.unread(me))


@bp.operation("GET", "/members/me/conversations/<member_id>", query=ConversationPageArgsSchema,
              gives=ConversationThreadSchema)
def conversation(args: dict[str, Any], member_id: str) -> Thread:
    """My conversation with a member, newest message first (the cursor pages back); reading the first
    page marks it read. For a conversation whose other member has left qnet, use its id instead."""
    return services().messages.thread(current_member(), member_id, args["limit"], args["cursor"])


@bp.operation("POST", "/members/me/conversations/<member_id>/messages", body=MessageWriteSchema,
              gives=PrivateMessageSchema, status=201)
def send(data: dict[str, Any], member_id: str) -> MessageView:
    """Write to a member I am connected to or was introduced to by a pairing round (plain text).
    403 otherwise; 429 past the hourly limit (QNET_MESSAGES_PER_HOUR)."""
    return services().messages.send(current_member(), member_id, data["body"])


@bp.operation("GET", "/members/me/blocks", gives=BlockListSchema)
def blocks() -> dict[str, Any]:
    """The members I have blocked."""
    return {"blocks": services().messages.blocked(current_member().id)}


@bp.operation("POST", "/members/me/blocks/<member_id>", status=204)
def block(member_id: str) -> None:
    """Block a member: neither of us can message or ask to connect, neither is suggested to the other,
    and any connection between us ends. They are not told."""
    services().messages.block(current_member().id, member_id)


@bp.operation("DELETE", "/members/me/blocks/<member_id>", status=204)
def unblock(member_id: str) -> None:
    """Lift my block (a connection it ended is not restored)."""
    services().messages.unblock(current_member().id, member_id)


@bp.operation("POST", "/messages/<message_id>/flags", body=FlagSchema, gives=MessageFlagResultSchema, status=201)
def flag(data: dict[str, Any], message_id: str) -> dict[str, Any]:
    """Flag a message sent to me, with a reason: the moderators then see that message (only that one)."""
    return {"open_flags": services().messages.flag(current_member(), message_id, data["reason"])}


@bp.operation("GET", "/messages/moderation-queue", query=QueueArgsSchema, gives=MessageQueueSchema,
              who=role_required("coordinator"))
def moderation_queue(args: dict[str, Any]) -> dict[str, Any]:
    """Coordinators: flagged messages with the reasons given (each message alone, not its conversation)."""
    items = services().messages.queue(current_member(), args["limit"])
    return {"items": [{"message": view, "flag_reasons": reasons} for view, reasons in items]}


@bp.operation("POST", "/messages/<message_id>/moderation", body=MessageModerationSchema,
              gives=MessageModerationResultSchema, who=role_required("coordinator"))
def moderate(data: dict[str, Any], message_id: str) -> dict[str, Any]:
    """Coordinators dismiss the flags on a message or remove it, saying why; the action is recorded."""
    return {"status": services().messages.moderate(current_member(), message_id, data["action"], data["reason"])}
