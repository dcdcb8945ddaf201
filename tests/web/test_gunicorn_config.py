"""`qnet serve`'s gunicorn workers load the embedding model before their first request."""

from __future__ import annotations

from types import SimpleNamespace

from qnet.config import Settings
from qnet.graph.driver import Graph
from qnet.matching.embedding import Embedder
from qnet.web import create_app
from qnet.web.gunicorn_config import post_worker_init


def test_a_worker_loads_the_model_before_serving(settings: Settings, graph: Graph) -> None:
    embedder = Embedder(settings.embedding_model)
    app = create_app(settings, {"TESTING": True}, embedder=embedder)
    assert embedder._model is None  # the app itself loads the model lazily (CLI commands never need it)
    post_worker_init(SimpleNamespace(wsgi=app))
    assert embedder._model is not None


def test_a_worker_whose_model_cannot_load_still_starts(settings: Settings, graph: Graph) -> None:
    embedder = Embedder("/nonexistent/model")
    app = create_app(settings, {"TESTING": True}, embedder=embedder)
    post_worker_init(SimpleNamespace(wsgi=app))  # logs a warning; search answers 503 until fixed
    assert embedder._model is None
