"""Text embeddings kept on disk, so a second load of the same community skips the model entirely.

A generated community repeats many texts (role lines, skills and interests lines), and benchmarks load
the same 100k members again and again. `CachedEmbedder` has the Embedder's interface: it encodes
each distinct text once per call, looks every text up in an append-only cache (float32 vectors in
one file, an index of text hash -> row in another), and encodes only what it has never seen. The
cache is keyed by model and backend, lives under $QNET_HOME/embedding-cache, and survives
interruption: an index line is written only after its vector is on disk. Without a directory the
cache lives for one load only, in an unnamed temporary file (gone when the process ends, even if it
is killed): a load still encodes each distinct text once, and its memory stays flat as N grows.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import IO

import numpy as np

from qnet.config import Settings
from qnet.matching.meaning.embedding import DIMENSIONS, Embedder
from qnet.matching.meaning.search_space import SearchSpace
from qnet.services import build_embedder

ROW_BYTES = DIMENSIONS * 4
SEED_BATCH = 32  # short profile sentences: small batches pad least
SEED_WORKERS = max(1, min(os.cpu_count() or 1, 4))


def has_bfloat16_instructions() -> bool:
    """Whether this CPU multiplies bfloat16 natively (AVX-512 BF16 or AMX); without, bf16 is emulated, slowly."""
    try:
        flags = Path("/proc/cpuinfo").read_text()
    except OSError:
        return False
    return " avx512_bf16" in flags or " amx_bf16" in flags


def seed_backend(chosen: str | None = None) -> str:
    """How a seed runs the model: as chosen (--backend, else QNET_EMBEDDING_BACKEND through Settings), else
    the fastest backend whose vectors are the torch model's (cosine >= 0.9999): torch-bf16 where the CPU
    has bfloat16, else onnx."""
    return chosen or ("torch-bf16" if has_bfloat16_instructions() else "onnx")


def seed_embedder(settings: Settings, backend: str | None = None, cache: bool = False) -> CachedEmbedder:
    """The embedder a seed uses: each distinct text encoded once per load (and, with `cache`, once ever),
    in batches of SEED_BATCH by one single-threaded encoder per core (bench/embedding.py: the fastest)."""
    model = build_embedder(settings, backend=seed_backend(backend or settings.embedding_backend),
                           batch_size=SEED_BATCH, workers=SEED_WORKERS)
    return CachedEmbedder(model, default_cache_dir(model) if cache else None)


def default_cache_dir(embedder: Embedder) -> Path:
    model = Path(embedder.model_name).name or "model"
    return embedder.home / "embedding-cache" / f"{model}-{embedder.backend}"


def _text_key(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=12).hexdigest()


class CachedEmbedder:
    """embed(texts) -> (n, 384) unit vectors: distinct texts encoded once, and at most once ever."""

    def __init__(self, embedder: Embedder, directory: Path | None) -> None:
        self.embedder = embedder
        self.model_name = embedder.model_name
        self.backend = embedder.backend
        self.batch_size = embedder.batch_size
        self.directory = directory
        self.encoded = 0  # texts sent to the model
        self.reused = 0  # texts answered from this call's duplicates or the disk cache
        # The search space's first block comes through this cache; its queries through the model's.
        self.search_space = SearchSpace(self, query_first=embedder.embed_query)
        self._rows: dict[str, int] = {}
        self._count = 0
        self._scratch: IO[bytes] | None = None
        if directory is not None:
            directory.mkdir(parents=True, exist_ok=True)
            self._vectors_path = directory / "vectors.f32"
            self._index_path = directory / "index.txt"
            self._load_index()
        else:
            # Open for the embedder's lifetime; the OS removes it when the process ends.
            self._scratch = tempfile.TemporaryFile(prefix="qnet-embeddings-")  # noqa: SIM115

    def _load_index(self) -> None:
        """Read the index, trusting only rows whose vectors are fully on disk."""
        size = self._vectors_path.stat().st_size if self._vectors_path.exists() else 0
        complete = size // ROW_BYTES
        if size != complete * ROW_BYTES:  # a vector cut short by an interruption
            os.truncate(self._vectors_path, complete * ROW_BYTES)
        if self._index_path.exists():
            with self._index_path.open(encoding="ascii") as handle:
                for line in handle:
                    parts = line.split()
                    if len(parts) == 2 and parts[1].isdigit() and int(parts[1]) < complete:
                        self._rows[parts[0]] = int(parts[1])
        self._count = complete

    def embed(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        keys = [_text_key(t) for t in texts]
        out = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        cached = self._read([k for k in dict.fromkeys(keys) if k in self._rows])
        todo: dict[str, str] = {}
        for key, text in zip(keys, texts):
            if key not in cached:
                todo.setdefault(key, text)
        fresh = dict(zip(todo, self.embedder.embed(list(todo.values()))))
        self.encoded += len(todo)
        self.reused += len(texts) - len(todo)
        if fresh:
            self._append(fresh)
        for i, key in enumerate(keys):
            out[i] = cached[key] if key in cached else fresh[key]
        return out

    def embed_one(self, text: str) -> np.ndarray:
        return self.embed([text])[0]

    def _read(self, keys: list[str]) -> dict[str, np.ndarray]:
        if not keys:
            return {}
        source = self._scratch if self._scratch is not None else self._vectors_path
        table = np.memmap(source, dtype=np.float32, mode="r", shape=(self._count, DIMENSIONS))
        rows = np.array([self._rows[k] for k in keys])
        return dict(zip(keys, np.asarray(table[rows])))

    def _append(self, vectors: dict[str, np.ndarray]) -> None:
        new = {k: v for k, v in vectors.items() if k not in self._rows}
        if not new:
            return
        if self._scratch is not None:
            self._scratch.seek(0, os.SEEK_END)
            self._scratch.write(np.stack(list(new.values())).astype(np.float32).tobytes())
            self._scratch.flush()
            for key in new:
                self._rows[key] = self._count
                self._count += 1
            return
        with self._vectors_path.open("ab") as handle:
            handle.write(np.stack(list(new.values())).astype(np.float32).tobytes())
            handle.flush()
            os.fsync(handle.fileno())
        lines = []
        for key in new:
            self._rows[key] = self._count
            lines.append(f"{key} {self._count}\n")
            self._count += 1
        with self._index_path.open("a", encoding="ascii") as handle:
            handle.writelines(lines)
