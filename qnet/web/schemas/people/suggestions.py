"""Connection suggestion schemas."""

from __future__ import annotations

from marshmallow import Schema, fields

from qnet.web.schemas.base import InputSchema, page_size
from qnet.web.schemas.people.members import MemberPublicSchema


class SuggestionArgsSchema(InputSchema):
    limit = page_size(10, 50)


class SuggestionSchema(Schema):
    member = fields.Nested(MemberPublicSchema)
    score = fields.Float()
    reasons = fields.List(fields.String())


class SuggestionListSchema(Schema):
    suggestions = fields.List(fields.Nested(SuggestionSchema))
