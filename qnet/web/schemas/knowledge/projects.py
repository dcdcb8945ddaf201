"""Project schemas: aims, settings, methods, teams and join requests; never an email."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.core.vocabulary import PROJECT_STATUSES, REGIONS, TEAM_ROLES
from qnet.web.schemas.base import InputSchema, RefSchema, TitledRefSchema, cursor, page_size
from qnet.web.schemas.names import Name


class ProjectWriteSchema(InputSchema):
    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    aim = fields.String(required=True, validate=validate.Length(min=10, max=2000))
    setting = fields.String(load_default="", validate=validate.Length(max=2000))
    methods = fields.List(Name(80), load_default=list,
                          validate=validate.Length(max=20))
    region = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(REGIONS))
    status = fields.String(load_default="planning", validate=validate.OneOf(PROJECT_STATUSES))


class RequesterSchema(Schema):
    id = fields.String()
    name = fields.String()


class MethodSchema(Schema):
    key = fields.String(attribute="id")
    name = fields.String()


class TeamMemberSchema(RefSchema):
    role = fields.String()


class ProjectSchema(Schema):
    id = fields.String()
    title = fields.String()
    aim = fields.String()
    setting = fields.String()
    region = fields.String(allow_none=True)
    status = fields.String()
    methods = fields.List(fields.Nested(MethodSchema))
    team = fields.List(fields.Nested(TeamMemberSchema))
    ideas = fields.List(fields.Nested(TitledRefSchema))
    follower_count = fields.Integer()
    comment_count = fields.Integer()
    created_at = fields.String()


class ProjectListArgsSchema(InputSchema):
    status = fields.String(validate=validate.OneOf(PROJECT_STATUSES))
    region = fields.String(validate=validate.OneOf(REGIONS))
    method = Name(80)
    limit = page_size(20, 100)
    cursor = cursor()


class ProjectPageSchema(Schema):
    projects = fields.List(fields.Nested(ProjectSchema))
    next_cursor = fields.String(allow_none=True)


class JoinRequestWriteSchema(InputSchema):
    message = fields.String(load_default="", validate=validate.Length(max=2000))


class JoinRequestSchema(Schema):
    id = fields.String()
    member = fields.Nested(RequesterSchema)
    message = fields.String()
    status = fields.String()
    at = fields.String()


class JoinRequestCreatedSchema(Schema):
    request_id = fields.String()
    status = fields.String()


class JoinRequestListArgsSchema(InputSchema):
    status = fields.String(validate=validate.OneOf(("pending", "approved", "declined")))


class JoinRequestListSchema(Schema):
    requests = fields.List(fields.Nested(JoinRequestSchema))


class DecisionSchema(InputSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("approve", "decline")))
    role = fields.String(load_default="member", validate=validate.OneOf(tuple(r for r in TEAM_ROLES if r != "lead")))


class SuggestionArgsSchema(InputSchema):
    limit = page_size(10, 50)


class WorkSuggestionSchema(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String()
    score = fields.Float()
    reasons = fields.List(fields.String())


class WorkSuggestionsSchema(Schema):
    suggestions = fields.List(fields.Nested(WorkSuggestionSchema))
