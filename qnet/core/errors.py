"""Domain errors shared by every layer; qnet.web translates each into one JSON error body."""

from __future__ import annotations


class QnetError(Exception):
    """Base of qnet's domain errors; `code` is the stable machine-readable name."""

    code = "error"
    status = 500

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class Invalid(QnetError):
    code, status = "invalid", 400


class Unauthorised(QnetError):
    code, status = "unauthorised", 401


class Forbidden(QnetError):
    code, status = "forbidden", 403


class NotFound(QnetError):
    code, status = "not_found", 404


class Conflict(QnetError):
    code, status = "conflict", 409


class TooManyRequests(QnetError):
    code, status = "too_many_requests", 429


class Unavailable(QnetError):
    """The graph database cannot be reached; callers should retry later."""

    code, status = "unavailable", 503


class SignUpClosed(Forbidden):
    """Accounts come from accepted applications (or an operator); open sign-up is switched off."""

    code = "sign_up_closed"
