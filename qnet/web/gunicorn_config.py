"""gunicorn settings shared by `qnet serve` and the HTTP benchmarks: `-c python:qnet.web.gunicorn_config`.

Each worker loads the embedding model (and the search-query encoder) before it takes its first
request. Loaded lazily, the model made the first searches on every worker wait for it: with 2
workers and 8 concurrent clients, one search in ten took 8-10 s while the median took a quarter of a
second (bench/http.py at 100k members), because the warm-up request had reached only one of the
workers.

Then everything the worker has built so far (the model, the app, the driver: ~480k objects) is
moved out of Python's cyclic garbage collector with `gc.freeze()`. A full collection walks every
tracked object and holds the GIL while it does: 276 ms for those objects on this 2-core machine,
and the neo4j driver leaves ~340 objects in reference cycles per search, so full collections kept
coming, and they were the slowest searches (p99) at 100k members. Frozen objects are never
collected, which is right for what lives as long as the worker.
"""

from __future__ import annotations

import gc
import logging
from typing import Any

from qnet.errors import Unavailable
from qnet.matching.embedding import Embedder

log = logging.getLogger(__name__)


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
    search queries and read the indexes from disk (the first search after a start took ~10 s on the
    shared machine, later ones a fraction of a second)."""
    from qnet.matching.search import PeopleQuery

    try:
        services.search.search(PeopleQuery(text="quality improvement data", searcher_id=""))
    except Exception as exc:  # noqa: BLE001 - a worker whose database is not up yet still starts; its first search is slow
        log.warning("could not warm search at worker start: %s", exc)


def post_worker_init(worker: Any) -> None:
    services = getattr(worker.wsgi, "extensions", {}).get("qnet")
    if services is not None:
        warm_search(services)
        warm_up(services.embedder)
