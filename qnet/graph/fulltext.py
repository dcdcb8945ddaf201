"""The one way qnet asks a full-text index, and the one way text becomes a Lucene query.

`nodes` writes the CALL for a statement (composed as vector_search composes the vector query);
`lucene_query` turns plain words into a query that never carries the user's own Lucene syntax:
special characters are escaped and the operator words AND, OR, NOT and TO are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import LiteralString

MAX_REQUIRED_WORDS = 32  # every required word narrows the match; more than this says nothing new
_SPECIAL = re.compile(r'([+\-&|!(){}\[\]^"~*?:\\/])')
_OPERATORS = frozenset({"AND", "OR", "NOT", "TO"})


def nodes(index: LiteralString, query: LiteralString, limit: LiteralString, node: LiteralString) -> LiteralString:
    """`CALL db.index.fulltext.queryNodes(...)` binding `node` and `score`; `query` and `limit` are
    parameters or variables of the statement, never text from a request."""
    return f"CALL db.index.fulltext.queryNodes('{index}', {query}, {{limit: {limit}}}) YIELD node AS {node}, score"


def escape(word: str) -> str:
    """A word with Lucene's special characters escaped, so it is searched for as written."""
    return _SPECIAL.sub(r"\\\1", word)


def lucene_query(words: Iterable[str], phrases: Iterable[str] = (), *, every_word: bool = False) -> str | None:
    """Plain words (and phrases) as a Lucene query; None when nothing is left to search for.

    every_word: each word must appear (the first MAX_REQUIRED_WORDS), which keeps a ranking by words
    precise; otherwise any word may match and phrases (several words in order) count double.
    """
    terms = [escape(w) for w in words if w and w.upper() not in _OPERATORS]
    quoted = [f'"{escape(p)}"^2' for p in phrases if p]
    if every_word:
        terms = ["+" + t for t in terms[:MAX_REQUIRED_WORDS]]
        return " ".join(terms + quoted) or None
    return " OR ".join(terms + quoted) or None
