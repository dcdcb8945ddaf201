"""People search schemas."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from qnet.vocabulary import REGIONS, ROLES
from qnet.web.schemas.members import MemberPublicSchema
from qnet.web.schemas.names import Name


class PeopleSearchArgsSchema(Schema):
    class Meta:
        unknown = RAISE

    q = fields.String(required=True, validate=validate.Length(max=500),
                      metadata={"description": "What expertise you are looking for, in your own words"})
    region = fields.String(validate=validate.OneOf(REGIONS))
    role = fields.String(validate=validate.OneOf(ROLES))
    skill = Name(80)
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))
    cursor = fields.String(validate=validate.Length(max=200))


class MatchedSkillSchema(Schema):
    key = fields.String()
    name = fields.String()
    level = fields.Integer()


class GraphPathSchema(Schema):
    relation = fields.String(metadata={"description": "connected, second_degree, shared_project or shared_organisation"})
    via = fields.List(fields.String())


class ExplanationSchema(Schema):
    matched_skills = fields.List(fields.Nested(MatchedSkillSchema))
    best_sentence = fields.String(allow_none=True)
    graph_path = fields.Nested(GraphPathSchema, allow_none=True)
    matched_terms = fields.List(fields.String())
    roles = fields.List(fields.String())
    parts = fields.Dict(keys=fields.String(), values=fields.Float())


class SearchResultSchema(Schema):
    member = fields.Nested(MemberPublicSchema)
    score = fields.Float()
    explanation = fields.Nested(ExplanationSchema)


class SearchPageSchema(Schema):
    results = fields.List(fields.Nested(SearchResultSchema))
    next_cursor = fields.String(allow_none=True)
