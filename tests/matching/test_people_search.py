"""People search against the real graph and model: meaning, filters, explanations, refusals."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import Session, register

SEARCH = "/api/v1/search/people"


def seed_people(client: FlaskClient) -> dict[str, Session]:
    people = {
        "sepsis_spc": register(client, name="Priya Shah", role="data analyst", region="North West",
                               bio="I built SPC charts for sepsis screening times in our emergency department and "
                                   "helped the team see whether their changes to triage worked.",
                               skills=[{"name": "SPC", "level": 3}, {"name": "R", "level": 2}],
                               interests=["sepsis"]),
        "falls": register(client, name="Owen Hughes", role="allied health professional", region="Wales",
                          bio="Physiotherapist running strength and balance classes so frail older people "
                              "stop tumbling at home.",
                          skills=[{"name": "PDSA", "level": 2}], interests=["falls prevention", "frailty"]),
        "finance": register(client, name="Carl Benn", role="manager", region="North West",
                            bio="Finance manager. I keep control of cash flow and budgets for the surgical division.",
                            skills=[{"name": "budgeting", "level": 3}], interests=["finance"]),
        "codesign": register(client, name="Tom Price", role="patient leader", region="London",
                             bio="After years as a patient on a renal unit I now co-design services with staff.",
                             skills=[{"name": "experience-based co-design", "level": 3}],
                             interests=["kidney care"]),
    }
    return people


def names(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.get_json()
    return [r["member"]["name"] for r in response.get_json()["results"]]


def everyone(response) -> list[str]:  # type: ignore[no-untyped-def]
    """Close matches, or the nearest few when nobody is close: a filter must hold for both."""
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return [r["member"]["name"] for r in body["results"] or body["weak_matches"]]


def test_paraphrased_query_finds_the_member_whose_profile_uses_other_words(client: FlaskClient) -> None:
    people = seed_people(client)
    me = people["codesign"]
    found = names(me.get(SEARCH, query_string={"q": "someone who has used control charts to track sepsis in A&E"}))
    assert found[0] == "Priya Shah"
    found = names(me.get(SEARCH, query_string={"q": "reducing falls in older people"}))
    assert found[0] == "Owen Hughes"


def test_shared_words_with_the_wrong_meaning_do_not_win(client: FlaskClient) -> None:
    people = seed_people(client)
    found = names(people["falls"].get(SEARCH, query_string={"q": "statistical process control charts"}))
    assert found.index("Priya Shah") < found.index("Carl Benn")


def test_filters_hold_and_never_return_other_values(client: FlaskClient) -> None:
    people = seed_people(client)
    response = people["falls"].get(SEARCH, query_string={"q": "control charts", "region": "North West"})
    results = response.get_json()["results"]
    assert results and {r["member"]["region"] for r in results} == {"North West"}
    assert everyone(people["falls"].get(SEARCH, query_string={"q": "data", "role": "patient leader"})) == ["Tom Price"]
    skilled = names(people["falls"].get(SEARCH, query_string={"q": "emergency care", "skill": "statistical process control"}))
    assert skilled == ["Priya Shah"]


def test_explanations_name_real_matched_skills_and_the_best_sentence(client: FlaskClient) -> None:
    people = seed_people(client)
    response = people["falls"].get(SEARCH, query_string={"q": "who can help with SPC for sepsis?"})
    top = response.get_json()["results"][0]
    assert top["member"]["name"] == "Priya Shah"
    explanation = top["explanation"]
    assert [s["name"] for s in explanation["matched_skills"]] == ["Statistical process control"]
    assert explanation["matched_skills"][0]["level"] == 3
    assert "sepsis" in explanation["best_sentence"]
    assert set(explanation["parts"]) == {"semantic", "lexical", "skills", "role", "proximity"}
    assert 0 < top["score"] <= 1
    assert "email" not in top["member"]


def test_the_graph_path_to_the_searcher_is_explained(client: FlaskClient) -> None:
    people = seed_people(client)
    me, priya = people["falls"], people["sepsis_spc"]
    me.post("/api/v1/members/me/connections/requests", json={"member_id": priya.member["id"]})
    priya.post(f"/api/v1/members/me/connections/requests/{me.member['id']}/accept")
    results = me.get(SEARCH, query_string={"q": "sepsis data"}).get_json()["results"]
    priya_result = next(r for r in results if r["member"]["name"] == "Priya Shah")
    assert priya_result["explanation"]["graph_path"] == {"relation": "connected", "via": []}
    assert priya_result["explanation"]["parts"]["proximity"] == 1.0


def test_the_searcher_is_not_in_their_own_results(client: FlaskClient) -> None:
    people = seed_people(client)
    assert "Priya Shah" not in names(people["sepsis_spc"].get(SEARCH, query_string={"q": "SPC sepsis"}))


def test_pages_follow_a_cursor_without_repeats(client: FlaskClient) -> None:
    people = seed_people(client)
    query = "sepsis screening in the emergency department"
    first = people["codesign"].get(SEARCH, query_string={"q": query, "limit": 2}).get_json()
    assert len(first["results"]) == 2 and first["next_cursor"]
    second = people["codesign"].get(SEARCH, query_string={"q": query, "limit": 2,
                                                          "cursor": first["next_cursor"]}).get_json()
    assert {r["member"]["id"] for r in first["results"]}.isdisjoint({r["member"]["id"] for r in second["results"]})
    other = people["codesign"].get(SEARCH, query_string={"q": "something else", "cursor": first["next_cursor"]})
    assert other.status_code == 400


def test_empty_absurd_and_oversized_queries_are_400(signed_in: Session) -> None:
    for q in ["", "   ", "?!*~", "x" * 501]:
        response = signed_in.get(SEARCH, query_string={"q": q})
        assert response.status_code == 400, q
        assert "q" in response.get_json()["error"]["fields"]
    assert signed_in.get(SEARCH).status_code == 400
    assert signed_in.get(SEARCH, query_string={"q": "sepsis", "limit": 500}).status_code == 400


def test_lucene_syntax_in_a_query_is_just_text(signed_in: Session) -> None:
    response = signed_in.get(SEARCH, query_string={"q": 'sepsis AND (name:"*" OR bio:~) ^3 [a TO z]'})
    assert response.status_code == 200


def test_search_needs_a_signed_in_member_or_token(client: FlaskClient) -> None:
    assert client.get(SEARCH, query_string={"q": "sepsis"}).status_code == 401
