"""Applying to join: what is accepted, every refusal and its message, the status link, and races."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qnet.core.errors import Invalid
from qnet.core.records import Phase
from qnet.graph.driver import Graph
from qnet.matching.membership.applications import ApplicationInput
from qnet.services import Services
from tests.conftest import make_member
from tests.membership.factories import (
    ANSWERS,
    COURSE,
    NATIONAL_ORG,
    Mailbox,
    application_body,
    phase_input,
    properties_containing,
    submit,
)


def error(response: Any) -> dict[str, Any]:
    return response.get_json()["error"]  # type: ignore[no-any-return]


def test_an_application_is_received_and_the_applicant_is_mailed_a_private_status_link(
        client: FlaskClient, open_phase: Phase, mailbox: Mailbox) -> None:
    response = submit(client, email="Priya.Sharma@Example.org")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["status"] == "received"
    assert "email" not in response.get_json()

    token = mailbox.link_token("priya.sharma@example.org", "application_received", "/join/status/")
    status = client.get(f"/api/v1/applications/status/{token}")
    assert status.status_code == 200
    body = status.get_json()
    assert body["status"] == "received"
    assert body["phase_name"] == "Pilot phase"
    assert body["name"] == "Priya Sharma"
    assert "priya.sharma@example.org" not in status.get_data(as_text=True)


def test_an_unknown_status_link_is_a_404(client: FlaskClient, open_phase: Phase) -> None:
    response = client.get("/api/v1/applications/status/not-a-real-token")
    assert response.status_code == 404
    assert "status link is not valid" in error(response)["message"]


def test_only_a_hash_of_the_status_link_is_stored(client: FlaskClient, open_phase: Phase, mailbox: Mailbox,
                                                  graph: Graph) -> None:
    submit(client, email="hash@example.org")
    token = mailbox.link_token("hash@example.org", "application_received", "/join/status/")
    assert properties_containing(graph, token) == []


def test_refused_when_no_open_phase_admits_the_route(client: FlaskClient, services: Services, now: Any) -> None:
    services.membership.recruitment.define(phase_input(now, routes=["patient_carer"], courses=[],
                                                       organisations=[], partners=[]), now)
    response = submit(client, route="open")
    assert response.status_code == 400
    assert error(response)["message"] == (
        "applications are not open to anyone working to improve health and care in the UK at the moment; "
        "register for updates to hear when they are")
    assert error(response)["fields"] == {"route": ["no open phase admits this route now"]}


def test_refused_when_there_is_no_open_phase_at_all(client: FlaskClient, services: Services, now: Any) -> None:
    services.membership.recruitment.define(
        phase_input(now, opens_at=now + timedelta(days=10), closes_at=now + timedelta(days=40)), now)
    response = submit(client, route="patient_carer")
    assert response.status_code == 400
    assert error(response)["message"].startswith("applications are not open to people bringing a patient's")


def test_refused_when_the_course_is_not_on_the_phase_list(client: FlaskClient, open_phase: Phase) -> None:
    response = submit(client, route="course_alumni", route_evidence="Weekend Watercolour Course")
    assert response.status_code == 400
    assert error(response)["message"] == (
        "\"Weekend Watercolour Course\" is not one of the courses identified for the open phase; "
        "GET /api/v1/recruitment lists them")
    assert error(response)["fields"] == {"route_evidence": ["not one of the courses identified for this phase"]}


def test_a_listed_course_is_matched_whatever_its_spelling(client: FlaskClient, open_phase: Phase) -> None:
    response = submit(client, route="course_alumni", route_evidence="  improvement leaders   PROGRAMME ")
    assert response.status_code == 201, response.get_json()


def test_refused_when_the_organisation_is_not_on_the_phase_list(client: FlaskClient, open_phase: Phase) -> None:
    response = submit(client, route="national_organisation", route_evidence="Acme Consulting Ltd")
    assert response.status_code == 400
    assert error(response)["message"] == (
        "\"Acme Consulting Ltd\" is not one of the organisations identified for the open phase; "
        "GET /api/v1/recruitment lists them")
    assert submit(client, route="national_organisation", route_evidence=NATIONAL_ORG).status_code == 201


def test_refused_when_the_route_needs_evidence_and_none_is_given(client: FlaskClient, open_phase: Phase) -> None:
    response = submit(client, route="course_alumni", route_evidence=None)
    assert response.status_code == 400
    assert error(response)["message"] == "say which course you apply through"
    assert error(response)["fields"] == {"route_evidence": ["name the course"]}


def test_the_regional_route_needs_a_partner_in_the_applicants_region(client: FlaskClient, open_phase: Phase) -> None:
    response = submit(client, route="regional", region="London")
    assert response.status_code == 400
    assert error(response)["message"] == (
        "no partner regional improvement organisation covers London in the open phase")
    assert submit(client, route="regional", region="North East and Yorkshire").status_code == 201


def test_refused_when_the_email_has_an_application_in_progress(client: FlaskClient, open_phase: Phase) -> None:
    assert submit(client, email="twice@example.org").status_code == 201
    again = submit(client, email="TWICE@example.org", route="course_alumni", route_evidence=COURSE)
    assert again.status_code == 409
    assert error(again)["message"] == (
        "an application from this email is already in progress; follow the private status link we emailed you")


def test_refused_when_the_email_belongs_to_a_member(client: FlaskClient, open_phase: Phase,
                                                   services: Services) -> None:
    make_member(services, email="already@example.org")
    response = submit(client, email="already@example.org")
    assert response.status_code == 409
    assert error(response)["message"] == "this email already belongs to a member: sign in instead"


def test_refused_without_consent_to_processing(client: FlaskClient, open_phase: Phase, graph: Graph) -> None:
    response = submit(client, consent=False)
    assert response.status_code == 400
    assert error(response)["message"] == "we can only consider an application with your consent to process it"
    assert graph.query("MATCH (a:Application) RETURN count(a) AS n")[0]["n"] == 0


def test_each_answer_must_be_within_the_length_limits(client: FlaskClient, open_phase: Phase) -> None:
    response = submit(client, answers={"a": "Too short.", "b": "x" * 2501})
    assert response.status_code == 400
    answers = error(response)["fields"]["answers"]
    assert answers["a"] == ["write between 150 and 2500 characters"]
    assert answers["b"] == ["write between 150 and 2500 characters"]
    assert answers["c"] == ["Missing data for required field."]


def test_unknown_fields_and_bad_vocabulary_are_named(client: FlaskClient, open_phase: Phase) -> None:
    response = submit(client, route="friend_of_a_friend", region="Atlantis", role="wizard", shoe_size=9)
    assert response.status_code == 400
    assert {"route", "region", "role", "shoe_size"} <= set(error(response)["fields"])


def test_a_phase_admits_applications_only_between_its_dates(services: Services, now: Any) -> None:
    phase = services.membership.recruitment.define(phase_input(now, opens_at=now + timedelta(days=1),
                                                               closes_at=now + timedelta(days=2)), now)
    place = services.membership.recruitment.place
    with pytest.raises(Invalid):
        place("open", None, "London", now)
    assert place("open", None, "London", now + timedelta(days=1)).id == phase.id
    assert place("open", None, "London", now + timedelta(days=1, hours=23)).id == phase.id
    with pytest.raises(Invalid):
        place("open", None, "London", now + timedelta(days=2))


def test_submitting_after_the_phase_closed_is_refused(services: Services, open_phase: Phase) -> None:
    body = application_body()
    data = ApplicationInput(**{k: body[k] for k in body})
    with pytest.raises(Invalid, match="not open"):
        services.membership.applications.submit(data, open_phase.closes_at + timedelta(seconds=1))


def test_concurrent_double_submission_creates_one_application(app: Flask, open_phase: Phase,
                                                              graph: Graph) -> None:
    start = threading.Barrier(6)
    body = application_body(email="racer@example.org")

    def attempt(_: int) -> int:
        client = app.test_client()
        start.wait()
        return client.post("/api/v1/applications", json=body).status_code

    with ThreadPoolExecutor(max_workers=6) as pool:
        codes = list(pool.map(attempt, range(6)))
    assert sorted(codes) == [201, 409, 409, 409, 409, 409]
    rows = graph.query("MATCH (a:Application {email: 'racer@example.org'}) RETURN count(a) AS n")
    assert rows[0]["n"] == 1


def test_the_membership_constraints_exist(graph: Graph) -> None:
    rows = graph.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties "
                       "RETURN labelsOrTypes[0] AS label, properties")
    present = {(row["label"], tuple(row["properties"])) for row in rows}
    for expected in [("Application", ("active_email",)), ("Application", ("status_hash",)),
                     ("Application", ("id",)), ("Invitation", ("hash",)), ("Subscription", ("email",)),
                     ("RecruitmentPhase", ("id",)), ("Course", ("key",)), ("Mail", ("id",))]:
        assert expected in present, expected


def test_the_stored_application_keeps_every_answer(client: FlaskClient, open_phase: Phase,
                                                   graph: Graph) -> None:
    submit(client, email="answers@example.org")
    row = graph.query("MATCH (a:Application {email: 'answers@example.org'})-[:FOR_PHASE]->(p) "
                      "RETURN a.answer_a AS a, a.answer_b AS b, a.answer_c AS c, p.id AS phase")[0]
    assert (row["a"], row["b"], row["c"]) == (ANSWERS["a"], ANSWERS["b"], ANSWERS["c"])
    assert row["phase"] == open_phase.id


def test_the_membership_endpoints_are_documented_without_emails_in_public_shapes(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/api/v1/recruitment", "/api/v1/applications", "/api/v1/applications/status/{token}",
                 "/api/v1/updates/subscribe", "/api/v1/members/me/privacy", "/api/v1/members/me/export",
                 "/api/v1/auth/invitations/{token}"):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    for public in ("Status", "QueueItem", "ApplicationDetail", "PublicPhase", "Submitted"):
        assert "email" not in schemas[public]["properties"], public


def test_one_network_address_cannot_flood_the_application_queue(settings: Any, embedder: Any, graph: Graph,
                                                                open_phase: Phase) -> None:
    from qnet.web import create_app

    strict = create_app(settings.with_overrides(public_writes_per_hour=2), {"TESTING": True}, embedder=embedder)
    office, elsewhere = strict.test_client(), strict.test_client()
    first = office.post("/api/v1/applications", json=application_body(email="one@example.org"))
    second = office.post("/api/v1/applications", json=application_body(email="two@example.org"))
    third = office.post("/api/v1/applications", json=application_body(email="three@example.org"))
    assert [first.status_code, second.status_code, third.status_code] == [201, 201, 429]
    assert "try again later" in third.get_json()["error"]["message"]
    other = elsewhere.post("/api/v1/applications", json=application_body(email="four@example.org"),
                           environ_base={"REMOTE_ADDR": "10.1.2.3"})
    assert other.status_code == 201
    assert graph.query("MATCH (a:Application) RETURN count(a) AS n") == [{"n": 3}]
    sign_ups = [office.post("/api/v1/updates/subscribe", json={"email": f"u{i}@example.org", "interests": [],
                                                               "region": None}).status_code for i in range(3)]
    assert sign_ups == [202, 202, 429]
