"""gunicorn settings shared by `qnet serve` and the HTTP benchmarks: `-c python:qnet.web.gunicorn_config`.

Each worker loads the embedding model before it takes its first request. Loaded lazily, the model
made the first searches on every worker wait for it: with 2 workers and 8 concurrent clients, one
search in ten took 8-10 s while the median took a quarter of a second (bench/http.py at 100k
members), because the warm-up request had reached only one of the workers.
"""

from __future__ import annotations

import logging
from typing import Any

from qnet.errors import Unavailable

log = logging.getLogger(__name__)


def post_worker_init(worker: Any) -> None:
    services = getattr(worker.wsgi, "extensions", {}).get("qnet")
    if services is None:
        return
    try:
        services.embedder.embed_one("warm up")
    except Unavailable as exc:  # the rest of the app still serves; search answers 503 until the model loads
        log.warning("embedding model not loaded at worker start: %s", exc)
