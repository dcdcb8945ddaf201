"""Special interest group schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.web.schemas.base import InputSchema, cursor, page_size
from qnet.web.schemas.knowledge.projects import TeamMemberSchema
from qnet.web.schemas.names import Name


class GroupWriteSchema(InputSchema):
    name = fields.String(required=True, validate=validate.Length(min=3, max=120))
    learning_question = fields.String(required=True, validate=validate.Length(min=10, max=500))
    topics = fields.List(Name(80), required=True,
                         validate=validate.Length(min=1, max=10))
    description = fields.String(load_default="", validate=validate.Length(max=4000))
    co_conveners = fields.List(fields.String(validate=validate.Length(min=1, max=64)), load_default=list,
                               validate=validate.Length(max=5))


class GroupSchema(Schema):
    id = fields.String()
    name = fields.String()
    learning_question = fields.String()
    description = fields.String()
    topics = fields.List(fields.String())
    conveners = fields.List(fields.Nested(TeamMemberSchema))
    members = fields.List(fields.Nested(TeamMemberSchema))
    member_count = fields.Function(lambda g: len(g.members))
    follower_count = fields.Integer()
    created_at = fields.String()


class GroupListArgsSchema(InputSchema):
    topic = Name(80)
    limit = page_size(20, 100)
    cursor = cursor()


class GroupPageSchema(Schema):
    groups = fields.List(fields.Nested(GroupSchema))
    next_cursor = fields.String(allow_none=True)


class GroupSuggestionSchema(Schema):
    group = fields.Nested(GroupSchema)
    score = fields.Float()
    reasons = fields.List(fields.String())


class GroupSuggestionsSchema(Schema):
    suggestions = fields.List(fields.Nested(GroupSuggestionSchema))


class MergeCandidateSchema(Schema):
    first = fields.Nested(GroupSchema)
    second = fields.Nested(GroupSchema)
    member_overlap = fields.Float()
    shared_members = fields.Integer()
    similarity = fields.Float()
    reasons = fields.List(fields.String())


class MergeCandidatesSchema(Schema):
    candidates = fields.List(fields.Nested(MergeCandidateSchema))
