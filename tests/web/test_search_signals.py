"""People search signals beyond meaning, through the API with the real graph and model: a place the
query names, skills members wrote in their own words, abbreviations spelled out, lay words for carers."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.conftest import Session, register

SEARCH = "/api/v1/search/people"


def results(session: Session, q: str) -> list[dict[str, Any]]:
    response = session.get(SEARCH, query_string={"q": q})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["results"]


def by_name(found: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {r["member"]["name"]: r for r in found}


def test_a_place_named_in_the_query_prefers_members_there_without_hiding_others(client: FlaskClient) -> None:
    bio = "I build SPC charts for sepsis screening in our emergency department."
    register(client, name="Gwen Morgan", region="Wales", bio=bio)
    register(client, name="Lara Okafor", region="London", bio=bio)
    me = register(client, name="Sam Reid", role="nurse", region="Scotland", bio="Ward sister on a stroke unit.",
                  skills=[{"name": "Leadership", "level": 2}], interests=["stroke"])
    found = results(me, "someone in Wales who uses control charts for sepsis")
    names = [r["member"]["name"] for r in found]
    assert names.index("Gwen Morgan") < names.index("Lara Okafor")
    assert by_name(found)["Gwen Morgan"]["explanation"]["parts"]["role"] == 1.0
    assert by_name(found)["Lara Okafor"]["explanation"]["parts"]["role"] == 0.0
    programme = by_name(results(me, "the Scottish Patient Safety Programme"))
    assert all(r["explanation"]["parts"]["role"] == 0.0 for r in programme.values())


def test_a_skill_a_member_wrote_in_their_own_words_is_matched_by_name(client: FlaskClient) -> None:
    register(client, name="Nadia Karim", role="other", bio="Clinical psychologist supporting hospital staff.",
             skills=[{"name": "Schwartz Rounds", "level": 3}], interests=["staff wellbeing"])
    register(client, name="Tom Ellis", role="frontline clinician", bio="I lead consultant ward rounds on acute medicine.",
             skills=[{"name": "Ward rounds", "level": 3}], interests=["acute medicine"])
    me = register(client, name="Ava Price", role="manager", bio="Operations manager.", skills=[], interests=[])
    found = results(me, "who has set up Schwartz Rounds for clinical teams?")
    assert found[0]["member"]["name"] == "Nadia Karim"
    assert found[0]["explanation"]["matched_skills"] == [
        {"key": "schwartz-rounds", "name": "Schwartz Rounds", "level": 3}]
    assert found[0]["explanation"]["parts"]["skills"] == 1.0
    assert by_name(found)["Tom Ellis"]["explanation"]["matched_skills"] == []


def test_a_meaning_spelled_out_finds_the_profile_that_only_uses_the_abbreviation(client: FlaskClient) -> None:
    register(client, name="Iona Fraser", role="nurse", region="Scotland",
             bio="Tissue viability nurse. I led the pressure ulcer strand of SPSP in our board.",
             skills=[{"name": "Tissue viability", "level": 3}], interests=["pressure ulcers"])
    me = register(client, name="Ben Hart", role="manager", bio="Operations manager.", skills=[], interests=[])
    top = results(me, "experience of the Scottish Patient Safety Programme")[0]
    assert top["member"]["name"] == "Iona Fraser"
    assert top["explanation"]["parts"]["lexical"] > 0


def test_a_family_member_caring_for_someone_is_looking_for_carers(client: FlaskClient) -> None:
    register(client, name="June Hall", role="carer", region="South West",
             bio="I looked after my mother through her dementia and two hospital stays; I now speak to ward staff.",
             skills=[{"name": "Lived experience of caring", "level": 3}], interests=["dementia"])
    register(client, name="Rhys Evans", role="nurse", region="South West",
             bio="Dementia nurse specialist. I help families plan discharge home from our wards.",
             skills=[{"name": "Dementia care", "level": 3}], interests=["dementia", "discharge planning"])
    me = register(client, name="Ava Price", role="manager", bio="Operations manager.", skills=[], interests=[])
    plain = by_name(results(me, "what hospital discharge feels like for someone with dementia"))
    asked = by_name(results(me, "what hospital discharge feels like for a family member caring for someone with dementia"))
    assert asked["June Hall"]["explanation"]["roles"] == ["carer"]
    assert asked["June Hall"]["explanation"]["parts"]["role"] == 1.0
    assert asked["Rhys Evans"]["explanation"]["parts"]["role"] == 0.0
    assert plain["June Hall"]["explanation"]["parts"]["role"] == 0.0
    # A soft preference: the carer gains on the nurse when the query asks for a carer.
    gap = {name: found["June Hall"]["score"] - found["Rhys Evans"]["score"] for name, found in
           (("plain", plain), ("asked", asked))}
    assert gap["asked"] > gap["plain"]
