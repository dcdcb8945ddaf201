"""People-search retrieval against the real graph and model: the exact scans and the vector-index
over-fetch that replaces them at scale find the same people, privacy holds on every path, and graph
paths are explained from the candidate's side."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from qnet.core.filters import SearchFilters
from qnet.graph.driver import Graph
from qnet.graph.people.search import (
    ANCHORS,
    NEAR_BY_INDEX,
    NEAR_EXACT,
    PREPARE,
    SearchRepository,
    anchor,
)
from qnet.graph.vector_search import VectorQuery
from tests.conftest import Session, register

SEARCH = "/api/v1/search/people"
QUERIES = ["someone with lived experience of kidney care", "SPC for sepsis in A&E",
           "a pharmacist who has used PDSA cycles", "budgets"]


def seed(client: FlaskClient) -> dict[str, Session]:
    return {
        "priya": register(client, name="Priya Shah", role="data analyst",
                          bio="I built SPC charts for sepsis screening times in our emergency department.",
                          skills=[{"name": "SPC", "level": 3}], interests=["sepsis"]),
        "tom": register(client, name="Tom Price", role="patient leader",
                        bio="After years as a patient on a renal unit I now co-design services with staff.",
                        skills=[{"name": "experience-based co-design", "level": 3}], interests=["kidney care"]),
        "nia": register(client, name="Nia Evans", role="pharmacist",
                        bio="Medicines reconciliation on admission, improved with PDSA cycles.",
                        skills=[{"name": "PDSA", "level": 3}, {"name": "SPC", "level": 1}], interests=["medicines"]),
        "carl": register(client, name="Carl Benn", role="manager", bio="I keep control of budgets.",
                         skills=[{"name": "budgeting", "level": 3}], interests=["finance"]),
        "me": register(client, name="Sam Reid", role="nurse", bio="Ward sister on a stroke unit.",
                       skills=[{"name": "Leadership", "level": 2}], interests=["stroke"]),
    }


def ranked(session: Session, q: str, **params: Any) -> list[tuple[str, float, list[str]]]:
    response = session.get(SEARCH, query_string={"q": q, **params})
    assert response.status_code == 200, response.get_json()
    return [(r["member"]["name"], r["score"], [s["key"] for s in r["explanation"]["matched_skills"]])
            for r in response.get_json()["results"]]


def test_the_vector_index_over_fetch_finds_what_the_exact_scans_find(client: FlaskClient,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    people = seed(client)
    scanned = {q: ranked(people["me"], q) for q in QUERIES}
    monkeypatch.setattr(SearchRepository, "SKILL_SCAN_LIMIT", 0)
    monkeypatch.setattr(SearchRepository, "ROLE_SCAN_LIMIT", 0)
    assert {q: ranked(people["me"], q) for q in QUERIES} == scanned
    assert scanned["SPC for sepsis in A&E"][0][:3:2] == ("Priya Shah", ["statistical-process-control"])


FILTERED = [("medicines and PDSA", {"role": "pharmacist"}), ("SPC charts", {"region": "North West"}),
            ("sepsis", {"skill": "SPC"}), ("co-design with patients", {"region": "North West", "role": "patient leader"})]


@pytest.mark.parametrize("path", ["index", "over-fetch"])
def test_a_broad_filter_finds_what_scoring_every_passing_member_finds(client: FlaskClient, graph: Graph,
                                                                      monkeypatch: pytest.MonkeyPatch,
                                                                      path: str) -> None:
    """Above EXACT_SCAN_LIMIT a filter is applied by the index (2025+) or by over-fetching it; both
    must find what scoring every passing member exactly finds, and nobody the filter excludes."""
    people = seed(client)
    register(client, name="Lee Park", role="data analyst", region="London", skills=[{"name": "SPC", "level": 3}],
             bio="I draw SPC charts and run charts for theatre utilisation.")
    assert "Lee Park" in [name for name, _, _ in ranked(people["me"], "SPC charts")]
    scored = {q: ranked(people["me"], q, **params) for q, params in FILTERED}
    assert [name for name, _, _ in scored["medicines and PDSA"]] == ["Nia Evans"]
    assert [name for name, _, _ in scored["co-design with patients"]] == ["Tom Price"]
    assert "Lee Park" not in [name for name, _, _ in scored["SPC charts"]]
    assert "Priya Shah" in [name for name, _, _ in scored["SPC charts"]]
    assert "Priya Shah" in {name for name, _, _ in scored["sepsis"]} <= {"Priya Shah", "Nia Evans", "Lee Park"}
    monkeypatch.setattr(SearchRepository, "EXACT_SCAN_LIMIT", 0)
    if path == "over-fetch":  # as on Neo4j 5.26: queryNodes' nearest, over-fetched, filtered afterwards
        monkeypatch.setattr(VectorQuery, "filters_inside", lambda self, graph: False)
        assert "queryNodes" in NEAR_BY_INDEX.cypher(graph, "region")
    assert {q: ranked(people["me"], q, **params) for q, params in FILTERED} == scored


def _scans(plan: Any) -> list[str]:
    """The operators in a plan that read every node of a label or every entry of an index."""
    found = [plan.get("operatorType", "")] if plan.get("operatorType", "").split("@")[0] in (
        "AllNodesScan", "NodeByLabelScan", "NodeIndexScan") else []
    return found + [scan for child in plan.get("children", []) for scan in _scans(child)]


def test_a_filtered_scan_starts_from_its_most_selective_filter_not_from_every_member(graph: Graph) -> None:
    """`$region IS NULL OR m.region = $region` alone reads every member and its vector: the exact
    scan and the passing count start from the filter's own index instead."""
    assert anchor(SearchFilters(region="London", role="nurse", skill="spc")) == "skill"
    assert anchor(SearchFilters(region="London", role="nurse")) == "role"
    assert anchor(SearchFilters(region="London")) == "region"
    assert anchor(SearchFilters()) == "none"
    params = {"me": "", "region": "London", "role": "nurse", "skill": "spc", "filtered": True, "lucene": [],
              "skills": [], "roles": [], "named": [], "k": 10, "k_role": 5, "k_near": 100, "k_lexical": 100,
              "terms": [], "df_cap": 1000, "vector": [0.1] * 1152}
    with graph.driver.session() as session:
        for name in ("skill", "role", "region"):
            for statement in (PREPARE[name], NEAR_EXACT[name]):
                plan = session.run("EXPLAIN " + statement, params).consume().plan
                assert plan is not None and _scans(plan) == [], (name, _scans(plan or {}))
        assert _scans(session.run("EXPLAIN " + NEAR_EXACT["none"], params).consume().plan or {}) != []
    assert set(ANCHORS) == set(PREPARE) == set(NEAR_EXACT)


