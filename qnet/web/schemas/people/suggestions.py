"""Connection suggestion schemas."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from qnet.web.schemas.people.members import MemberPublicSchema


class SuggestionArgsSchema(Schema):
    class Meta:
        unknown = RAISE

    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class SuggestionSchema(Schema):
    member = fields.Nested(MemberPublicSchema)
    score = fields.Float()
    reasons = fields.List(fields.String())


class SuggestionListSchema(Schema):
    suggestions = fields.List(fields.Nested(SuggestionSchema))
