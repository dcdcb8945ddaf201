"""Recruitment phase schemas: what coordinators define, and what the public may see."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from marshmallow import Schema, fields, validate

from qnet.core.vocabulary import REGIONS
from qnet.matching.membership.criteria import ANSWER_MAX_CHARS, ANSWER_MIN_CHARS, CRITERIA, ROUTES
from qnet.web.schemas.base import InputSchema
from qnet.web.schemas.names import Name

LIST_ENTRY = Name(200)


class PartnerInputSchema(InputSchema):
    name = Name(200, required=True)
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))


class PhaseInputSchema(InputSchema):
    """A whole phase (PUT replaces every part of it, its lists included)."""

    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    opens_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    closes_at = fields.AwareDateTime(required=True, default_timezone=UTC)
    routes = fields.List(fields.String(validate=validate.OneOf(list(ROUTES))), required=True,
                         validate=validate.Length(min=1))
    courses = fields.List(LIST_ENTRY, load_default=list, validate=validate.Length(max=500))
    organisations = fields.List(LIST_ENTRY, load_default=list, validate=validate.Length(max=500))
    partners = fields.List(fields.Nested(PartnerInputSchema), load_default=list, validate=validate.Length(max=100))
    reviews_required = fields.Integer(load_default=2, strict=True, validate=validate.Range(min=1, max=5))


class RouteSchema(Schema):
    route = fields.String()
    description = fields.String()


class PartnerSchema(Schema):
    name = fields.String()
    region = fields.String()


def _routes(phase: Any) -> list[dict[str, str]]:
    return [{"route": r, "description": ROUTES[r]} for r in phase.routes]


class PublicPhaseSchema(Schema):
    """Who may apply, until when, through which courses, organisations or partner regions."""

    id = fields.String()
    name = fields.String()
    opens_at = fields.DateTime()
    closes_at = fields.DateTime()
    routes = fields.Function(_routes, metadata={"description": "who may apply in this phase"})
    courses = fields.Function(lambda p: [c.name for c in p.courses])
    organisations = fields.Function(lambda p: [o.name for o in p.organisations])
    partners = fields.List(fields.Nested(PartnerSchema))


class PhaseSchema(PublicPhaseSchema):
    """A coordinator's view of a phase."""

    reviews_required = fields.Integer()
    announced_at = fields.DateTime(allow_none=True)


class PhaseListSchema(Schema):
    phases = fields.List(fields.Nested(PhaseSchema))


class CriterionSchema(Schema):
    key = fields.String()
    title = fields.String()


class RecruitmentSchema(Schema):
    open = fields.List(fields.Nested(PublicPhaseSchema))
    upcoming = fields.List(fields.Nested(PublicPhaseSchema))
    criteria = fields.Function(lambda _: [{"key": c.key, "title": c.title} for c in CRITERIA])
    answer_length = fields.Function(lambda _: {"min": ANSWER_MIN_CHARS, "max": ANSWER_MAX_CHARS})


class AnnouncementSchema(Schema):
    mailed = fields.Integer(metadata={"description": "confirmed subscribers told that the phase is open"})
