"""One cursor codec for every paginated listing (members, ideas, projects, groups, applications, search).

A cursor is the position after which the next page starts: a short tuple of values (a sort key and
an id, or an offset and a fingerprint) as URL-safe base64 of a JSON array. Cursors come back from
clients, so decoding trusts nothing: any cursor that was not made here, by this listing, is a 400
naming the `cursor` field; never a 500 (huge integers, lone surrogates, NaN and wrong shapes
included, each of which reached Neo4j before).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
from typing import Any

from qnet.core.errors import Invalid
from qnet.core.untrusted_json import parse

MAX_CURSOR_CHARS = 500
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")
Value = str | int | float
# What a position may hold: str, int (a 64-bit integer) or float (any finite number, int included).
Shape = type[str] | type[int] | type[float]


def encode_cursor(*values: Value) -> str:
    """The cursor for a position, e.g. encode_cursor(sort_key, node_id)."""
    raw = json.dumps(list(values), separators=(",", ":"), ensure_ascii=False).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, *shape: Shape, listing: str = "listing") -> tuple[Any, ...]:
    """The position in a cursor made by encode_cursor, checked against the listing's shape."""
    refused = Invalid("the cursor is not valid", fields={"cursor": [f"not a cursor from this {listing}"]})
    if len(cursor) > MAX_CURSOR_CHARS or not _BASE64URL.match(cursor):
        raise refused
    try:
        values = parse(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise refused from None
    if not isinstance(values, list) or len(values) != len(shape):
        raise refused
    if not all(_fits(value, kind) for value, kind in zip(values, shape, strict=True)):
        raise refused
    return tuple(values)


def _fits(value: Any, kind: Shape) -> bool:
    if isinstance(value, bool):  # a bool is an int to Python, never a position
        return False
    if kind is float:
        return isinstance(value, int | float)
    return isinstance(value, kind)
