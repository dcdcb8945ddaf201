"""`qnet clusters run`: the foreground run an operator starts from the command line."""

from __future__ import annotations

from click.testing import CliRunner

from qnet.cli import main
from qnet.graph.driver import Graph
from qnet.services import Services
from tests.coordinator.conftest import Community


def test_clusters_run_writes_a_finished_run_and_reports_stage_timings(
        graph: Graph, services: Services, community: Community) -> None:
    result = CliRunner().invoke(main, ["clusters", "run", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert f"of {len(community.everyone)} members" in result.output and "stage timings" in result.output
    latest = services.insight.results.latest_done()
    assert latest is not None and latest.seed == 3 and latest.members == len(community.everyone)


def test_clusters_run_refuses_while_another_run_is_running(graph: Graph, services: Services,
                                                             community: Community) -> None:
    services.insight.clusters.start(None)
    result = CliRunner().invoke(main, ["clusters", "run"])
    assert result.exit_code == 1 and "already in progress" in result.output
