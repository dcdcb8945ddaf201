"""The ONNX Runtime backend of the embedding service: the same model, exported once, run faster on CPU.

The sentence-transformers model (a BERT encoder, mean pooling, unit normalisation) is exported from
its local weights with torch.onnx into $QNET_HOME/models/ the first time it is needed (offline, a few
seconds), optionally quantised (int8 per-channel weights of the matrix products), and run with
onnxruntime. Pooling and normalisation are done here exactly as sentence-transformers does them, so
fp32 vectors agree with the torch backend (cosine > 0.9999, measured by bench/embedding.py).
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import threading
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_EXPORT_LOCK = threading.Lock()


def model_cache_dir(model_path: str, home: Path) -> Path:
    """Where the exported model for one set of weights lives (keyed by the weights' path and size)."""
    root = home
    weights = Path(model_path)
    stamp = "".join(f"{p.name}:{p.stat().st_size};" for p in sorted(weights.glob("*")) if p.is_file())
    digest = hashlib.sha256(f"{weights.resolve()}|{stamp}".encode()).hexdigest()[:12]
    return root / "models" / f"{weights.name}-{digest}"


def export_onnx(model: Any, target: Path, quantised: bool) -> Path:
    """Export the transformer of a loaded SentenceTransformer to ONNX (and int8), once per cache dir."""
    import torch

    target.mkdir(parents=True, exist_ok=True)
    fp32 = target / "model.onnx"
    int8 = target / "model-int8-matmul-per-channel.onnx"
    with _EXPORT_LOCK:
        if not fp32.exists():
            transformer = _hidden_module(model[0].auto_model.eval())
            sample = model.tokenizer(["an example sentence to trace"], return_tensors="pt")
            names = ["input_ids", "attention_mask", "token_type_ids"]
            axes = {n: {0: "batch", 1: "tokens"} for n in names} | {"hidden": {0: "batch", 1: "tokens"}}
            partial = fp32.with_suffix(".partial")
            with torch.no_grad():
                torch.onnx.export(transformer, tuple(sample[n] for n in names), str(partial), input_names=names,
                                  output_names=["hidden"], dynamic_axes=axes, opset_version=17, dynamo=False)
            partial.rename(fp32)
            log.info("exported the embedding model to %s", fp32)
        if quantised and not int8.exists():
            from onnxruntime.quantization import QuantType, quantize_dynamic

            partial = int8.with_suffix(".partial")
            # Per-channel int8 weights for the matrix products only: much closer to fp32 than per-tensor.
            quantize_dynamic(str(fp32), str(partial), weight_type=QuantType.QInt8, per_channel=True,
                             op_types_to_quantize=["MatMul"])
            partial.rename(int8)
    return int8 if quantised else fp32


def _hidden_module(auto_model: Any) -> Any:
    import torch

    class Hidden(torch.nn.Module):
        """The encoder called by keyword (its positional order changes between transformers versions)."""

        def __init__(self) -> None:
            super().__init__()
            self.inner = auto_model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.inner(input_ids=input_ids, attention_mask=attention_mask,
                              token_type_ids=token_type_ids).last_hidden_state

    return Hidden()



class OnnxEncoder:
    """encode(texts) -> unit vectors, batching texts of similar length together as sentence-transformers does."""

    def __init__(self, session: Any, tokenizer: Any, max_tokens: int) -> None:
        self.session = session
        self.tokenizer = tokenizer
        self.max_tokens = max_tokens
        self.input_names = {i.name for i in session.get_inputs()}

    @classmethod
    def load(cls, model: Any, model_path: str, home: Path, quantised: bool, threads: int | None = None) -> OnnxEncoder:
        """Build from a loaded SentenceTransformer (its tokenizer and, for the export, its weights);
        the export is kept under `home` (QNET_HOME)."""
        import onnxruntime as ort

        path = export_onnx(model, model_cache_dir(model_path, home), quantised)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        return cls(session, model.tokenizer, int(model.max_seq_length))

    def with_own_tokenizer(self) -> OnnxEncoder:
        """The same session (safe to run from several threads) with a copy of the tokenizer, which is
        not thread-safe: for an encoder that runs beside this one."""
        return OnnxEncoder(self.session, copy.deepcopy(self.tokenizer), self.max_tokens)

    def encode(self, texts: list[str], batch_size: int) -> np.ndarray:
        order = np.argsort([-len(t) for t in texts], kind="stable")
        out = np.zeros((len(texts), 0), dtype=np.float32)
        chunks: list[np.ndarray] = []
        for start in range(0, len(texts), batch_size):
            batch = [texts[i] for i in order[start:start + batch_size]]
            chunks.append(self._encode_batch(batch))
        if chunks:
            stacked = np.concatenate(chunks)
            out = np.empty_like(stacked)
            out[order] = stacked
        return out

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        tokens = self.tokenizer(texts, padding=True, truncation=True, max_length=self.max_tokens, return_tensors="np")
        feed = {name: tokens[name].astype(np.int64) for name in ("input_ids", "attention_mask", "token_type_ids")
                if name in self.input_names}
        if "token_type_ids" in self.input_names and "token_type_ids" not in tokens:
            feed["token_type_ids"] = np.zeros_like(feed["input_ids"])
        hidden = self.session.run(None, feed)[0]
        mask = feed["attention_mask"][..., None].astype(np.float32)
        pooled = (hidden * mask).sum(axis=1) / np.clip(mask.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)
