"""The versioned JSON API: /api/v1. Blueprints parse (schema), call a service, dump (schema)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

import flask
from flask_smorest import Blueprint as _Blueprint
from flask_smorest import abort
from marshmallow import RAISE, missing
from webargs.flaskparser import FlaskParser, is_json_request

from qnet.core.untrusted_json import parse
from qnet.web.security import member_required

PREFIX = "/api/v1"
V = TypeVar("V", bound=Callable[..., Any])
Access = Callable[[Any], Any]  # member_required, role_required("coordinator"), ...


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

    def operation(self, method: str, rule: str, *, body: Any = None, query: Any = None, gives: Any = None,
                 status: int | None = 200, who: Access | None = member_required) -> Callable[[V], V]:
        """One operation's contract in one line: its method and path, what it takes (a JSON `body` or
        `query` arguments, by schema), what it answers (`status`, with the `gives` schema; None for a
        response the view makes itself, such as a CSV file) and `who` may call it: members, unless
        it says otherwise (`who=None` for a public endpoint)."""

        def register(view: V) -> V:
            wrapped: Any = who(view) if who is not None else view
            if status is not None:
                wrapped = self.response(status, gives)(wrapped)
            if body is not None:
                wrapped = self.arguments(body)(wrapped)
            if query is not None:
                wrapped = self.arguments(query, location="query")(wrapped)
            return self.route(rule, methods=[method])(wrapped)  # type: ignore[no-any-return]

        return register
