"""Idea schemas: what members send when writing ideas, and what everyone may see of them."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.core.vocabulary import IDEA_SORTS, IDEA_STATUSES, REGIONS
from qnet.web.schemas.base import (
    InputSchema,
    RefSchema,
    SkillRefSchema,
    TitledRefSchema,
    cursor,
    page_size,
)
from qnet.web.schemas.names import Name
from qnet.web.schemas.people.members import MemberPublicSchema

TOPICS = fields.List(Name(80), load_default=list,
                     validate=validate.Length(max=10))


class IdeaAuthorSchema(RefSchema):
    """An idea's author."""


class ProjectRefSchema(TitledRefSchema):
    """The project an idea is part of."""


class IdeaWriteSchema(InputSchema):
    """A whole idea (PUT replaces all of it). Only title, summary and topics are needed."""

    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    summary = fields.String(required=True, validate=validate.Length(min=10, max=1500))
    topics = TOPICS
    body = fields.String(load_default="", validate=validate.Length(max=20000))
    region = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(REGIONS))
    project_id = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))


class IdeaCreateSchema(IdeaWriteSchema):
    status = fields.String(load_default="open", validate=validate.OneOf(("draft", "open")))


class IdeaStatusSchema(InputSchema):
    status = fields.String(required=True, validate=validate.OneOf(IDEA_STATUSES))


class IdeaSchema(Schema):
    """An idea as anyone signed in may see it; its author appears by id and name only."""

    id = fields.String()
    title = fields.String()
    summary = fields.String()
    body = fields.String()
    body_html = fields.String()
    topics = fields.List(fields.String())
    region = fields.String(allow_none=True)
    status = fields.String()
    author = fields.Nested(IdeaAuthorSchema, allow_none=True)
    project = fields.Nested(ProjectRefSchema, allow_none=True)
    rounds = fields.List(fields.String())
    support_count = fields.Integer()
    comment_count = fields.Integer()
    follower_count = fields.Integer()
    funded = fields.Boolean()
    withdrawn = fields.Boolean()
    duplicate_of = fields.String(allow_none=True)
    supported_by_me = fields.Boolean()
    following = fields.Boolean()
    created_at = fields.String()
    updated_at = fields.String()


class IdeaListArgsSchema(InputSchema):
    topic = Name(80)
    region = fields.String(validate=validate.OneOf(REGIONS))
    status = fields.String(validate=validate.OneOf(IDEA_STATUSES))
    author = fields.String(validate=validate.Length(min=1, max=64))
    round = fields.String(validate=validate.Length(min=1, max=64))
    sort = fields.String(load_default="newest", validate=validate.OneOf(IDEA_SORTS))
    limit = page_size(20, 100)
    cursor = cursor()


class IdeaPageSchema(Schema):
    ideas = fields.List(fields.Nested(IdeaSchema))
    next_cursor = fields.String(allow_none=True)


class IdeaSearchArgsSchema(InputSchema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=500))
    limit = page_size(20, 50)


class IdeaSearchHitSchema(Schema):
    idea = fields.Nested(IdeaSchema)
    score = fields.Float()


class IdeaSearchResultSchema(Schema):
    results = fields.List(fields.Nested(IdeaSearchHitSchema))


class DraftSchema(InputSchema):
    """A draft being written: compared with existing work before it is posted."""

    title = fields.String(required=True, validate=validate.Length(min=3, max=200))
    summary = fields.String(load_default="", validate=validate.Length(max=1500))
    topics = TOPICS
    body = fields.String(load_default="", validate=validate.Length(max=20000))
    limit = page_size(10, 50)


class SimilarArgsSchema(InputSchema):
    limit = page_size(10, 50)


class SimilarItemSchema(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String()
    status = fields.String()
    score = fields.Float()
    passage = fields.String()


class SimilarWorkSchema(Schema):
    """Ideas and projects aiming at the same thing, each list best first."""

    ideas = fields.List(fields.Nested(SimilarItemSchema))
    projects = fields.List(fields.Nested(SimilarItemSchema))


class DuplicateSchema(InputSchema):
    original_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class SupportSchema(Schema):
    supported = fields.Boolean()
    support_count = fields.Integer()


class FollowSchema(Schema):
    following = fields.Boolean()
    follower_count = fields.Integer()


class NeededSkillSchema(SkillRefSchema):
    source = fields.String()
    team_has = fields.Boolean()


class HelperSchema(Schema):
    member = fields.Nested(MemberPublicSchema)
    score = fields.Float()
    brings = fields.List(fields.String())
    reasons = fields.List(fields.String())


class HelperReportSchema(Schema):
    """What the idea needs, what its team lacks, and who could fill the gaps (never an email)."""

    needed_skills = fields.List(fields.Nested(NeededSkillSchema), attribute="needed")
    lived_experience_needed = fields.Boolean()
    team_has_lived_experience = fields.Boolean()
    helpers = fields.List(fields.Nested(HelperSchema))
