"""Connection schemas."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, post_load, validate

from qnet.web.schemas.base import InputSchema
from qnet.web.schemas.people.members import MemberPublicSchema

REQUEST_MESSAGE_MAX = 500


class ConnectionRequestBodySchema(InputSchema):
    member_id = fields.String(required=True, validate=validate.Length(min=1, max=64))
    message = fields.String(
        load_default=None, allow_none=True, validate=validate.Length(max=REQUEST_MESSAGE_MAX),
        metadata={"description": "an optional introduction (plain text) that they read before accepting"})

    @post_load
    def _blank_message_is_none(self, data: dict[str, Any], **_: Any) -> dict[str, Any]:
        text = (data.get("message") or "").strip()
        data["message"] = text or None
        return data


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
    message = fields.String(allow_none=True, metadata={"description": "the requester's introduction, if any"})


class PendingRequestsSchema(Schema):
    incoming = fields.List(fields.Nested(PendingRequestSchema))
    outgoing = fields.List(fields.Nested(PendingRequestSchema))
