"""Sign-up, sign-in and API token schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.web.schemas.base import InputSchema
from qnet.web.schemas.people.members import MemberPrivateSchema, ProfileSchema

PASSWORD = validate.Length(min=10, max=200)


class RegisterSchema(ProfileSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, load_only=True, validate=PASSWORD)


class LoginSchema(InputSchema):
    email = fields.Email(required=True)
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))


class PasswordChangeSchema(InputSchema):
    current_password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200))
    new_password = fields.String(required=True, load_only=True, validate=PASSWORD)


class SessionSchema(Schema):
    member = fields.Nested(MemberPrivateSchema)
    csrf_token = fields.String()


class CsrfSchema(Schema):
    csrf_token = fields.String()


class TokenCreateSchema(InputSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=80))


class TokenSchema(Schema):
    id = fields.String()
    name = fields.String()
    created_at = fields.String()
    last_used_at = fields.String(allow_none=True)


class NewTokenSchema(TokenSchema):
    token = fields.String(metadata={"description": "Shown once: store it now."})


class TokenListSchema(Schema):
    tokens = fields.List(fields.Nested(TokenSchema))
