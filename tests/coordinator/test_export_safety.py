"""The coordinator's CSV exports: a member whose name looks like a formula is written as text."""

from __future__ import annotations

import csv
import io

from qnet.graph.driver import Graph
from tests.conftest import Session
from tests.coordinator.conftest import Community, wait_for_run

FORMULAS = ['=HYPERLINK("http://evil.example","Click me")', "+44 Ward Manager", "-Minus Person", "@SUM(A1:A9)",
            "\tTabbed Name"]


def test_the_cluster_export_never_writes_a_live_formula(coordinator: Session, community: Community,
                                                        graph: Graph) -> None:
    people = [m for members in community.by_theme.values() for m in members]
    for person, name in zip(people, FORMULAS, strict=False):
        graph.execute("MATCH (m:Member {id: $id}) SET m.name = $name", id=person.id, name=name)
    started = coordinator.post("/api/v1/coordinator/clusters/runs", json={})
    assert started.status_code == 202, started.get_json()
    assert wait_for_run(coordinator, started.get_json()["id"])["status"] == "done"

    response = coordinator.get("/api/v1/coordinator/clusters/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True), newline="")))
    names = {row["name"] for row in rows}
    assert {"'" + name for name in FORMULAS} <= names  # shown as the text it is, never run
    assert not [n for n in names if n.startswith(("=", "+", "-", "@", "\t", "\r"))]
    assert all(float(row["centrality"]) >= 0 for row in rows)  # numbers are still numbers
