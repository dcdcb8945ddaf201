"""Connection suggestions: who, why, and who never."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import Session, register

SUGGESTIONS = "/api/v1/members/me/suggestions"


def connect(a: Session, b: Session) -> None:
    a.post("/api/v1/members/me/connections/requests", json={"member_id": b.member["id"]})
    assert b.post(f"/api/v1/members/me/connections/requests/{a.member['id']}/accept").status_code == 204


def suggested(session: Session, limit: int = 10) -> list[dict]:
    response = session.get(SUGGESTIONS, query_string={"limit": limit})
    assert response.status_code == 200, response.get_json()
    return response.get_json()["suggestions"]


def test_suggests_people_with_shared_interests_and_says_why(client: FlaskClient) -> None:
    me = register(client, name="Grace", role="nurse", bio="I lead falls prevention on frailty wards.",
                  skills=[{"name": "PDSA", "level": 2}], interests=["falls prevention", "frailty"])
    register(client, name="Owen", role="allied health professional", bio="Strength and balance classes for older people.",
             skills=[{"name": "PDSA", "level": 2}], interests=["Falls prevention"], region="Wales")
    register(client, name="Carl", role="manager", bio="Finance manager for surgery budgets.",
             skills=[{"name": "budgeting", "level": 3}], interests=["finance"], region="Wales")
    results = suggested(me)
    assert results[0]["member"]["name"] == "Owen"
    assert any("falls prevention" in reason.lower() for reason in results[0]["reasons"])
    assert "email" not in results[0]["member"]


def test_suggests_an_expert_in_what_i_am_learning(client: FlaskClient) -> None:
    me = register(client, name="Learner", skills=[{"name": "SPC", "level": 1}], interests=["maternity"])
    register(client, name="Expert", role="data analyst", skills=[{"name": "control charts", "level": 3}],
             interests=["diabetes"], bio="I teach teams to read their data.", region="Scotland")
    top = next(s for s in suggested(me) if s["member"]["name"] == "Expert")
    assert "Expert in Statistical process control, which you are learning" in top["reasons"]


def test_friends_of_friends_are_suggested_with_the_mutual_connection(client: FlaskClient) -> None:
    me, friend, theirs = register(client, name="Me"), register(client, name="Friend"), register(client, name="Theirs")
    connect(me, friend)
    connect(friend, theirs)
    entry = next(s for s in suggested(me) if s["member"]["name"] == "Theirs")
    assert "1 mutual connection: Friend" in entry["reasons"]


def test_existing_connections_pending_requests_and_dismissed_people_are_never_suggested(client: FlaskClient) -> None:
    me = register(client, name="Me")
    connected, pending, dismissed, _other = (register(client, name=n) for n in ("Connected", "Pending", "Dismissed", "Other"))
    connect(me, connected)
    me.post("/api/v1/members/me/connections/requests", json={"member_id": pending.member["id"]})
    assert me.post(f"{SUGGESTIONS}/{dismissed.member['id']}/dismiss").status_code == 204
    names = {s["member"]["name"] for s in suggested(me, 50)}
    assert names == {"Other"}
    assert me.post(f"{SUGGESTIONS}/{dismissed.member['id']}/dismiss").status_code == 204  # idempotent


def test_no_organisation_fills_the_list(client: FlaskClient) -> None:
    me = register(client, name="Me", organisation="Elsewhere Trust")
    for i in range(6):
        register(client, name=f"Same Org {i}", organisation="Big Teaching Hospitals")
    for i in range(3):
        register(client, name=f"Other {i}", organisation=f"Small Practice {i}")
    orgs = [s["member"]["organisation"] for s in suggested(me, 10)]
    assert orgs.count("Big Teaching Hospitals") <= 2
    assert len(orgs) == 5


def test_dismissing_an_unknown_member_is_404(signed_in: Session) -> None:
    assert signed_in.post(f"{SUGGESTIONS}/nobody/dismiss").status_code == 404
