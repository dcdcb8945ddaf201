"""Member profile schemas. The profile a member writes is checked by the rules `qnet import members`
uses (qnet.matching.people.importer); what others see of it is decided here."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.core.vocabulary import REGIONS, ROLES
from qnet.matching.people.importer import ProfileSchema  # noqa: F401 - the body a member writes, as imports check it
from qnet.web.schemas.base import InputSchema, SkillRefSchema, cursor, page_size
from qnet.web.schemas.names import Name


class SkillSchema(SkillRefSchema):
    level = fields.Integer()


class MemberPublicSchema(Schema):
    """What anyone signed in may see of a member. There is deliberately no email field."""

    id = fields.String()
    key = fields.String()
    name = fields.String()
    role = fields.String()
    organisation = fields.String(allow_none=True)
    region = fields.String()
    bio = fields.String()
    skills = fields.List(fields.Nested(SkillSchema))
    interests = fields.List(fields.String())
    joined_at = fields.String()


class MemberPrivateSchema(MemberPublicSchema):
    """A member's own view of themselves."""

    email = fields.String()
    account_role = fields.String()
    searchable = fields.Boolean()
    suggestable = fields.Boolean()


class MemberListArgsSchema(InputSchema):
    skill = Name(80)
    region = fields.String(validate=validate.OneOf(REGIONS))
    role = fields.String(validate=validate.OneOf(ROLES))
    organisation = Name(200)
    limit = page_size(20, 100)
    cursor = cursor()


class MemberPageSchema(Schema):
    members = fields.List(fields.Nested(MemberPublicSchema))
    next_cursor = fields.String(allow_none=True)
