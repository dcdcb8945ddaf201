"""Idea round schemas: phases, votes, results and progress updates."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.web.schemas.base import InputSchema, RefSchema, TitledRefSchema

BODY = [validate.Length(min=2, max=10000), validate.Regexp(r"\S", error="must not be blank")]


class RoundWriteSchema(InputSchema):
    """A new round: when each phase starts (ideas, shortlisting, voting, results) and votes per member."""

    name = fields.String(required=True, validate=validate.Length(min=3, max=200))
    description = fields.String(load_default="", validate=validate.Length(max=4000))
    votes_per_member = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=20))
    ideas_open_at = fields.AwareDateTime(required=True)
    shortlisting_at = fields.AwareDateTime(required=True)
    voting_at = fields.AwareDateTime(required=True)
    results_at = fields.AwareDateTime(required=True)


class PhasesSchema(Schema):
    ideas_open_at = fields.String()
    shortlisting_at = fields.String()
    voting_at = fields.String()
    results_at = fields.String()


class RoundSchema(Schema):
    id = fields.String(attribute="round.id")
    name = fields.String(attribute="round.name")
    description = fields.String(attribute="round.description")
    votes_per_member = fields.Integer(attribute="round.votes_per_member")
    phases = fields.Function(lambda v: PhasesSchema().dump(v.round))
    idea_count = fields.Integer(attribute="round.idea_count")
    phase = fields.String()
    my_votes = fields.List(fields.String())
    votes_left = fields.Integer()


class RoundListSchema(Schema):
    rounds = fields.List(fields.Nested(RoundSchema))


class EntrySchema(InputSchema):
    idea_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class FundingSchema(InputSchema):
    idea_ids = fields.List(fields.String(validate=validate.Length(min=1, max=64)), required=True,
                           validate=validate.Length(min=1, max=100))


class TallyIdeaSchema(TitledRefSchema):
    """An idea in a round's results."""


class TallySchema(Schema):
    idea = fields.Nested(TallyIdeaSchema)
    status = fields.String()
    votes = fields.Integer()
    funded = fields.Boolean()


class ResultsSchema(Schema):
    results = fields.List(fields.Nested(TallySchema))


class ProgressUpdateWriteSchema(InputSchema):
    body = fields.String(required=True, validate=BODY)


class UpdateAuthorSchema(RefSchema):
    """Who wrote a progress update."""


class ProgressUpdateSchema(Schema):
    id = fields.String()
    body = fields.String()
    body_html = fields.String()
    author = fields.Nested(UpdateAuthorSchema, allow_none=True)
    at = fields.String()


class ProgressUpdatesSchema(Schema):
    updates = fields.List(fields.Nested(ProgressUpdateSchema))
