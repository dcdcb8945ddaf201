"""Profile text: the segments a member is embedded from, and sentence splitting for explanations.

A member is embedded segment by segment (their role line, each sentence of their bio, their skills,
their interests). The member's vector is the normalised mean of the segment vectors; the segment
vectors themselves are kept, so search can find the one sentence that matches a query best. This
costs no more encoding than embedding the whole profile at once.
"""

from __future__ import annotations

import re

import numpy as np

LEVEL_WORDS = {1: "learning", 2: "practised", 3: "expert"}
MAX_BIO_SEGMENTS = 10
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[]?[A-Z0-9])")


def split_sentences(text: str, max_sentences: int = MAX_BIO_SEGMENTS) -> list[str]:
    """Split prose into sentences; fragments under four words join their neighbour."""
    pieces = [p.strip() for p in _SENTENCE_END.split(" ".join(text.split())) if p.strip()]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and (len(piece.split()) < 4 or len(sentences[-1].split()) < 4):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    if len(sentences) > max_sentences:
        sentences = sentences[: max_sentences - 1] + [" ".join(sentences[max_sentences - 1:])]
    return sentences


def profile_segments(role: str, organisation: str | None, region: str, bio: str,
                     skills: list[tuple[str, int]], interests: list[str],
                     projects: list[str] | None = None) -> list[str]:
    """The texts a member is embedded from. Segment 0 is always the role line."""
    segments = [f"{role}" + (f" at {organisation}" if organisation else "") + f", {region}."]
    segments.extend(split_sentences(bio))
    if skills:
        segments.append("Skills: " + "; ".join(f"{name} ({LEVEL_WORDS.get(level, '')})" for name, level in skills) + ".")
    if interests:
        segments.append("Interests: " + "; ".join(interests) + ".")
    if projects:
        segments.append("Projects: " + "; ".join(projects) + ".")
    return segments


def mean_vector(vectors: np.ndarray) -> np.ndarray:
    """The unit-length mean of unit vectors (the member's single vector for the index)."""
    mean = vectors.mean(axis=0)
    norm = float(np.linalg.norm(mean))
    return (mean / norm if norm > 0 else mean).astype(np.float32)
