"""The updates list and invitation schemas."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.core.vocabulary import REGIONS
from qnet.web.schemas.base import InputSchema


class SubscribeSchema(InputSchema):
    email = fields.Email(required=True, validate=validate.Length(max=254))
    interests = fields.List(fields.String(validate=validate.Length(min=1, max=80)), load_default=list,
                            validate=validate.Length(max=20))
    region = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(REGIONS))


class MessageSchema(Schema):
    message = fields.String()


class InvitationAcceptSchema(InputSchema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=10, max=200))
