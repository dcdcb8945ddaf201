"""The OpenAPI document tells the truth about errors: their real body, and every status an operation can answer.

flask-smorest documents errors as `{code, status, message, errors}` under a catch-all `default`
response; qnet answers `{"error": {"code", "message", "fields"}}` (qnet/web/errors.py). Here the
error schema is the real one, the catch-all is gone, and each operation lists the statuses it can
give, by the rules below, so a client (and the schemathesis test) can rely on the document.
"""

from __future__ import annotations

import re
from typing import Any

from apispec import BasePlugin
from marshmallow import Schema, fields

UNSAFE = ("post", "put", "patch", "delete")
# Anyone may call these without signing in; every other operation can answer 401 and 403.
PUBLIC = re.compile(r"^(post /api/v1/auth/(login|register|invitations/.*)|get /api/v1/recruitment|"
                    r"post /api/v1/applications|get /api/v1/applications/status/.*|post /api/v1/updates/.*)$")
# Limited per client address or per email (qnet/matching/throttle.py and the sign-in throttle, which
# also counts wrong passwords given to change a password or delete an account), or per member
# (messages past the hourly limit).
THROTTLED = re.compile(r"^(post /api/v1/(auth/login|auth/register|auth/password|applications|updates/subscribe)|"
                       r"delete /api/v1/members/me|post /api/v1/members/me/conversations/[^/]+/messages)$")
# Public operations that check a password or a link's secret (401 when it is wrong).
CHECKS_SECRET = re.compile(r"^/api/v1/auth/(login|invitations/.*)$")
# Single-use links that expire (410 `expired`).
EXPIRING = re.compile(r"^/api/v1/(auth/invitations|updates/confirm)/")
STATUS_NAMES = {400: "BAD_REQUEST", 401: "UNAUTHORIZED", 403: "FORBIDDEN", 404: "NOT_FOUND", 409: "CONFLICT",
                410: "GONE", 413: "REQUEST_ENTITY_TOO_LARGE", 414: "REQUEST_URI_TOO_LONG", 429: "TOO_MANY_REQUESTS",
                503: "SERVICE_UNAVAILABLE"}


class ErrorDetailSchema(Schema):
    code = fields.String(required=True, metadata={"description": "stable machine-readable name, e.g. invalid"})
    message = fields.String(required=True, metadata={"description": "what went wrong, in plain English"})
    field_messages = fields.Dict(required=True, data_key="fields", keys=fields.String(), metadata={
        "description": "each bad field (nested fields by path) with its messages; empty when no field is to blame"})


class ErrorSchema(Schema):
    """Every error qnet answers has this body."""

    error = fields.Nested(ErrorDetailSchema, required=True)


def error_statuses(path: str, method: str, operation: dict[str, Any]) -> list[int]:
    """The error statuses an operation can answer, besides what its own decorators document."""
    unsafe = method in UNSAFE
    has_input = bool(operation.get("parameters")) or "requestBody" in operation or "{" in path
    statuses = [414, 503]
    if has_input or unsafe:
        statuses.append(400)
    public = bool(PUBLIC.match(f"{method} {path}"))
    if not public:
        statuses += [401, 403]
    elif unsafe:
        statuses.append(403)  # a signed-in browser without its CSRF token
    if CHECKS_SECRET.match(path):
        statuses.append(401)
    if "{" in path or not public:
        statuses.append(404)
    if unsafe:
        statuses += [409, 413]
    if THROTTLED.match(f"{method} {path}"):
        statuses.append(429)
    if EXPIRING.match(path):
        statuses.append(410)
    return sorted(set(statuses))


class ErrorResponses(BasePlugin):  # type: ignore[misc]
    """Adds each operation's error statuses (by reference to the shared error responses)."""

    def operation_helper(self, path: str | None = None, operations: dict[str, Any] | None = None,
                         **kwargs: Any) -> None:
        for method, operation in (operations or {}).items():
            responses = operation.setdefault("responses", {})
            responses.pop("default", None)
            for status in error_statuses(path or "", method, operation):
                responses.setdefault(str(status), STATUS_NAMES[status])
            if (path or "").endswith(".csv"):
                responses["200"] = {"description": "the rows as CSV (UTF-8, a header row first)",
                                    "content": {"text/csv": {"schema": {"type": "string"}}}}
