"""`qnet seed`: the same graph every time, and an interrupted load resumed completes without duplicates.

Runs against the real test Neo4j and the real model; the community is small so the tests stay quick.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from typing import Any

import numpy as np
import pytest
from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.meaning.search_space import DIMENSIONS as SPACE_DIMENSIONS
from qnet.matching.people.importer import ImportMemberSchema
from qnet.services import Services
from seed.activity import stable_id
from seed.generator import DEMO_ACCOUNTS, DEMO_PASSWORD, iter_connections
from seed.loader import load_demo
from tests.conftest import built_once

SIZE = 60

SNAPSHOT_QUERIES = {
    "nodes": "MATCH (n) WHERE n:Member OR n:Project OR n:Idea OR n:Comment OR n:Group OR n:Organisation "
             "RETURN labels(n)[0] + ':' + n.id AS item ORDER BY item",
    "relationships": "MATCH (a)-[r]->(b) WHERE NOT a:Migration "
                     "RETURN type(r) + ':' + coalesce(a.id, a.key, a.name) + '>' + coalesce(b.id, b.key, b.name) "
                     "AS item ORDER BY item",
}


def snapshot(graph: Graph) -> dict[str, list[str]]:
    """Every node id and every relationship (type and ends) of the seeded graph, sorted."""
    return {name: [row["item"] for row in graph.query(cypher)] for name, cypher in SNAPSHOT_QUERIES.items()}


def duplicates(items: list[str]) -> list[str]:
    return sorted({item for item in items if items.count(item) > 1})


def seed(graph: Graph, embedder: Embedder, members: int = SIZE, **kw: Any) -> Any:
    return load_demo(graph, embedder, ImportMemberSchema().load, members=members, **kw)


@pytest.fixture
def seeded(graph: Graph, embedder: Embedder) -> Any:
    """The demo community of SIZE members, seeded once for the tests marked `shared_graph` (they only read
    it, sign in, or seed it again without changing it): the load's report."""
    return built_once(graph, "seeded demo community", lambda: seed(graph, embedder))


@pytest.mark.shared_graph
def test_seeding_twice_gives_the_same_graph_and_encodes_nothing_the_second_time(
        graph: Graph, embedder: Embedder, seeded: Any) -> None:
    first = seeded
    before = snapshot(graph)
    second = seed(graph, embedder)
    assert snapshot(graph) == before
    assert first.embedded == SIZE and second.embedded == 0
    assert first.ok and second.ok
    assert first.members == SIZE and first.projects > 0 and first.ideas > 0 and first.comments > 0
    assert first.groups >= 5 and first.supports > 0


@pytest.mark.shared_graph
def test_seeded_ids_and_join_dates_come_from_the_generator(graph: Graph, seeded: Any) -> None:
    rows = graph.query("MATCH (m:Member) RETURN m.key AS key, m.id AS id, toString(m.created_at) AS joined, "
                       "m.pairing_opt_in AS opt_in, m.embedding IS NOT NULL AS embedded")
    assert len(rows) == SIZE
    assert all(row["id"] == stable_id(row["key"]) for row in rows)
    assert all(row["joined"].startswith(("201", "202")) and row["embedded"] for row in rows)
    assert {row["opt_in"] for row in rows} <= {True, False}
    ties = graph.query("MATCH (:Member)-[c:CONNECTED_TO]->(:Member) RETURN count(c) AS n")[0]["n"]
    assert ties == len(list(iter_connections(SIZE)))


@pytest.mark.shared_graph
def test_demo_accounts_can_sign_in_after_seeding(seeded: Any, client: FlaskClient) -> None:
    for account in DEMO_ACCOUNTS:
        response = client.application.test_client().post("/api/v1/auth/login", json={"email": account["email"], "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["member"]["account_role"] == account["account_role"]


@pytest.mark.shared_graph
def test_seeded_ideas_and_projects_are_in_the_idea_space_as_the_app_would_write_them(
        graph: Graph, seeded: Any, services: Services) -> None:
    rows = graph.query("MATCH (n) WHERE n:Idea OR n:Project RETURN DISTINCT labels(n)[0] AS label, "
                       "size(n.embedding) AS dims")
    assert sorted((row["label"], row["dims"]) for row in rows) == [("Idea", SPACE_DIMENSIONS),
                                                                   ("Project", SPACE_DIMENSIONS)]
    # the seed's hashes are the app's: rebuilt from the graph, no idea or project needs embedding again
    for service in (services.knowledge.ideas, services.knowledge.projects):
        last, changed = service.reindex("", 10_000)
        assert last is not None and changed == 0


def test_seeded_members_have_their_profile_links_vectors_and_packed_sentence_vectors(
        graph: Graph, embedder: Embedder) -> None:
    seed(graph, embedder, activity=False)
    rows = graph.query(
        "MATCH (m:Member) RETURN m.key AS key, m.region AS region, m.segments AS segments, "
        "m.segment_vectors AS packed, size(m.embedding) AS dims, m.updated_at = m.created_at AS unchanged, "
        "[(m)-[:BASED_IN]->(r) | r.name] AS regions, COUNT { (m)-[:HAS_SKILL]->(:Skill) } AS skills, "
        "COUNT { (m)-[:INTERESTED_IN]->(:Topic) } AS topics, COUNT { (m)-[:WORKS_AT]->() } AS employers")
    assert len(rows) == SIZE
    for row in rows:
        assert row["regions"] == [row["region"]] and row["skills"] > 0 and row["topics"] > 0
        assert row["employers"] <= 1 and row["dims"] == 384 and row["unchanged"]
        matrix = np.frombuffer(row["packed"], dtype="<f2").reshape(len(row["segments"]), SPACE_DIMENSIONS)
        assert np.allclose(np.linalg.norm(matrix.astype(np.float32), axis=1), 1.0, atol=2e-3)


def test_an_interrupted_seed_resumed_completes_without_duplicates(graph: Graph, embedder: Embedder) -> None:
    members = 80
    command = [sys.executable, "-m", "qnet", "seed", "--members", str(members), "--batch-size", "10"]
    process = subprocess.Popen(command, env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    written = 0
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and process.poll() is None:
            written = graph.query("MATCH (m:Member) RETURN count(m) AS n")[0]["n"]
            if written >= 20:
                process.send_signal(signal.SIGKILL)
                break
            time.sleep(0.1)
    finally:
        process.wait(timeout=60)
    assert 20 <= written < members, "the load should have been killed part-way through the members"

    resumed = seed(graph, embedder, members=members)
    assert resumed.ok
    assert resumed.embedded < members  # members written before the kill were not encoded again
    after = snapshot(graph)
    assert duplicates(after["nodes"]) == []
    assert duplicates(after["relationships"]) == []

    clear_data(graph)
    seed(graph, embedder, members=members)
    assert snapshot(graph) == after
