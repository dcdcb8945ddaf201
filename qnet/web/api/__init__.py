"""The versioned JSON API: /api/v1. Blueprints parse (schema), call a service, dump (schema)."""

from __future__ import annotations

import json
from typing import Any, NoReturn

import flask
from flask_smorest import Blueprint as _Blueprint
from flask_smorest import abort
from marshmallow import RAISE, missing
from webargs.flaskparser import FlaskParser, is_json_request

from qnet.core.untrusted_json import parse

PREFIX = "/api/v1"


class QnetParser(FlaskParser):  # type: ignore[misc]
    """Bad input is a 400 (not webargs' 422), and unknown query fields are refused too.

    Bodies are parsed by qnet.core.untrusted_json: nesting, lone surrogates and numbers no field could
    hold are a 400 before any schema sees them.
    """

    DEFAULT_VALIDATION_STATUS = 400
    # typed as webargs declares it (an instance-overridable default, hence no ClassVar)
    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {  # noqa: RUF012
        "json": RAISE, "query": RAISE, "form": RAISE, "view_args": RAISE}

    def _raw_load_json(self, req: flask.Request) -> Any:
        if not is_json_request(req):
            return missing
        return parse(req.get_data(cache=True))

    def _handle_invalid_json_error(self, error: json.JSONDecodeError | UnicodeDecodeError,
                                   req: flask.Request, *args: Any, **kwargs: Any) -> NoReturn:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "it is not UTF-8 text"
        abort(400, messages={"json": [f"the body is not JSON qnet can read: {reason}"]})
        raise AssertionError("abort raises")  # for the type checker: flask-smorest's abort is untyped


class Blueprint(_Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = QnetParser()
