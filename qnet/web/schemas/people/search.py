"""People search schemas."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from qnet.core.vocabulary import REGIONS, ROLES
from qnet.web.schemas.base import InputSchema, cursor, page_size
from qnet.web.schemas.names import Name
from qnet.web.schemas.people.members import MemberPublicSchema, SkillSchema


class PeopleSearchArgsSchema(InputSchema):
    q = fields.String(load_default="", validate=validate.Length(max=500),
                      metadata={"description": "What expertise you are looking for, in your own words. "
                                               "May be left out when `skill` is given: the skill alone is searched."})
    region = fields.String(validate=validate.OneOf(REGIONS))
    role = fields.String(validate=validate.OneOf(ROLES))
    skill = Name(80)
    limit = page_size(10, 50)
    cursor = cursor(200)

    @validates_schema
    def _words_or_skill(self, data: dict[str, Any], **_: Any) -> None:
        if not (data.get("q") or "").strip() and not data.get("skill"):
            raise ValidationError("describe what you are looking for, or give a skill", field_name="q")


class MatchedSkillSchema(SkillSchema):
    """A skill of the member that the search matched, at the member's level."""


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
    results = fields.List(fields.Nested(SearchResultSchema), metadata={
        "description": "Close matches, best first. Empty when nobody reaches the relevance floor "
                       "(then `confidence` is `weak` and `weak_matches` holds the nearest few)."})
    next_cursor = fields.String(allow_none=True)
    confidence = fields.String(metadata={
        "description": "`close`: the results reach the relevance floor (near in meaning, or holding a "
                       "skill the query names). `weak`: nobody does; `results` is empty."})
    weak_matches = fields.List(fields.Nested(SearchResultSchema), metadata={
        "description": "Only when `confidence` is `weak`: the nearest members, best first, not close "
                       "enough to be called matches. No further pages."})
