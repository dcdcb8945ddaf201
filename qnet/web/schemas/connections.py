"""Connection schemas."""

from __future__ import annotations

from marshmallow import RAISE, Schema, fields, validate

from qnet.web.schemas.members import MemberPublicSchema


class ConnectionRequestBodySchema(Schema):
    class Meta:
        unknown = RAISE

    member_id = fields.String(required=True, validate=validate.Length(min=1, max=64))


class RequestOutcomeSchema(Schema):
    status = fields.String(metadata={"description": "`requested`, or `connected` when they had already asked you"})


class ConnectionSchema(Schema):
    member = fields.Nested(MemberPublicSchema)
    since = fields.String()


class ConnectionListSchema(Schema):
    connections = fields.List(fields.Nested(ConnectionSchema))


class PendingRequestSchema(Schema):
    member = fields.Nested(MemberPublicSchema)
    at = fields.String()


class PendingRequestsSchema(Schema):
    incoming = fields.List(fields.Nested(PendingRequestSchema))
    outgoing = fields.List(fields.Nested(PendingRequestSchema))
