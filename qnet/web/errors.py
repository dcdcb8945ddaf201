"""One error path: every failure becomes {"error": {"code", "message", "fields"}} and never a trace."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, Response, jsonify, request
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from qnet.core.errors import QnetError, Unavailable
from qnet.web.openapi import ErrorSchema

log = logging.getLogger(__name__)

RETRY_AFTER_S = "5"


def error_response(status: int, code: str, message: str, fields: dict[str, Any] | None = None) -> Response:
    response = jsonify({"error": {"code": code, "message": message, "fields": fields or {}}})
    response.status_code = status
    if status == 503:
        response.headers["Retry-After"] = RETRY_AFTER_S
    return response


def _flatten_messages(messages: Any) -> dict[str, Any]:
    """webargs nests field messages under their location (json, query...); members see only fields."""
    if not isinstance(messages, dict):
        return {}
    fields: dict[str, Any] = {}
    for location, value in messages.items():
        if location in ("json", "query", "form", "path", "view_args", "headers") and isinstance(value, dict):
            fields.update(value)
        else:
            fields[location] = value
    return fields


class QnetApi(Api):  # type: ignore[misc]
    """flask-smorest's Api with qnet's error body in place of its own, in answers and in the document."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None  # each operation lists its statuses (qnet/web/openapi.py)

    def handle_http_exception(self, error: HTTPException) -> Response:
        status = error.code or 500
        data = getattr(error, "data", None) or {}
        fields = _flatten_messages(data.get("messages"))
        if status in (400, 422) and fields:
            return error_response(400, "invalid", "some fields are not valid", fields)
        code = {400: "bad_request", 401: "unauthorised", 403: "forbidden", 404: "not_found",
                405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
                429: "too_many_requests"}.get(status, "http_error")
        message = data.get("message") or error.description or error.name
        if status == 413:
            message = "the request body is too large"
        response = error_response(status, code, str(message))
        if status == 405 and (allow := dict(error.get_headers()).get("Allow")):
            response.headers["Allow"] = allow  # which methods the URL does take
        return response


def register_error_handlers(app: Flask) -> None:
    @app.errorhandler(QnetError)
    def domain_error(error: QnetError) -> Response:
        if isinstance(error, Unavailable):
            log.warning("unavailable: %s", error.message, extra={"path": request.path})
        return error_response(error.status, error.code, error.message, error.fields)

    @app.errorhandler(Exception)
    def unexpected(error: Exception) -> Response:
        if isinstance(error, HTTPException):
            return app.extensions["qnet.api"].handle_http_exception(error)  # type: ignore[no-any-return]
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal", "something went wrong on our side; it has been logged")
