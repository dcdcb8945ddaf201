"""Message schemas: conversations, threads, sending, flags, blocks and the moderators' queue.

Members appear by id and name only; emails are never part of any of these.
"""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.matching.messaging.messages import MAX_BODY, MODERATION_ACTIONS
from qnet.web.schemas.base import InputSchema, RefSchema, cursor, page_size

NOT_BLANK = validate.Regexp(r"\S", error="write something to send")


class MessageWriteSchema(InputSchema):
    body = fields.String(required=True, validate=[validate.Length(min=1, max=MAX_BODY), NOT_BLANK],
                         metadata={"description": f"plain text, 1 to {MAX_BODY} characters"})


class ConversationPageArgsSchema(InputSchema):
    limit = page_size(20, 100)
    cursor = cursor(load_default=None)


class MemberRefSchema(RefSchema):
    """The other member of a conversation, or a message's sender."""


class PrivateMessageSchema(Schema):
    id = fields.String()
    mine = fields.Boolean(metadata={"description": "true when I sent it"})
    sender = fields.Nested(MemberRefSchema, allow_none=True,
                           metadata={"description": "null when its author has left qnet"})
    body = fields.String(allow_none=True, metadata={"description": "null once deleted or removed"})
    status = fields.String(metadata={"description": "`sent`, `deleted` (its author left qnet) or `removed` "
                                                    "(by a moderator)"})
    created_at = fields.String()


class ConversationSchema(Schema):
    id = fields.String()
    member = fields.Nested(MemberRefSchema, allow_none=True,
                           metadata={"description": "the other member; null when they have left qnet"})
    last_message = fields.Nested(PrivateMessageSchema, allow_none=True)
    unread = fields.Integer()
    introduction = fields.String(allow_none=True, metadata={"description": "why a pairing round introduced us"})
    introduced_round = fields.Integer(allow_none=True)


class ConversationListSchema(Schema):
    conversations = fields.List(fields.Nested(ConversationSchema))
    unread = fields.Integer(metadata={"description": "unread messages over all my conversations"})
    next_cursor = fields.String(allow_none=True)


class ConversationThreadSchema(Schema):
    conversation_id = fields.String(allow_none=True)
    member = fields.Nested(MemberRefSchema, allow_none=True)
    messages = fields.List(fields.Nested(PrivateMessageSchema), metadata={"description": "newest first"})
    next_cursor = fields.String(allow_none=True, metadata={"description": "older messages"})
    can_reply = fields.Boolean()
    blocked = fields.Boolean(metadata={"description": "true when I have blocked this member"})
    introduction = fields.String(allow_none=True)
    introduced_round = fields.Integer(allow_none=True)


class MessageFlagResultSchema(Schema):
    open_flags = fields.Integer()


class BlockedMemberSchema(RefSchema):
    at = fields.String()


class BlockListSchema(Schema):
    blocks = fields.List(fields.Nested(BlockedMemberSchema))


class FlaggedMessageSchema(Schema):
    message = fields.Nested(PrivateMessageSchema)
    flag_reasons = fields.List(fields.String())


class MessageQueueSchema(Schema):
    items = fields.List(fields.Nested(FlaggedMessageSchema))


class MessageModerationSchema(InputSchema):
    action = fields.String(required=True, validate=validate.OneOf(MODERATION_ACTIONS),
                           metadata={"description": "`dismiss` (the message is fine) or `remove`"})
    reason = fields.String(required=True, validate=[validate.Length(min=3, max=1000), validate.Regexp(r"\S")])


class MessageModerationResultSchema(Schema):
    status = fields.String()
