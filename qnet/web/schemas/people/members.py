"""Member profile schemas, shared by the API and by `qnet import members`."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.core.vocabulary import REGIONS, ROLES
from qnet.web.schemas.base import InputSchema, SkillRefSchema, cursor, page_size
from qnet.web.schemas.names import Name

NAME = validate.Length(min=1, max=120)


class SkillInputSchema(InputSchema):
    name = Name(80, required=True)
    level = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=3))


class ProfileSchema(InputSchema):
    """A complete profile (PUT replaces the whole of it)."""

    name = fields.String(required=True, validate=NAME)
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    organisation = Name(200, blank_ok=True, load_default=None, allow_none=True)
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))
    bio = fields.String(load_default="", validate=validate.Length(max=4000))
    skills = fields.List(fields.Nested(SkillInputSchema), load_default=list, validate=validate.Length(max=40))
    interests = fields.List(Name(80), load_default=list, validate=validate.Length(max=25))


class ImportMemberSchema(ProfileSchema):
    """One line of `qnet import members`: a profile plus its stable key and email."""

    key = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$"))
    email = fields.Email(required=True, validate=validate.Length(max=254))


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
