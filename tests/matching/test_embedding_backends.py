"""The embedding backends: onnx gives the torch model's vectors, faster; the choice is configurable."""

from __future__ import annotations

import numpy as np
import pytest

from qnet.errors import Unavailable
from qnet.matching.embedding import DIMENSIONS, Embedder

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


def test_the_backend_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QNET_EMBEDDING_BACKEND", "onnx")
    assert Embedder().backend == "onnx"
    monkeypatch.delenv("QNET_EMBEDDING_BACKEND")
    assert Embedder().backend == "torch"


def test_an_unknown_backend_is_refused() -> None:
    with pytest.raises(Unavailable):
        Embedder(backend="tensorflow")
