"""Limits on the request itself, checked before anything else runs: a URL over 4 KB is a JSON 414.

gunicorn reads request lines up to 8 KB (`limit_request_line` in gunicorn_config.py), so every URL
between 4 and 8 KB reaches this check and gets qnet's JSON error instead of gunicorn's HTML page;
longer ones get gunicorn's own refusal, written as the same JSON (gunicorn_config.write_json_error).
"""

from __future__ import annotations

from flask import Flask, Response, request

from qnet.web.errors import error_response

MAX_URL_BYTES = 4096


def url_bytes() -> int:
    """The length of the URL as the client sent it (path and query string, before decoding)."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        return len(raw.encode("latin-1", "replace"))
    return len(request.environ.get("PATH_INFO", "").encode("latin-1", "replace")) + 1 + len(request.query_string)


def init_app(app: Flask) -> None:
    @app.before_request
    def refuse_long_urls() -> Response | None:
        if url_bytes() > MAX_URL_BYTES:
            return error_response(414, "uri_too_long",
                                  f"the URL is longer than {MAX_URL_BYTES} bytes; send long input in a request body")
        return None
