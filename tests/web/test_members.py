"""Members and profiles over the API."""

from __future__ import annotations

from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from qnet.matching.people.skills import taxonomy
from tests.conftest import Session, profile, register


def test_public_profile_never_shows_the_email(signed_in: Session, client: FlaskClient) -> None:
    other = register(client, email="private@example.org", name="Tom Price")
    body = signed_in.get(f"/api/v1/members/{other.member['id']}").get_json()
    assert body["name"] == "Tom Price"
    assert "email" not in body
    assert "private@example.org" not in signed_in.get("/api/v1/members").get_data(as_text=True)


def test_skills_are_normalised_to_one_node_per_skill(client: FlaskClient, graph: Graph) -> None:
    register(client, skills=[{"name": "SPC", "level": 3}])
    register(client, skills=[{"name": "statistical process control", "level": 1}])
    register(client, skills=[{"name": "Control charts", "level": 2}])
    rows = graph.query("MATCH (s:Skill {key: 'statistical-process-control'})<-[h:HAS_SKILL]-() RETURN count(h) AS n")
    assert rows[0]["n"] == 3
    assert graph.query("MATCH (s:Skill) RETURN count(s) AS n")[0]["n"] == 1


def test_update_my_profile_replaces_skills_and_interests(signed_in: Session) -> None:
    body = profile(role="nurse", skills=[{"name": "PDSA", "level": 2}], interests=["Falls prevention"])
    response = signed_in.put("/api/v1/members/me", json=body)
    assert response.status_code == 200
    me = response.get_json()
    assert me["role"] == "nurse"
    assert [(s["key"], s["level"]) for s in me["skills"]] == [(taxonomy().resolve("PDSA").key, 2)]
    assert me["interests"] == ["Falls prevention"]


def test_bad_profile_names_every_bad_field_and_changes_nothing(signed_in: Session, graph: Graph) -> None:
    before = signed_in.get("/api/v1/members/me").get_json()
    bad = profile(name="", role="astronaut", region="Narnia", skills=[{"name": "SPC", "level": 7}],
                  interests="not a list", shoe_size=42)
    response = signed_in.put("/api/v1/members/me", json=bad)
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert {"name", "role", "region", "skills", "interests", "shoe_size"} <= set(fields)
    assert signed_in.get("/api/v1/members/me").get_json() == before


def test_a_member_cannot_edit_someone_elses_profile(signed_in: Session, client: FlaskClient) -> None:
    other = register(client)
    response = signed_in.put(f"/api/v1/members/{other.member['id']}", json=profile(name="Hijacked"))
    assert response.status_code == 403
    assert signed_in.get(f"/api/v1/members/{other.member['id']}").get_json()["name"] == "Amira Hassan"


def test_unknown_member_is_404(signed_in: Session) -> None:
    response = signed_in.get("/api/v1/members/no-such-member")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_cypher_looking_input_is_stored_verbatim_and_harmless(signed_in: Session, graph: Graph) -> None:
    nasty = "Robert'); MATCH (n) DETACH DELETE n; //"
    response = signed_in.put("/api/v1/members/me", json=profile(
        name=nasty, bio="} RETURN 1 UNION MATCH (m:Member) SET m.account_role = 'admin' //",
        skills=[{"name": "`; DROP CONSTRAINT member_email", "level": 1}], interests=["$param {x}"]))
    assert response.status_code == 200
    me = signed_in.get("/api/v1/members/me").get_json()
    assert me["name"] == nasty
    assert me["account_role"] == "member"
    assert me["interests"] == ["$param {x}"]
    assert graph.query("MATCH (m:Member) RETURN count(m) AS n")[0]["n"] == 1
    assert graph.query("SHOW CONSTRAINTS YIELD name WHERE name = 'member_email' RETURN count(*) AS n")[0]["n"] == 1


def test_list_filters_by_skill_region_role_and_organisation(signed_in: Session, client: FlaskClient) -> None:
    register(client, name="Nurse West", role="nurse", region="South West", skills=[{"name": "Lean", "level": 2}],
             organisation="Coastal Community Health")
    register(client, name="Analyst London", role="data analyst", region="London")
    def names(query: str) -> list[str]:
        response = signed_in.get(f"/api/v1/members?{query}")
        assert response.status_code == 200, response.get_json()
        return [m["name"] for m in response.get_json()["members"]]

    assert names("region=South%20West") == ["Nurse West"]
    assert names("role=data%20analyst") == ["Amira Hassan", "Analyst London"]
    assert names("skill=lean") == ["Nurse West"]
    assert names("skill=control%20charts") == ["Amira Hassan", "Analyst London"]
    assert names("organisation=coastal%20community%20health") == ["Nurse West"]


def test_list_rejects_unknown_filter_values(signed_in: Session) -> None:
    response = signed_in.get("/api/v1/members?region=Mars&limit=0&colour=blue")
    assert response.status_code == 400
    assert {"region", "limit", "colour"} <= set(response.get_json()["error"]["fields"])


def test_list_pages_with_a_cursor_without_repeats(signed_in: Session, client: FlaskClient) -> None:
    for i in range(6):
        register(client, name=f"Member {i:02d}")
    seen: list[str] = []
    cursor = None
    while True:
        url = "/api/v1/members?limit=3" + (f"&cursor={cursor}" if cursor else "")
        body = signed_in.get(url).get_json()
        seen.extend(m["id"] for m in body["members"])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert len(seen) == len(set(seen)) == 7


def test_a_garbled_cursor_is_a_400(signed_in: Session) -> None:
    response = signed_in.get("/api/v1/members?cursor=not-a-cursor")
    assert response.status_code == 400
    assert "cursor" in response.get_json()["error"]["fields"]
