"""gunicorn settings shared by `qnet serve` and the HTTP benchmarks: `-c python:qnet.web.gunicorn_config`.

Each worker loads the embedding model (and the search-query encoder) before it takes its first
request: loaded lazily, the model made the first searches on every worker wait for it, because a
warm-up request reaches only one worker.

Then everything the worker has built so far (the model, the app, the driver) is moved out of
Python's cyclic garbage collector with `gc.freeze()`: a full collection walks every tracked object
holding the GIL, and the neo4j driver leaves objects in reference cycles on every search, so full
collections kept coming and were the slowest searches. Frozen objects are never collected, which is
right for what lives as long as the worker. (Timings: docs/BENCHMARKS.md, "Loading, embedding and HTTP".)

Request lines are read up to gunicorn's maximum (8 KB), so URLs over qnet's own 4 KB limit reach
the app and get its JSON 414; what gunicorn still refuses itself (a longer line, a malformed
request) is written as qnet's JSON error body too, never gunicorn's HTML page.
"""

from __future__ import annotations

import gc
import json
import logging
from typing import Any

from gunicorn import util

from qnet.core.errors import Unavailable
from qnet.matching.meaning.embedding import Embedder

log = logging.getLogger(__name__)

limit_request_line = 8190  # gunicorn's maximum; qnet.web.limits refuses URLs over 4 KB with a JSON 414
_GUNICORN_CODES = {400: "bad_request", 403: "forbidden", 414: "uri_too_long", 431: "headers_too_large",
                   501: "not_implemented"}


def write_json_error(sock: Any, status: int, reason: str, message: str) -> None:
    """gunicorn's own refusals (before the app runs) in qnet's error shape instead of an HTML page."""
    if status == 400 and message.startswith("Request Line is too large"):
        status, reason, message = 414, "URI Too Long", "the URL is too long; send long input in a request body"
    body = json.dumps({"error": {"code": _GUNICORN_CODES.get(status, "http_error"),
                                 "message": message or reason, "fields": {}}}).encode()
    head = (f"HTTP/1.1 {status} {reason}\r\nConnection: close\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
    util.write_nonblock(sock, head + body)


def on_starting(server: Any) -> None:
    """In the master, before workers fork: gunicorn writes its errors through write_json_error."""
    util.write_error = write_json_error


def warm_up(embedder: Embedder) -> None:
    """Load the model, the query encoder and the search space's encoders, then take the long-lived objects out of the GC's walks."""
    try:
        embedder.embed_one("warm up")
        embedder.embed_query("warm up")
        embedder.search_space.warm()
    except Unavailable as exc:  # the rest of the app still serves; search answers 503 until the model loads
        log.warning("embedding model not loaded at worker start: %s", exc)
    gc.collect()
    gc.freeze()


def warm_search(services: Any) -> None:
    """Run one people search, so that the first person to search does not wait for Neo4j to plan the
    search queries and read the indexes from disk (docs/BENCHMARKS.md, page speed)."""
    from qnet.matching.people.search import PeopleQuery

    try:
        services.search.search(PeopleQuery(text="quality improvement data", searcher_id=""))
    except Exception as exc:  # noqa: BLE001 - a worker whose database is not up yet still starts; its first search is slow
        log.warning("could not warm search at worker start: %s", exc)


def post_worker_init(worker: Any) -> None:
    services = getattr(worker.wsgi, "extensions", {}).get("qnet")
    if services is not None:
        warm_search(services)
        warm_up(services.embedder)
