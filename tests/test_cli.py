"""The operator's command line."""

from __future__ import annotations

from click.testing import CliRunner
from flask import Flask

from qnet.cli import main
from qnet.graph.driver import Graph
from tests.conftest import login


def test_users_create_makes_a_coordinator_who_can_sign_in(graph: Graph, app: Flask) -> None:
    result = CliRunner().invoke(main, ["users", "create", "--email", "Coord@Example.org", "--role", "coordinator"],
                                env={"QNET_PASSWORD": "a-long-enough-password"})
    assert result.exit_code == 0, result.output
    session = login(app.test_client(), "coord@example.org", "a-long-enough-password")
    assert session.member["account_role"] == "coordinator"


def test_users_create_refuses_a_duplicate_email_and_a_short_password(graph: Graph) -> None:
    env = {"QNET_PASSWORD": "a-long-enough-password"}
    assert CliRunner().invoke(main, ["users", "create", "--email", "dup@example.org"], env=env).exit_code == 0
    again = CliRunner().invoke(main, ["users", "create", "--email", "dup@example.org"], env=env)
    assert again.exit_code == 1 and "already exists" in again.output
    short = CliRunner().invoke(main, ["users", "create", "--email", "x@example.org"], env={"QNET_PASSWORD": "short"})
    assert short.exit_code != 0 and "10 characters" in short.output


def test_db_status_reports_the_running_server(graph: Graph, neo4j_server: object) -> None:
    result = CliRunner().invoke(main, ["db", "status"])
    if neo4j_server is None:
        assert "NEO4J_URI is set" in result.output
    else:
        assert result.exit_code == 0 and "answering" in result.output
