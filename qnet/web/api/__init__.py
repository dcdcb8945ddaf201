"""The versioned JSON API: /api/v1. Blueprints parse (schema), call a service, dump (schema)."""

from __future__ import annotations

from flask_smorest import Blueprint as _Blueprint
from marshmallow import RAISE
from webargs.flaskparser import FlaskParser

PREFIX = "/api/v1"


class QnetParser(FlaskParser):  # type: ignore[misc]
    """Bad input is a 400 (not webargs' 422), and unknown query fields are refused too."""

    DEFAULT_VALIDATION_STATUS = 400
    # typed as webargs declares it (an instance-overridable default, hence no ClassVar)
    DEFAULT_UNKNOWN_BY_LOCATION: dict[str, str | None] = {  # noqa: RUF012
        "json": RAISE, "query": RAISE, "form": RAISE, "view_args": RAISE}


class Blueprint(_Blueprint):  # type: ignore[misc]
    ARGUMENTS_PARSER = QnetParser()
