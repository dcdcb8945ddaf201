"""`qnet serve`'s gunicorn workers load the embedding model before their first request."""

from __future__ import annotations

import gc
from types import SimpleNamespace

from qnet.config import Settings
from qnet.graph.driver import Graph
from qnet.matching.meaning.embedding import Embedder
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


def test_a_warm_worker_keeps_its_long_lived_objects_out_of_garbage_collection(settings: Settings,
                                                                              graph: Graph) -> None:
    embedder = Embedder(settings.embedding_model)
    app = create_app(settings, {"TESTING": True}, embedder=embedder)
    try:
        post_worker_init(SimpleNamespace(wsgi=app))
        assert embedder._query_encoder is not None  # search queries have their encoder ready too
        assert gc.get_freeze_count() > 10000  # the model's objects, among others
    finally:
        gc.unfreeze()
