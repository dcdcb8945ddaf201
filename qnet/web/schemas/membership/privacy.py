"""Privacy schemas: visibility choices, account deletion, and the data export."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from qnet.web.schemas.base import InputSchema


class VisibilitySchema(InputSchema):
    searchable = fields.Boolean(required=True, metadata={"description": "appear in people search"})
    suggestable = fields.Boolean(required=True, metadata={"description": "appear in other members' suggestions"})


class DeleteAccountSchema(InputSchema):
    password = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=200),
                             metadata={"description": "your password, to confirm it is you"})


class ExportSchema(Schema):
    """Everything qnet holds about you."""

    exported_at = fields.String()
    member = fields.Dict()
    connections = fields.List(fields.Dict())
    relationships = fields.Dict()
    applications = fields.List(fields.Dict())
    subscriptions = fields.List(fields.Dict())
    mail = fields.List(fields.Dict())
    messages = fields.List(fields.Dict(), metadata={
        "description": "my conversations, each with every message in it (mine marked `mine`)"})
    notifications = fields.List(fields.Dict(), metadata={"description": "what you were told, newest last"})
