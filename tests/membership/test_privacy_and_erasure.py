"""Privacy: visibility in search and suggestions, data export, account deletion, retention of declined applications."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qnet.core.records import Phase
from qnet.graph.driver import Graph
from qnet.services import Services
from tests.conftest import TEST_PASSWORD, Session, register
from tests.membership.factories import Mailbox, properties_containing, review_body, submit

DISTINCT_BIO = "I run virtual wards that bring hospital-level care to frail older people at home."


def route_exists(app: Flask, rule: str) -> bool:
    return any(r.rule == rule for r in app.url_map.iter_rules())


def test_a_member_chooses_search_and_suggestions_separately(signed_in: Session) -> None:
    response = signed_in.put("/api/v1/members/me/privacy", json={"searchable": False, "suggestable": True})
    assert response.status_code == 200
    assert response.get_json() == {"searchable": False, "suggestable": True}
    me = signed_in.get("/api/v1/members/me").get_json()
    assert (me["searchable"], me["suggestable"]) == (False, True)
    assert signed_in.get("/api/v1/members/me/privacy").get_json() == {"searchable": False, "suggestable": True}
    partial = signed_in.put("/api/v1/members/me/privacy", json={"searchable": True})
    assert partial.status_code == 400
    assert set(partial.get_json()["error"]["fields"]) == {"suggestable"}


def test_privacy_choices_need_a_signed_in_member(client: FlaskClient) -> None:
    assert client.put("/api/v1/members/me/privacy", json={"searchable": False, "suggestable": False}).status_code == 401
    assert client.get("/api/v1/members/me/export").status_code == 401


def test_a_member_hidden_from_search_is_not_returned_by_search(app: Flask, client: FlaskClient) -> None:
    if not route_exists(app, "/api/v1/search/people"):
        pytest.skip("people search is not built yet")
    searcher = register(client, name="Sam Searcher")
    hidden = register(client, name="Harriet Hidden", bio=DISTINCT_BIO)
    visible = register(client, name="Victor Visible", bio=DISTINCT_BIO)
    hidden.put("/api/v1/members/me/privacy", json={"searchable": False, "suggestable": True})
    response = searcher.get("/api/v1/search/people?q=virtual%20wards%20for%20frail%20older%20people&limit=50")
    assert response.status_code == 200, response.get_json()
    ids = [r["member"]["id"] for r in response.get_json()["results"]]
    assert visible.member["id"] in ids
    assert hidden.member["id"] not in ids


def test_a_member_hidden_from_suggestions_is_not_suggested(app: Flask, client: FlaskClient) -> None:
    if not route_exists(app, "/api/v1/members/me/suggestions"):
        pytest.skip("suggestions are not built yet")
    asker = register(client, name="Sam Asker", bio=DISTINCT_BIO)
    hidden = register(client, name="Harriet Hidden", bio=DISTINCT_BIO)
    hidden.put("/api/v1/members/me/privacy", json={"searchable": True, "suggestable": False})
    response = asker.get("/api/v1/members/me/suggestions")
    assert response.status_code == 200, response.get_json()
    assert hidden.member["id"] not in response.get_data(as_text=True)


def accepted_member(app: Flask, client: FlaskClient, coordinator: Session, second: Session, mailbox: Mailbox,
                    email: str, name: str) -> Session:
    """The whole way in: apply, two reviews, acceptance, invitation, password."""
    application_id = submit(client, email=email, name=name).get_json()["id"]
    for reviewer in (coordinator, second):
        reviewer.put(f"/api/v1/applications/{application_id}/review", json=review_body())
    coordinator.post(f"/api/v1/applications/{application_id}/decision", json={"decision": "accepted",
                                                                             "message": "Welcome"})
    token = mailbox.link_token(email, "invitation", "/invitation/")
    fresh = app.test_client()
    response = fresh.post(f"/api/v1/auth/invitations/{token}", json={"password": TEST_PASSWORD})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return Session(fresh, body["member"], body["csrf_token"])


def give_them_a_life(graph: Graph, member: Session, other: Session, client: FlaskClient) -> None:
    """Connections, an API token, an idea and a comment, an updates subscription, a failed sign-in."""
    me, them = member.member["id"], other.member["id"]
    graph.execute("MATCH (a:Member {id: $me}), (b:Member {id: $them}) CREATE (a)-[:CONNECTED_TO {since: datetime()}]->(b)",
                  me=me, them=them)
    assert member.post("/api/v1/auth/tokens", json={"name": "my laptop"}).status_code == 201
    graph.execute(
        """
        MATCH (me:Member {id: $me}), (them:Member {id: $them})
        CREATE (me)-[:AUTHORED]->(mine:Idea {id: randomUUID(), title: 'Shared discharge checklists'})
        CREATE (them)-[:AUTHORED]->(theirs:Idea {id: randomUUID(), title: 'Virtual ward huddles'})
        CREATE (me)-[:WROTE]->(:Comment {id: randomUUID(), body: 'We tried this on two wards.'})-[:ON]->(theirs)
        CREATE (me)-[:SUPPORTS {at: datetime()}]->(theirs)
        """,
        me=me, them=them,
    )
    client.post("/api/v1/updates/subscribe", json={"email": member.member["email"]})
    client.post("/api/v1/auth/login", json={"email": member.member["email"], "password": "a-wrong-guess"})


def test_a_member_can_download_everything_held_about_them(app: Flask, client: FlaskClient, open_phase: Phase,
                                                           coordinator: Session, second_coordinator: Session,
                                                           mailbox: Mailbox, graph: Graph) -> None:
    member = accepted_member(app, client, coordinator, second_coordinator, mailbox, "export@example.org",
                             "Ellis Export")
    other = register(client, name="Olu Other", email="olu.other@example.org")
    give_them_a_life(graph, member, other, client)
    response = member.get("/api/v1/members/me/export")
    assert response.status_code == 200
    data = response.get_json()
    assert data["member"]["email"] == "export@example.org"
    assert data["member"]["name"] == "Ellis Export"
    assert data["connections"] == [{"relationship": "CONNECTED_TO", "direction": "out", "properties":
                                    data["connections"][0]["properties"],
                                    "member": {"id": other.member["id"], "name": "Olu Other"}}]
    relationships = data["relationships"]
    assert [t["node"]["name"] for t in relationships["HAS_TOKEN"]] == ["my laptop"]
    assert [i["node"]["title"] for i in relationships["AUTHORED"]] == ["Shared discharge checklists"]
    assert [c["node"]["body"] for c in relationships["WROTE"]] == ["We tried this on two wards."]
    assert [s["node"]["title"] for s in relationships["SUPPORTS"]] == ["Virtual ward huddles"]
    assert relationships["SUBMITTED"][0]["node"]["answer_b"].startswith("I led a project")
    assert relationships["HAS_INVITATION"][0]["node"]["used_at"]
    assert [a["status"] for a in data["applications"]] == ["accepted"]
    assert [s["status"] for s in data["subscriptions"]] == ["pending"]
    assert {m["kind"] for m in data["mail"]} >= {"application_received", "decision", "invitation"}
    text = response.get_data(as_text=True)
    for secret in ("password_hash", "status_hash", "\"hash\"", "confirm_hash", "embedding", "olu.other@example.org"):
        assert secret not in text


def test_a_reviewers_export_holds_their_reviews_but_not_the_applicants_details(
        client: FlaskClient, open_phase: Phase, coordinator: Session) -> None:
    application_id = submit(client, email="applicant.private@example.org", name="Pat Private").get_json()["id"]
    coordinator.put(f"/api/v1/applications/{application_id}/review", json=review_body(4, 2, 3, note="Clear"))
    data = coordinator.get("/api/v1/members/me/export").get_json()
    [review] = data["relationships"]["REVIEWED"]
    assert review["node"] == {"id": application_id}
    assert (review["properties"]["score_a"], review["properties"]["note_a"]) == (4, "Clear")
    text = coordinator.get("/api/v1/members/me/export").get_data(as_text=True)
    assert "Pat Private" not in text and "applicant.private@example.org" not in text


def test_deleting_an_account_needs_the_password(signed_in: Session, graph: Graph) -> None:
    response = signed_in.delete("/api/v1/members/me", json={"password": "not-my-password"})
    assert response.status_code == 401
    assert graph.query("MATCH (m:Member {id: $id}) RETURN count(m) AS n", id=signed_in.member["id"])[0]["n"] == 1


def test_deleting_an_account_leaves_no_personal_data_in_the_graph(app: Flask, client: FlaskClient,
                                                                  open_phase: Phase, coordinator: Session,
                                                                  second_coordinator: Session, mailbox: Mailbox,
                                                                  graph: Graph) -> None:
    email, name = "zephyrine.q@example.org", "Zephyrine Quillfeather"
    member = accepted_member(app, client, coordinator, second_coordinator, mailbox, email, name)
    other = register(client, name="Olu Other")
    give_them_a_life(graph, member, other, client)
    key = graph.query("MATCH (m:Member {id: $id}) RETURN m.key AS key", id=member.member["id"])[0]["key"]
    assert properties_containing(graph, email) and properties_containing(graph, name)

    response = member.delete("/api/v1/members/me", json={"password": TEST_PASSWORD})
    assert response.status_code == 204

    for personal in (email, name, key, member.member["id"]):
        assert properties_containing(graph, personal) == [], personal
    comment = graph.query("MATCH (c:Comment) RETURN c.body AS body, EXISTS { (c)<-[:WROTE]-() } AS attributed, "
                          "EXISTS { (c)-[:ON]->(:Idea) } AS placed")
    assert comment == [{"body": "We tried this on two wards.", "attributed": False, "placed": True}]
    ideas = graph.query("MATCH (i:Idea) RETURN i.title AS title, EXISTS { (i)<-[:AUTHORED]-() } AS attributed "
                        "ORDER BY title")
    assert ideas == [{"title": "Shared discharge checklists", "attributed": False},
                     {"title": "Virtual ward huddles", "attributed": True}]
    assert graph.query("MATCH (m:Member {id: $id}) RETURN count(m) AS n", id=other.member["id"])[0]["n"] == 1
    assert member.get("/api/v1/members/me").status_code == 401
    gone = app.test_client().post("/api/v1/auth/login", json={"email": email, "password": TEST_PASSWORD})
    assert gone.status_code == 401


def declined(services: Services, client: FlaskClient, coordinators: list[Any], email: str, when: Any) -> str:
    application_id = submit(client, email=email).get_json()["id"]
    decisions = services.membership.decisions
    for reviewer in coordinators:
        decisions.review(application_id, reviewer, {"a": 1, "b": 1, "c": 1}, {}, when)
    decisions.decide(application_id, coordinators[0], "declined", "Not this time", when)
    return str(application_id)


def test_declined_applications_are_purged_after_the_retention_coordinators_set(
        services: Services, client: FlaskClient, open_phase: Phase, coordinator: Session,
        second_coordinator: Session, graph: Graph, now: Any) -> None:
    reviewers = [services.profiles.get(coordinator.member["id"]), services.profiles.get(second_coordinator.member["id"])]
    declined(services, client, reviewers, "old.decline@example.org", now - timedelta(days=40))
    declined(services, client, reviewers, "new.decline@example.org", now - timedelta(days=5))
    submit(client, email="in.progress@example.org")

    assert coordinator.get("/api/v1/applications/retention").get_json() == {"declined_retention_days": 180}
    response = coordinator.put("/api/v1/applications/retention", json={"declined_retention_days": 30})
    assert response.get_json() == {"declined_retention_days": 30}
    assert services.membership.applications.purge_declined(now) == 1

    assert properties_containing(graph, "old.decline@example.org") == []
    remaining = graph.query("MATCH (a:Application) RETURN a.email AS email ORDER BY email")
    assert [r["email"] for r in remaining] == ["in.progress@example.org", "new.decline@example.org"]
    purge = coordinator.post("/api/v1/applications/purge")
    assert purge.get_json() == {"purged": 0, "declined_retention_days": 30}


def test_only_coordinators_set_retention(signed_in: Session) -> None:
    assert signed_in.put("/api/v1/applications/retention", json={"declined_retention_days": 0}).status_code == 403
    assert signed_in.post("/api/v1/applications/purge").status_code == 403


def test_a_coordinator_who_deletes_their_account_leaves_their_reviews_and_decision_on_record(
        app: Flask, client: FlaskClient, open_phase: Phase, coordinator: Session, second_coordinator: Session,
        graph: Graph) -> None:
    application_id = submit(client, email="kept.on.record@example.org").get_json()["id"]
    for reviewer, scores in ((coordinator, (4, 3, 2)), (second_coordinator, (3, 3, 3))):
        assert reviewer.put(f"/api/v1/applications/{application_id}/review",
                            json=review_body(*scores, note="Thoughtful answers")).status_code == 200
    decided = coordinator.post(f"/api/v1/applications/{application_id}/decision",
                               json={"decision": "declined", "message": "Not this time"})
    assert decided.status_code == 200, decided.get_json()
    name = coordinator.member["name"]

    assert coordinator.delete("/api/v1/members/me", json={"password": TEST_PASSWORD}).status_code == 204

    detail = second_coordinator.get(f"/api/v1/applications/{application_id}").get_json()
    assert detail["status"] == "declined"
    reviews = sorted(detail["reviews"], key=lambda r: r["reviewer_name"])
    assert [r["reviewer_name"] for r in reviews] == ["Robin Reviewer", "a former member"]
    assert reviews[1]["scores"] == {"a": 4, "b": 3, "c": 2}
    assert graph.query("MATCH (:FormerMember)-[d:DECIDED]->(:Application {id: $id}) RETURN d.outcome AS o",
                       id=application_id) == [{"o": "declined"}]
    assert properties_containing(graph, name) == []
