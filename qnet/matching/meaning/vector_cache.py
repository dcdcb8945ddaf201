"""A bounded, thread-safe memory of the vectors recently computed for passages, by their exact text.

Encoding is most of the cost of writing a profile (three encoders, every sentence). A profile edit
usually changes one field, and the other sentences come back word for word; so do the stock lines
("Skills: ...", a role) that many members share. Remembering the last few thousand passages lets
those be looked up instead of encoded. A remembered vector is one the encoders gave for that text
(the int8 encoders' vectors move slightly with their batch neighbours, cosine ~0.998, so a fresh
encoding in another batch would differ by as much).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

import numpy as np

DEFAULT_ENTRIES = 4096  # x 1,152 float32 = 18 MiB at most per process


class VectorCache:
    def __init__(self, entries: int = DEFAULT_ENTRIES) -> None:
        self.entries = entries
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def vectors(self, texts: list[str], compute: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """One row per text: remembered rows as they are, the others from one `compute` call on the
        distinct texts that are missing (in their first-seen order)."""
        with self._lock:
            known = {t: self._vectors[t] for t in texts if t in self._vectors}
            for text in known:
                self._vectors.move_to_end(text)
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        fresh = dict(zip(missing, compute(missing))) if missing else {}
        with self._lock:
            self.hits += len(texts) - len(missing)
            self.misses += len(missing)
            # Copies of the newest rows only: a kept row of a bulk batch would keep the whole batch alive.
            for text, vector in list(fresh.items())[-self.entries:]:
                self._vectors[text] = np.array(vector, dtype=np.float32)
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.entries:
                self._vectors.popitem(last=False)
        rows = {**known, **fresh}
        return np.stack([rows[t] for t in texts]).astype(np.float32, copy=False)
