"""`qnet db upgrade`: a Neo4j 5.26 store made here, upgraded to 2026.x, with nothing lost.

This starts two real servers one after the other on a temporary data directory (5.26.30 on Java
17-21, then the configured 2026 on Java 21+); it takes a few minutes.
"""

from __future__ import annotations

import socket
import tarfile
from typing import Any

import numpy as np
import pytest

from qnet.config import Settings
from qnet.graph.driver import Graph
from qnet.graph.java import JavaNotFound, find_java
from qnet.graph.migrations import MIGRATIONS, migrate
from qnet.graph.server import LocalNeo4j, ServerError, StoreNeedsUpgrade, major
from qnet.graph.store_upgrade import upgrade_local
from qnet.graph.vector_indexes import VECTOR_INDEXES, features, ready_indexes
from qnet.graph.vector_search import VectorQuery

OLD = "5.26.30"
WALES_NEAREST = VectorQuery("<<NEAREST>> RETURN m.id AS id, m.region AS region", index="member_embedding",
                            label="Member", node="m", vector="$vector", k="$k",
                            filters={"region": "m.region = $region"})
SNAPSHOT = """
MATCH (m:Member)
OPTIONAL MATCH (m)-[c:CONNECTED_TO]->(o:Member)
RETURN m.id AS id, m.region AS region, m.embedding AS embedding, collect(o.id) AS connected
ORDER BY id
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _fill(graph: Graph) -> None:
    rng = np.random.default_rng(3)
    vectors = rng.normal(size=(60, 384)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    rows = [{"id": f"u{i}", "region": "Wales" if i % 6 == 0 else "London", "embedding": vectors[i].tolist()}
            for i in range(60)]
    graph.execute("UNWIND $rows AS row CREATE (m:Member {id: row.id, key: row.id, region: row.region, role: 'nurse'}) "
                  "WITH m, row CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)", rows=rows)
    graph.execute("UNWIND range(0, 58) AS i MATCH (a:Member {id: 'u' + i}), (b:Member {id: 'u' + (i + 1)}) "
                  "CREATE (a)-[:CONNECTED_TO {since: datetime()}]->(b)")


def _snapshot(graph: Graph) -> list[dict[str, Any]]:
    return graph.query(SNAPSHOT)


def test_a_526_store_upgrades_to_2026_with_nothing_lost(settings: Settings, tmp_path: Any) -> None:
    if not settings.uses_local_neo4j or major(settings.neo4j_version) < 2025:
        pytest.skip("needs the local 2026 server")
    try:
        find_java(17, 21, java_home=settings.java_home, env_java_home=settings.env_java_home)
    except JavaNotFound:
        pytest.skip("no Java 17-21 here to run Neo4j 5.26")
    common: dict[str, Any] = {"local_neo4j_home": tmp_path / "neo4j", "bolt_port": _free_port(),
                              "neo4j_heap": "384m", "neo4j_pagecache_mb": 64}
    old_settings = settings.with_overrides(neo4j_version=OLD, **common)
    new_settings = settings.with_overrides(**common)
    old = LocalNeo4j(old_settings)
    old.start()
    try:
        graph = Graph.connect(old_settings)
        migrate(graph)
        assert not features(graph).filtering
        _fill(graph)
        before = _snapshot(graph)
        graph.close()
    finally:
        old.stop()
    assert old.store_version() == OLD

    new = LocalNeo4j(new_settings)
    with pytest.raises(StoreNeedsUpgrade, match="qnet db upgrade"):
        new.start()
    assert not new.status().running

    lines: list[str] = []
    report = upgrade_local(new, lambda: Graph.connect(new_settings), lines.append)
    try:
        assert any("one-way" in line for line in lines)
        assert report.backup is not None and report.backup.exists()
        with tarfile.open(report.backup) as tar:
            assert any(name.startswith("data/data/databases/neo4j") for name in tar.getnames())
        assert (report.nodes, report.relationships) == (60 + len(MIGRATIONS), 59)  # members + migration records
        assert "member_embedding" in report.rebuilt_indexes
        graph = Graph.connect(new_settings)
        assert _snapshot(graph) == before
        assert {"member_embedding", "idea_embedding"} <= ready_indexes(graph.query(VECTOR_INDEXES))
        query = np.asarray(before[0]["embedding"], dtype=np.float32)
        found = graph.query(WALES_NEAREST.cypher(graph, "region"), vector=query.tolist(), k=10, region="Wales")
        assert len(found) == 10 and {row["region"] for row in found} == {"Wales"}
        graph.close()
    finally:
        new.stop()
    assert new.store_version() == new_settings.neo4j_version
    with pytest.raises(ServerError, match="newer than the configured"):
        LocalNeo4j(old_settings).start()
