"""JSON from outside (request bodies, cursors, import lines) parsed so that no input can crash qnet.

Python's parser recurses per level of nesting (2 KB of "[" raised RecursionError), keeps lone
surrogates ("\\ud800") that no UTF-8 encoder, Neo4j's included, can send on, reads integers wider
than Neo4j's 64 bits, and accepts NaN and Infinity, which JSON does not have. Each of those is
refused here as a json.JSONDecodeError (a ValueError), which every caller already turns into a 400.
"""

from __future__ import annotations

import json
import math
import re
from typing import Any

MAX_DEPTH = 32  # no body or cursor qnet reads nests deeper than a few levels
INT64 = (-(2**63), 2**63 - 1)
_SURROGATE = re.compile("[\ud800-\udfff]")  # any left after parsing has no partner


def _refuse(message: str, text: str) -> json.JSONDecodeError:
    return json.JSONDecodeError(message, text, 0)


def _integer(literal: str) -> int:
    if len(literal.lstrip("-")) > 19 or not INT64[0] <= (value := int(literal)) <= INT64[1]:
        raise ValueError("a number is too large")
    return value


def _decimal(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):  # 1e999
        raise ValueError("a number is too large")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _check(value: Any, text: str) -> None:
    """Walk the parsed value without recursion: nesting depth and lone surrogates."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            if _SURROGATE.search(item):
                raise _refuse("a string holds an unpaired surrogate", text)
        elif isinstance(item, dict | list):
            if depth > MAX_DEPTH:
                raise _refuse(f"nested deeper than {MAX_DEPTH} levels", text)
            children = [*item.keys(), *item.values()] if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children)


def parse(raw: str | bytes) -> Any:
    """Parse JSON text, refusing what qnet could not store or safely walk (json.JSONDecodeError)."""
    text = raw.decode("utf-8") if isinstance(raw, bytes) else raw  # UnicodeDecodeError is a ValueError too
    try:
        value = json.loads(text, parse_int=_integer, parse_float=_decimal, parse_constant=_constant)
    except json.JSONDecodeError:
        raise
    except RecursionError:
        raise _refuse(f"nested deeper than {MAX_DEPTH} levels", text) from None
    except ValueError as exc:  # a number too large, NaN or Infinity
        raise _refuse(str(exc), text) from None
    _check(value, text)
    return value
