"""Messages between members: who may write to whom, limits, reading, flags, blocks and moderation.

The rules live here and in one Cypher condition (`qnet.graph.messaging.messages.MAY_MESSAGE`): members may
write to each other when they are connected or were introduced by a pairing round, and neither has
blocked the other. Every refusal reads the same, so nobody learns that they were blocked. Bodies
are plain text: shown as typed (escaped), never as HTML.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from qnet.core.cursors import encode_cursor
from qnet.core.errors import Forbidden, Invalid, NotFound, TooManyRequests
from qnet.core.knowledge_records import Ref
from qnet.core.permissions import is_coordinator
from qnet.core.records import Member, Page
from qnet.graph.knowledge.shared import decode_cursor, stamp, utc_now
from qnet.graph.messaging.blocks import BlockedMember, BlockRepository
from qnet.graph.messaging.message_flags import MessageFlagRepository
from qnet.graph.messaging.messages import (
    REFUSAL,
    ConversationSummary,
    Message,
    MessageRepository,
    Standing,
)
from qnet.graph.throttle import ThrottleRepository
from qnet.matching.messaging.notifications import Notifier
from qnet.matching.people.connections import preview

MAX_BODY = 4000
MAX_REASON = 500
WINDOW_S = 3600
MODERATION_ACTIONS = ("dismiss", "remove")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_body(body: str) -> str:
    """The text as it will be stored: one kind of line break, no control characters, no edge blanks."""
    text = _CONTROL.sub("", body.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not text:
        raise Invalid("a message needs some text", fields={"body": ["write something to send"]})
    if len(text) > MAX_BODY:
        raise Invalid(f"a message is at most {MAX_BODY} characters",
                      fields={"body": [f"at most {MAX_BODY} characters (this one has {len(text)})"]})
    return text


@dataclass(frozen=True)
class MessageView:
    """One message as one of its two members sees it: text only while it stands."""

    id: str
    mine: bool
    sender: Ref | None
    body: str | None
    status: str
    created_at: str


@dataclass(frozen=True)
class ConversationView:
    id: str
    member: Ref | None  # the other member (None: they have left qnet)
    last_message: MessageView | None
    unread: int
    introduction: str | None
    introduced_round: int | None


@dataclass(frozen=True)
class Thread:
    conversation_id: str | None
    member: Ref | None
    messages: list[MessageView]  # newest first
    next_cursor: str | None
    can_reply: bool
    blocked: bool  # I blocked them (only ever told to the member who blocked)
    introduction: str | None
    introduced_round: int | None


class MessagingService:
    def __init__(self, messages: MessageRepository, flags: MessageFlagRepository, blocks: BlockRepository,
                 throttles: ThrottleRepository, per_hour: int, notifier: Notifier,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.messages = messages
        self.flags = flags
        self.blocks = blocks
        self.throttles = throttles
        self.per_hour = per_hour
        self.notifier = notifier
        self.clock = clock

    def send(self, sender: Member, other_id: str, body: str) -> MessageView:
        """Write to another member: 400 empty or too long, 429 past the hourly limit, 403 not allowed."""
        text = clean_body(body)
        if other_id == sender.id:
            raise Invalid("you cannot message yourself", fields={"member_id": ["is you"]})
        if self.per_hour > 0 and self.throttles.hit(f"messages:{sender.id}", WINDOW_S) > self.per_hour:
            raise TooManyRequests(f"you have sent {self.per_hour} messages in the last hour; please wait a little")
        message, conversation = self.messages.send(sender.id, other_id, text, stamp(self.clock()))
        self.notifier.notify([other_id], "message", sender.id, f"{sender.name} sent you a message: “{preview(text)}”",
                             link=f"/messages/{sender.id}", subject_id=conversation)
        return self._view(message, sender.id, {sender.id: sender.name})

    def may_message(self, me: str, other: str) -> bool:
        return me != other and self.messages.standing(me, other).allowed

    def conversations(self, me: str, limit: int, cursor: str | None) -> Page[ConversationView]:
        after = decode_cursor(cursor)
        rows = self.messages.conversations(me, limit + 1, after)
        views = [self._summary(r, me) for r in rows[:limit]]
        more = len(rows) > limit
        return Page(views, encode_cursor(rows[limit - 1].last_ms, rows[limit - 1].id) if more else None)

    def thread(self, viewer: Member, other: str, limit: int, cursor: str | None) -> Thread:
        """My conversation with `other` (a member id, or the id of a conversation whose other member
        has left), newest first; reading the first page marks the conversation read."""
        me = viewer.id
        standing, member = self._standing(me, other)
        before, cursor_conversation = decode_cursor(cursor)
        if cursor and cursor_conversation != standing.conversation:
            raise Invalid("the cursor is not valid", fields={"cursor": ["not a cursor from this conversation"]})
        if standing.conversation is None:
            return Thread(None, member, [], None, standing.allowed, self._blocked(me, member), standing.introduction,
                          standing.introduced_round)
        rows = self.messages.messages(standing.conversation, limit + 1, int(before) if before is not None else None)
        if cursor is None:
            self.messages.mark_read(me, standing.conversation)
            self.notifier.mark_read_about(me, standing.conversation)
        names = {me: viewer.name, **({member.id: member.name} if member else {})}
        views = [self._view(m, me, names) for m in rows[:limit]]
        next_cursor = encode_cursor(rows[limit - 1].seq, standing.conversation) if len(rows) > limit else None
        return Thread(standing.conversation, member, views, next_cursor, standing.allowed, self._blocked(me, member),
                      standing.introduction, standing.introduced_round)

    def unread(self, me: str) -> int:
        """Messages sent to me that I have not read yet, over all my conversations."""
        return self.messages.unread(me)

    def flag(self, member: Member, message_id: str, reason: str) -> int:
        text = reason.strip()
        if not text:
            raise Invalid("say why you are flagging this message", fields={"reason": ["give a reason"]})
        return self.flags.flag(member.id, message_id, text[:MAX_REASON], stamp(self.clock())["iso"])

    def queue(self, moderator: Member, limit: int) -> list[tuple[MessageView, list[str]]]:
        """Flagged messages for moderators: each message alone (never its conversation), with reasons."""
        self._require_moderator(moderator)
        return [(MessageView(f.message.id, False, f.author, f.message.body, f.message.status, f.message.created_at),
                 f.reasons) for f in self.flags.queue(limit)]

    def moderate(self, moderator: Member, message_id: str, action: str, reason: str) -> str:
        self._require_moderator(moderator)
        if action not in MODERATION_ACTIONS:
            raise Invalid("unknown action", fields={"action": [f"one of: {', '.join(MODERATION_ACTIONS)}"]})
        return self.flags.moderate(moderator.id, message_id, action, reason.strip(), stamp(self.clock())["iso"])

    def block(self, me: str, other: str) -> None:
        self.blocks.block(me, other)

    def unblock(self, me: str, other: str) -> None:
        self.blocks.unblock(me, other)

    def blocked(self, me: str) -> list[BlockedMember]:
        return self.blocks.blocked_by(me)

    def has_blocked(self, me: str, other: str) -> bool:
        """Whether I blocked `other` (never whether they blocked me)."""
        return me != other and self.blocks.has_blocked(me, other)

    def _standing(self, me: str, other: str) -> tuple[Standing, Ref | None]:
        if other == me:
            raise Invalid("you cannot message yourself", fields={"member_id": ["is you"]})
        try:
            standing = self.messages.standing(me, other)
        except NotFound:
            former = self.messages.former_members_conversation(me, other)
            if former is None:
                raise
            return former, None
        if standing.conversation is None and not standing.allowed:
            raise Forbidden(REFUSAL)
        return standing, Ref(other, standing.name or "")

    def _blocked(self, me: str, member: Ref | None) -> bool:
        return member is not None and self.blocks.has_blocked(me, member.id)

    @staticmethod
    def _require_moderator(member: Member) -> None:
        if not is_coordinator(member):
            raise Forbidden("only coordinators moderate messages")

    @staticmethod
    def _view(message: Message, me: str, names: dict[str, str]) -> MessageView:
        sender = Ref(message.sender, names.get(message.sender, "")) if message.sender else None
        return MessageView(message.id, message.sender == me, sender,
                           message.body if message.status == "sent" else None, message.status, message.created_at)

    def _summary(self, row: ConversationSummary, me: str) -> ConversationView:
        names = {row.member.id: row.member.name} if row.member else {}
        last = self._view(row.last, me, names) if row.last else None
        return ConversationView(row.id, row.member, last, row.unread, row.introduction, row.introduced_round)