@pytest.mark.parametrize("scan_limit", [0, 1000])
def test_a_hidden_member_is_found_by_no_source(client: FlaskClient, monkeypatch: pytest.MonkeyPatch,
                                               scan_limit: int) -> None:
    people = seed(client)
    monkeypatch.setattr(SearchRepository, "SKILL_SCAN_LIMIT", scan_limit)
    monkeypatch.setattr(SearchRepository, "ROLE_SCAN_LIMIT", scan_limit)
    hidden = people["nia"]
    assert hidden.put("/api/v1/members/me/privacy", json={"searchable": False, "suggestable": True}).status_code == 200
    # Her words, her skill, her role and her region (as a filter) all point at her.
    for q, params in [("pharmacist PDSA medicines reconciliation", {}), ("PDSA", {"skill": "PDSA"}),
                      ("pharmacist", {"role": "pharmacist"}), ("medicines", {"region": "North West"})]:
        assert "Nia Evans" not in [name for name, _, _ in ranked(people["me"], q, **params)], q


def test_graph_paths_name_the_mutual_connection_and_the_shared_organisation(client: FlaskClient) -> None:
    people = seed(client)
    me, tom, carl = people["me"], people["tom"], people["carl"]
    me.post("/api/v1/members/me/connections/requests", json={"member_id": tom.member["id"]})
    tom.post(f"/api/v1/members/me/connections/requests/{me.member['id']}/accept")
    tom.post("/api/v1/members/me/connections/requests", json={"member_id": carl.member["id"]})
    carl.post(f"/api/v1/members/me/connections/requests/{tom.member['id']}/accept")
    results = {r["member"]["name"]: r["explanation"]["graph_path"]
               for r in me.get(SEARCH, query_string={"q": "budgets and kidney care and sepsis"}).get_json()["results"]}
    assert results["Tom Price"] == {"relation": "connected", "via": []}
    assert results["Carl Benn"] == {"relation": "second_degree", "via": ["Tom Price"]}
    # Everyone registered here works at the same (default) organisation.
    assert results["Priya Shah"] == {"relation": "shared_organisation",
                                     "via": ["Northfield Teaching Hospitals NHS Foundation Trust"]}
