"""Application schemas: the public form, the private status, the review queue, reviews and decisions."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, pre_dump, validate

from qnet.core.vocabulary import REGIONS, ROLES
from qnet.matching.membership.criteria import (
    ANSWER_MAX_CHARS,
    ANSWER_MIN_CHARS,
    APPLICATION_STATUSES,
    DECISIONS,
    ROUTES,
)
from qnet.web.schemas.base import InputSchema, cursor, page_size
from qnet.web.schemas.names import Name

ANSWER = validate.Length(min=ANSWER_MIN_CHARS, max=ANSWER_MAX_CHARS,
                         error="write between {min} and {max} characters")


class AnswersSchema(InputSchema):
    """One answer per published criterion."""

    a = fields.String(required=True, validate=ANSWER, metadata={"description": "commitment to collaborative improvement"})
    b = fields.String(required=True, validate=ANSWER,
                      metadata={"description": "experience of playing a role in efforts to improve quality"})
    c = fields.String(required=True, validate=ANSWER,
                      metadata={"description": "ability to articulate and reflect on approaches to improve quality"})


class ApplicationInputSchema(InputSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    email = fields.Email(required=True, validate=validate.Length(max=254))
    organisation = Name(200, blank_ok=True, load_default=None, allow_none=True)
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    route = fields.String(required=True, validate=validate.OneOf(list(ROUTES)))
    route_evidence = Name(200, blank_ok=True, load_default=None, allow_none=True,
                                   metadata={"description": "the course or national organisation you apply through"})
    answers = fields.Nested(AnswersSchema, required=True)
    consent = fields.Boolean(required=True, metadata={"description": "consent to processing this application"})


class SubmittedSchema(Schema):
    id = fields.String()
    status = fields.String()
    message = fields.String()


class StatusSchema(Schema):
    """What the private status link shows: never the email, never the reviews."""

    name = fields.String()
    phase_name = fields.String()
    status = fields.String()
    submitted_at = fields.DateTime()
    decided_at = fields.DateTime(allow_none=True)
    decision_message = fields.String(allow_none=True)


class QueueArgsSchema(InputSchema):
    phase = fields.String(validate=validate.Length(min=1, max=80))
    route = fields.String(validate=validate.OneOf(list(ROUTES)))
    region = fields.String(validate=validate.OneOf(REGIONS))
    status = fields.String(validate=validate.OneOf(APPLICATION_STATUSES))
    limit = page_size(50, 200)
    cursor = cursor()


class ReviewSchema(Schema):
    reviewer_id = fields.String()
    reviewer_name = fields.String()
    scores = fields.Dict(keys=fields.String(), values=fields.Integer())
    notes = fields.Dict(keys=fields.String(), values=fields.String())
    at = fields.DateTime()
    conflict_of_interest = fields.Boolean()


class HighlightSchema(Schema):
    sentence = fields.String()
    score = fields.Float()


class AssistSchema(Schema):
    criterion = fields.String()
    title = fields.String()
    best_score = fields.Float()
    addressed = fields.Boolean(metadata={"description": "false: no sentence is close to the criterion; read it closely"})
    highlights = fields.List(fields.Nested(HighlightSchema))


class QueueItemSchema(Schema):
    id = fields.String()
    name = fields.String()
    organisation = fields.String(allow_none=True)
    region = fields.String()
    role = fields.String()
    route = fields.String()
    route_evidence = fields.String(allow_none=True)
    status = fields.String()
    phase_id = fields.String()
    phase_name = fields.String()
    submitted_at = fields.DateTime()
    review_count = fields.Integer()
    reviews_required = fields.Integer()
    flags = fields.List(fields.String())

    @pre_dump
    def flatten(self, view: Any, **_: Any) -> dict[str, Any]:
        """An ApplicationView becomes the application's fields plus the flags and assist beside them."""
        application = view.application
        return {**application.__dict__, "review_count": len(application.reviews), "flags": view.flags,
                "assist": view.assist or []}


class ApplicationDetailSchema(QueueItemSchema):
    answers = fields.Dict(keys=fields.String(), values=fields.String())
    reviews = fields.List(fields.Nested(ReviewSchema))
    assist = fields.List(fields.Nested(AssistSchema),
                         metadata={"description": "reviewer assist: highlights only, a person decides"})
    decided_at = fields.DateTime(allow_none=True)
    decision_message = fields.String(allow_none=True)
    member_id = fields.String(allow_none=True)


class QueuePageSchema(Schema):
    applications = fields.List(fields.Nested(QueueItemSchema))
    next_cursor = fields.String(allow_none=True)


class CriterionScoreSchema(InputSchema):
    score = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=4))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class ReviewInputSchema(InputSchema):
    """One reviewer's scores, 1 (no evidence) to 4 (strong evidence), for each criterion."""

    a = fields.Nested(CriterionScoreSchema, required=True)
    b = fields.Nested(CriterionScoreSchema, required=True)
    c = fields.Nested(CriterionScoreSchema, required=True)


class DecisionInputSchema(InputSchema):
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    message = fields.String(required=True, validate=validate.Length(min=1, max=4000))


class RetentionSchema(InputSchema):
    declined_retention_days = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=3650))


class PurgeSchema(Schema):
    purged = fields.Integer()
    declined_retention_days = fields.Integer()
