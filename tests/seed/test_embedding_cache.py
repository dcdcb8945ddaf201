"""How a seed embeds: each distinct text once per load, with the torch model's vectors, fast."""

from __future__ import annotations

import numpy as np
import pytest

from qnet.config import Settings, load_settings
from qnet.matching.meaning.embedding import Embedder
from seed.embedding_cache import CachedEmbedder, seed_backend, seed_embedder

TEXTS = [
    "Improvement adviser at Northfield Teaching Hospitals NHS Foundation Trust, North West.",
    "I use statistical process control charts to track sepsis screening times in our emergency department.",
    "Skills: Co-design (expert); Process mapping (practised).",
    "Interests: frailty; patient safety; mental health.",
]


def test_a_load_without_a_cache_directory_encodes_each_distinct_text_once(embedder: Embedder) -> None:
    cached = CachedEmbedder(embedder, None)
    first = cached.embed([TEXTS[0], TEXTS[1], TEXTS[0]])
    second = cached.embed([TEXTS[1], TEXTS[2]])
    assert cached.encoded == 3 and cached.reused == 2
    assert np.allclose(first[0], first[2]) and np.allclose(first[1], second[0])
    assert np.allclose(second[1], embedder.embed_one(TEXTS[2]), atol=1e-6)


def test_the_seed_runs_the_model_as_asked_else_as_configured(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QNET_EMBEDDING_BACKEND", "onnx")
    assert seed_backend(load_settings().embedding_backend) == "onnx"
    assert seed_backend("onnx-int8") == "onnx-int8"
    monkeypatch.delenv("QNET_EMBEDDING_BACKEND")
    assert seed_backend(load_settings().embedding_backend) in ("torch-bf16", "onnx")


def test_the_default_seed_embedder_gives_the_torch_models_vectors(
        embedder: Embedder, settings: Settings) -> None:
    seeding = seed_embedder(settings.with_overrides(embedding_backend=None))
    texts = TEXTS * 40  # enough for the split across workers
    vectors = seeding.embed([f"{text} ({i})" for i, text in enumerate(texts)])
    reference = embedder.embed([f"{text} ({i})" for i, text in enumerate(texts)])
    assert float((vectors * reference).sum(axis=1).min()) > 0.9998


def test_split_encoding_gives_the_same_vectors_as_one_encoder(embedder: Embedder) -> None:
    split = Embedder(embedder.model_name, batch_size=8, backend="torch", workers=2)
    texts = [f"{text} ({i})" for i, text in enumerate(TEXTS * 10)]
    assert np.allclose(split.embed(texts), embedder.embed(texts), atol=1e-5)
    assert np.allclose(split.embed_one(TEXTS[1]), embedder.embed_one(TEXTS[1]), atol=1e-5)
