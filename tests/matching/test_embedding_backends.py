"""The embedding backends: onnx gives the torch model's vectors, faster; the choice is configurable."""

from __future__ import annotations

import numpy as np
import pytest

from qnet.config import Settings, load_settings
from qnet.core.errors import Unavailable
from qnet.matching.meaning.embedding import DIMENSIONS, Embedder
from qnet.services import build_embedder

TEXTS = [
    "Improvement adviser at Northfield Teaching Hospitals NHS Foundation Trust, North West.",
    "I use statistical process control charts to track sepsis screening times in our emergency department.",
    "Skills: Co-design (expert); Process mapping (practised).",
    "Interests: frailty; patient safety; mental health.",
    "short",
]


def test_onnx_backend_gives_the_torch_models_vectors(embedder: Embedder) -> None:
    onnx = Embedder(embedder.model_name, backend="onnx")
    vectors = onnx.embed(TEXTS)
    reference = embedder.embed(TEXTS)
    assert vectors.shape == (len(TEXTS), DIMENSIONS) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert float((vectors * reference).sum(axis=1).min()) > 0.9999
    assert np.allclose(onnx.embed_one(TEXTS[1]), vectors[1], atol=1e-5)


def test_the_backend_comes_from_the_environment_through_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QNET_EMBEDDING_BACKEND", "onnx")
    assert build_embedder(load_settings()).backend == "onnx"
    monkeypatch.delenv("QNET_EMBEDDING_BACKEND")
    assert build_embedder(load_settings()).backend == "torch"


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(Unavailable):
        Embedder(backend="tensorflow")


QUERIES = [
    "someone who has used control charts to track sepsis screening in A&E",
    "a family member caring for someone with dementia",
    "co-design with patients",
]


def test_search_queries_have_their_own_onnx_encoder_with_the_profiles_vectors(embedder: Embedder) -> None:
    assert embedder.query_backend == "onnx"
    queries = np.stack([embedder.embed_query(q) for q in QUERIES])
    reference = embedder.embed(QUERIES)
    assert queries.shape == (len(QUERIES), DIMENSIONS) and queries.dtype == np.float32
    assert np.allclose(np.linalg.norm(queries, axis=1), 1.0, atol=1e-5)
    assert float((queries * reference).sum(axis=1).min()) > 0.9999
    # What matters for search: each query is still nearest to its own meaning among the profile texts.
    profiles = embedder.embed(TEXTS[:4])
    assert [int(np.argmax(profiles @ q)) for q in (queries[0], reference[0])] == [1, 1]


def test_int8_queries_are_approximate_but_close(embedder: Embedder) -> None:
    int8 = Embedder(embedder.model_name, query_backend="onnx-int8")
    queries = np.stack([int8.embed_query(q) for q in QUERIES])
    assert float((queries * embedder.embed(QUERIES)).sum(axis=1).min()) > 0.98


def test_the_query_encoder_can_be_the_main_backend(embedder: Embedder, settings: Settings,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QNET_QUERY_EMBEDDING_BACKEND", "same")
    assert load_settings().query_embedding_backend == "same"
    same = build_embedder(settings.with_overrides(query_embedding_backend="same", embedding_backend="torch"))
    assert same.query_backend == "same"
    assert np.allclose(same.embed_query(QUERIES[0]), embedder.embed_one(QUERIES[0]), atol=1e-6)
    with pytest.raises(Unavailable):
        Embedder(query_backend="tensorflow")
