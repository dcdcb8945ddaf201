"""The local Neo4j server: stop and start keep the data, and the app answers 503 while it is down."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from qnet.graph.server import LocalNeo4j, ServerError
from tests.conftest import Session, register


def test_status_reports_a_running_answering_server(neo4j_server: LocalNeo4j | None) -> None:
    if neo4j_server is None:
        pytest.skip("NEO4J_URI names an external server; qnet does not manage it")
    status = neo4j_server.status()
    assert status.running and status.answering and status.pid


def test_the_server_sends_no_usage_report_to_neo4j(neo4j_server: LocalNeo4j | None) -> None:
    if neo4j_server is None:
        pytest.skip("NEO4J_URI names an external server; its settings are its own")
    logs = sorted((neo4j_server.data_dir / "logs").glob("debug.log*"))  # rotated files too
    debug_log = "".join(path.read_text(errors="replace") for path in logs)
    assert "Database management system started" in debug_log or "Bolt server started" in debug_log
    assert "Anonymous Usage Data is being sent" not in debug_log


def test_refuses_to_start_with_the_well_known_default_password(settings: Any, tmp_path: Any) -> None:
    server = LocalNeo4j(settings.with_overrides(neo4j_password="neo4j", local_neo4j_home=tmp_path, bolt_port=7699))
    with pytest.raises(ServerError, match="well-known"):
        server.start()


def test_a_stale_pid_file_is_cleared(settings: Any, tmp_path: Any) -> None:
    server = LocalNeo4j(settings.with_overrides(local_neo4j_home=tmp_path, bolt_port=7699))
    server.pid_file.parent.mkdir(parents=True)
    server.pid_file.write_text("999999")
    assert server.status().running is False
    assert not server.pid_file.exists()


def test_outage_gives_503_json_then_recovers_with_all_data(
    neo4j_server: LocalNeo4j | None, client: FlaskClient
) -> None:
    if neo4j_server is None:
        pytest.skip("NEO4J_URI names an external server; qnet does not stop it")
    session: Session = register(client, email="survivor@example.org", name="Survivor")

    neo4j_server.stop()
    try:
        health = client.get("/healthz")
        assert health.status_code == 503
        assert health.get_json()["neo4j"] == "down"
        response = session.get("/api/v1/members/me")
        assert response.status_code == 503
        assert response.headers["Retry-After"]
        body = response.get_json()
        assert body["error"]["code"] == "unavailable"
        assert "Traceback" not in response.get_data(as_text=True)
    finally:
        neo4j_server.start()

    assert client.get("/healthz").status_code == 200
    me = session.get("/api/v1/members/me")  # the same session works again, and the data survived
    assert me.status_code == 200
    assert me.get_json()["name"] == "Survivor"
