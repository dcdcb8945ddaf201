"""Notification and notification-settings schemas (the API and the pages share them)."""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from qnet.core.vocabulary import MAIL_MODES
from qnet.matching.messaging.notifications import KINDS
from qnet.web.schemas.base import InputSchema, RefSchema, cursor, page_size


class NotificationQuerySchema(InputSchema):
    limit = page_size(20, 100)
    cursor = cursor()
    unread = fields.Boolean(load_default=False, metadata={"description": "only unread notifications"})


class ActorSchema(RefSchema):
    """The member whose action a notification tells of."""


class NotificationSchema(Schema):
    id = fields.String()
    kind = fields.String(metadata={"description": f"one of {', '.join(KINDS)}"})
    created_at = fields.String()
    read = fields.Boolean()
    text = fields.String(metadata={"description": "what happened, in a sentence"})
    link = fields.String(allow_none=True, metadata={"description": "the page it is about"})
    subject_id = fields.String(allow_none=True)
    actor = fields.Method("_actor", allow_none=True)

    def _actor(self, note: Any) -> dict[str, str] | None:
        return {"id": note.actor_id, "name": note.actor_name or "former member"} if note.actor_id else None


class NotificationPageSchema(Schema):
    notifications = fields.List(fields.Nested(NotificationSchema))
    unread = fields.Integer(metadata={"description": "unread notifications (counted up to 1,000)"})
    next_cursor = fields.String(allow_none=True)


class MarkReadSchema(InputSchema):
    ids = fields.List(fields.String(validate=validate.Length(min=1, max=64)), validate=validate.Length(min=1, max=500))
    all = fields.Boolean()

    @validates_schema
    def _one_of(self, data: dict[str, Any], **_: Any) -> None:
        if ("ids" in data) == ("all" in data):
            raise ValidationError("send either ids (a list) or all: true", field_name="ids")
        if "all" in data and data["all"] is not True:
            raise ValidationError("must be true", field_name="all")


class UnreadSchema(Schema):
    unread = fields.Integer()


class KindSchema(Schema):
    kind = fields.String()
    label = fields.String()
    default = fields.String()


class NotificationSettingsSchema(Schema):
    email = fields.Dict(keys=fields.String(), values=fields.String(),
                        metadata={"description": "for each kind: immediate, daily, weekly or never"})
    kinds = fields.List(fields.Nested(KindSchema))
    modes = fields.List(fields.String())


class NotificationSettingsBodySchema(InputSchema):
    email = fields.Dict(keys=fields.String(validate=validate.OneOf(list(KINDS))),
                        values=fields.String(validate=validate.OneOf(MAIL_MODES)), required=True,
                        metadata={"description": "kinds to change; kinds left out keep their setting"})


def settings_body(email: dict[str, str]) -> dict[str, Any]:
    """The settings representation: each kind's choice, and what the kinds and choices are."""
    kinds = [{"kind": k.key, "label": k.label, "default": k.default_mail} for k in KINDS.values()]
    return {"email": email, "kinds": kinds, "modes": list(MAIL_MODES)}
