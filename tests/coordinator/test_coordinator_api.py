"""Coordinator insight over the API, against the real Neo4j and the real embedding model."""

from __future__ import annotations

import pytest

from qnet.core.errors import Conflict
from qnet.graph.driver import Graph
from qnet.services import Services
from tests.conftest import Session
from tests.coordinator.conftest import Community, wait_for_run

BASE = "/api/v1/coordinator"


def run_clustering(coordinator: Session, **body: object) -> dict:
    response = coordinator.post(f"{BASE}/clusters/runs", json=body)
    assert response.status_code == 202, response.get_json()
    run = wait_for_run(coordinator, response.get_json()["id"])
    assert run["status"] == "done", run
    return run


@pytest.mark.parametrize("method, path", [
    ("get", "/clusters"), ("get", "/clusters/runs"), ("post", "/clusters/runs"), ("get", "/insights"),
    ("get", "/pairing-rounds"), ("post", "/pairing-rounds"), ("get", "/clusters/export.csv"),
    ("get", "/clusters/some-id"), ("get", "/clusters/some-id/members"), ("get", "/pairing-rounds/some-id"),
])
def test_members_get_403_from_every_coordinator_endpoint(member: Session, method: str, path: str) -> None:
    response = getattr(member, method)(BASE + path, **({"json": {}} if method == "post" else {}))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_the_coordinator_page_is_for_coordinators_only(member: Session, coordinator: Session) -> None:
    assert member.get("/coordinator").status_code == 403
    page = coordinator.get("/coordinator")
    assert page.status_code == 200
    assert b"Community clusters" in page.data and b"cluster-map.js" in page.data


def test_a_run_writes_clusters_back_to_the_graph_and_they_are_readable(
        coordinator: Session, community: Community, graph: Graph) -> None:
    run = run_clustering(coordinator)
    assert run["members"] == len(community.everyone) + 1  # the coordinator is a member too
    assert set(run["timings"]) >= {"reading members", "communities", "writing", "total"}

    body = coordinator.get(f"{BASE}/clusters").get_json()
    assert body["run"]["id"] == run["id"]
    assert sum(c["size"] for c in body["clusters"]) == run["members"]
    stored = graph.query(
        "MATCH (m:Member)-[ic:IN_CLUSTER {run: $run}]->(c:Cluster)-[:IN_RUN]->(:ClusterRun {id: $run}) "
        "RETURN count(DISTINCT m) AS members, count(ic) AS ties, count(DISTINCT c) AS clusters", run=run["id"])[0]
    assert stored == {"members": run["members"], "ties": run["members"], "clusters": len(body["clusters"])}

    # Each theme's members, tied to each other, share a cluster; the three themes are told apart.
    cluster_of = {}
    for cluster in body["clusters"]:
        members = coordinator.get(f"{BASE}/clusters/{cluster['id']}/members?limit=100").get_json()["members"]
        cluster_of.update({m["id"]: cluster["number"] for m in members})
        # Properties left off IN_CLUSTER where they do not apply still read as zero / none.
        assert all(isinstance(m["bridge_score"], float) and isinstance(m["bridges"], list) for m in members)
    themes = {theme: {cluster_of[m.id] for m in people} for theme, people in community.by_theme.items()}
    assert all(len(numbers) == 1 for numbers in themes.values()), themes
    assert len({next(iter(n)) for n in themes.values()}) == 3

    detail = coordinator.get(f"{BASE}/clusters/{body['clusters'][0]['id']}").get_json()
    assert detail["label"] and detail["central"] and detail["regions"]
    assert {"skills", "topics", "roles", "organisations", "modularity", "internal_share", "links"} <= set(detail)


def test_a_second_run_keeps_the_first_for_comparison(
        coordinator: Session, community: Community, graph: Graph, services: Services) -> None:
    first = run_clustering(coordinator)
    sepsis = community.by_theme["sepsis"]
    services.connections.connect_many([{"a": sepsis[0].key, "b": m.key} for m in community.by_theme["maternity"]])
    second = run_clustering(coordinator, seed=7)
    assert second["previous_run"] == first["id"]
    counts = graph.query("MATCH (c:Cluster) RETURN c.run_id AS run, count(*) AS n")
    assert {row["run"] for row in counts} == {first["id"], second["id"]}
    assert coordinator.get(f"{BASE}/clusters?run={first['id']}").get_json()["run"]["id"] == first["id"]
    insights = coordinator.get(f"{BASE}/insights").get_json()
    assert insights["previous_run"]["id"] == first["id"]
    assert insights["changes"], "the comparison with the first run is reported"
    assert {c["kind"] for c in insights["changes"]} <= {"new", "grown", "shrunk", "stable", "split", "merged",
                                                       "dissolved"}


def test_only_one_run_at_a_time(services: Services, coordinator: Session, community: Community) -> None:
    running = services.insight.clusters.start(None)
    assert coordinator.post(f"{BASE}/clusters/runs", json={}).status_code == 409
    with pytest.raises(Conflict):
        services.insight.clusters.start(None)
    finished = services.insight.clusters.execute(running.id)
    assert finished.status == "done"
    run_clustering(coordinator)  # and the next one may start


def test_isolated_members_appear_in_insights(coordinator: Session, community: Community, services: Services) -> None:
    loner = community.by_theme["frailty"][0]
    services.graph.execute("MATCH (:Member {id: $id})-[c:CONNECTED_TO]-() DELETE c", id=loner.id)
    veterans = [m.id for m in community.by_theme["sepsis"]]
    services.graph.execute("MATCH (m:Member) WHERE m.id IN $ids SET m.created_at = datetime('2020-01-01T00:00:00Z')",
                           ids=veterans)
    run_clustering(coordinator)
    insights = coordinator.get(f"{BASE}/insights").get_json()
    isolated = {m["id"]: m["isolated"] for m in insights["isolated"]}
    assert isolated[loner.id] == "no ties"
    assert isolated[coordinator.member["id"]] == "no ties"
    assert insights["isolated_count"] == len(isolated)
    assert not set(veterans) & set(isolated), "members with two ties who joined long ago are not isolated"
    newcomers = {m.id for m in community.by_theme["maternity"]}
    assert {isolated[m] for m in newcomers} == {"new and inactive"}, "recent joiners with no activity are"


def test_cluster_export_is_csv_without_emails(coordinator: Session, community: Community) -> None:
    run_clustering(coordinator)
    response = coordinator.get(f"{BASE}/clusters/export.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.splitlines()[0].startswith("cluster,label,member_id,name")
    assert len(text.strip().splitlines()) == len(community.everyone) + 2
    assert "@" not in text


def test_bad_run_parameters_are_400(coordinator: Session) -> None:
    response = coordinator.post(f"{BASE}/clusters/runs", json={"resolution": -1, "colour": "red"})
    assert response.status_code == 400
    assert {"resolution", "colour"} <= set(response.get_json()["error"]["fields"])


def test_unknown_cluster_is_404(coordinator: Session) -> None:
    assert coordinator.get(f"{BASE}/clusters/no-such-cluster").status_code == 404
    assert coordinator.get(f"{BASE}/clusters/no-such-cluster/members").status_code == 404


def test_the_graph_enforces_one_running_run_and_unique_round_numbers(graph: Graph) -> None:
    rows = graph.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes[0] AS label, properties")
    present = {(row["label"], tuple(row["properties"])) for row in rows}
    assert {("ClusterRun", ("active",)), ("ClusterRun", ("id",)), ("Cluster", ("id",)),
            ("PairingRound", ("number",)), ("Pairing", ("id",))} <= present
