"""Vectors as the server takes them best: one packed float32 block where the connection speaks Bolt 6.

A list of 1,152 Python floats travels as 1,152 packstream floats of 9 bytes that the server decodes
one at a time into a list, which `db.create.setNodeVectorProperty` then turns into float32. Bolt 6
(Neo4j 2025.x and later, driver 6.x) carries a VECTOR value instead: 4 bytes a float in one block,
decoded at once. setNodeVectorProperty stores either the same way (a float32 array property;
Community Edition cannot store VECTOR properties themselves), so what is read back is unchanged.
Older servers (5.26) get the plain list. docs/BENCHMARKS.md, "Re-measured on the Xeon", has the gain.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from neo4j.vector import Vector

FIRST_BOLT_WITH_VECTORS = (6, 0)


def speaks_vectors(protocol_version: tuple[int, ...]) -> bool:
    """Whether a connection of this Bolt version carries VECTOR values."""
    return tuple(protocol_version) >= FIRST_BOLT_WITH_VECTORS


def vector_value(values: Sequence[float] | np.ndarray | None, packed: bool) -> Any:
    """`values` as a Bolt 6 VECTOR of float32 when `packed`, else as given (None stays None)."""
    if values is None or not packed:
        return values
    return Vector(np.ascontiguousarray(values, dtype=np.float32))
