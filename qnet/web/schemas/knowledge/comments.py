"""Comment schemas: bodies with length limits, flags and moderation with reasons; never an email."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.matching.knowledge.comments import MAX_BODY, MIN_BODY, MODERATION
from qnet.web.schemas.base import InputSchema, RefSchema, page_size

BODY = [validate.Length(min=MIN_BODY, max=MAX_BODY), validate.Regexp(r"\S", error="must not be blank")]


class CommentWriteSchema(InputSchema):
    body = fields.String(required=True, validate=BODY)
    reply_to = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))


class CommentEditSchema(InputSchema):
    body = fields.String(required=True, validate=BODY)


class FlagSchema(InputSchema):
    reason = fields.String(required=True, validate=[validate.Length(min=3, max=500), validate.Regexp(r"\S")])


class ModerationSchema(InputSchema):
    action = fields.String(required=True, validate=validate.OneOf(tuple(MODERATION)))
    reason = fields.String(required=True, validate=[validate.Length(min=3, max=1000), validate.Regexp(r"\S")])


class CommentAuthorSchema(Schema):
    id = fields.String(allow_none=True)
    name = fields.String()


class CommentSchema(Schema):
    """A comment: its text only while visible (coordinators also see hidden text); no email ever."""

    id = fields.String()
    status = fields.String()
    author = fields.Nested(CommentAuthorSchema)
    body = fields.String(allow_none=True)
    body_html = fields.String(allow_none=True)
    reply_to = fields.String(allow_none=True)
    created_at = fields.String()
    edited_at = fields.String(allow_none=True)
    open_flags = fields.Integer(allow_none=True)
    replies = fields.List(fields.Nested(lambda: CommentSchema()))


class ThreadSchema(Schema):
    comments = fields.List(fields.Nested(CommentSchema))


class FlagResultSchema(Schema):
    open_flags = fields.Integer()
    status = fields.String()


class ModeratorSchema(RefSchema):
    """The coordinator who took a moderation action."""


class ModerationActionSchema(Schema):
    id = fields.String()
    action = fields.String()
    reason = fields.String()
    at = fields.String()
    moderator = fields.Nested(ModeratorSchema, allow_none=True)
    from_status = fields.String()
    to_status = fields.String()


class ModerationHistorySchema(Schema):
    actions = fields.List(fields.Nested(ModerationActionSchema))


class PostedOnSchema(Schema):
    kind = fields.String()
    id = fields.String()
    title = fields.String()


class ModerationQueueItemSchema(Schema):
    comment = fields.Nested(CommentSchema)
    flag_reasons = fields.List(fields.String())
    posted_on = fields.Nested(PostedOnSchema, allow_none=True)


class ModerationQueueSchema(Schema):
    items = fields.List(fields.Nested(ModerationQueueItemSchema))


class QueueArgsSchema(InputSchema):
    limit = page_size(50, 200)


class LengthSchema(Schema):
    min = fields.Integer()
    max = fields.Integer()


class PolicySchema(Schema):
    summary = fields.String()
    rules = fields.List(fields.String())
    length = fields.Nested(LengthSchema)
    edit_window_minutes = fields.Integer()
    flag_threshold = fields.Integer()
    moderation = fields.String()
    privacy = fields.String()
