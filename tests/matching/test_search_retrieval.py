"""People-search retrieval against the real graph and model: the exact scans and the vector-index
over-fetch that replaces them at scale find the same people, privacy holds on every path, and graph
paths are explained from the candidate's side."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from qnet.graph.people.search import SearchRepository
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
