"""The graph tests start several local servers; each server asks every installed Java what it is
(`java --list-modules`, about half a second each). The answer cannot change during a run, so it is
asked once per Java home here (qnet.graph.java.probe itself is tested in test_java_runtime.py)."""

from __future__ import annotations

import functools
from collections.abc import Iterator

import pytest

from qnet.graph import java


@pytest.fixture(scope="package", autouse=True)
def java_asked_once() -> Iterator[None]:
    real = java.probe
    java.probe = functools.cache(real)  # type: ignore[assignment]
    yield
    java.probe = real
