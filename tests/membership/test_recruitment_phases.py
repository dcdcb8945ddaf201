"""Recruitment phases: coordinators define them; the public sees what is open now and for whom."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask.testing import FlaskClient

from qnet.core.records import Phase
from qnet.services import Services
from tests.conftest import Session, register
from tests.membership.factories import COURSE, NATIONAL_ORG, PARTNER, Mailbox, phase_input, submit


def phase_body(now: datetime, **overrides: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "name": "Pilot phase",
        "opens_at": (now - timedelta(days=1)).isoformat(),
        "closes_at": (now + timedelta(days=30)).isoformat(),
        "routes": ["patient_carer", "course_alumni", "national_organisation"],
        "courses": [COURSE],
        "organisations": [NATIONAL_ORG],
    }
    body.update(overrides)
    return body


def test_the_public_sees_what_is_open_now_and_for_whom(client: FlaskClient, coordinator: Session, now: Any) -> None:
    assert coordinator.post("/api/v1/recruitment/phases", json=phase_body(now)).status_code == 201
    later = phase_body(now, name="Regional phase", routes=["regional"], courses=[], organisations=[],
                       partners=[{"name": PARTNER, "region": "North East and Yorkshire"}],
                       opens_at=(now + timedelta(days=60)).isoformat(),
                       closes_at=(now + timedelta(days=90)).isoformat())
    assert coordinator.post("/api/v1/recruitment/phases", json=later).status_code == 201

    view = client.get("/api/v1/recruitment").get_json()
    [open_now] = view["open"]
    assert open_now["name"] == "Pilot phase"
    assert [r["route"] for r in open_now["routes"]] == ["patient_carer", "course_alumni", "national_organisation"]
    assert open_now["routes"][0]["description"] == (
        "people bringing a patient's or carer's perspective who work mostly at national level")
    assert open_now["courses"] == [COURSE]
    assert open_now["organisations"] == [NATIONAL_ORG]
    [upcoming] = view["upcoming"]
    assert upcoming["partners"] == [{"name": PARTNER, "region": "North East and Yorkshire"}]
    assert [c["key"] for c in view["criteria"]] == ["a", "b", "c"]
    assert view["answer_length"] == {"min": 150, "max": 2500}


def test_a_closed_phase_is_no_longer_shown(client: FlaskClient, services: Services, now: Any) -> None:
    services.membership.recruitment.define(phase_input(now, opens_at=now - timedelta(days=20),
                                                       closes_at=now - timedelta(days=1)), now)
    view = client.get("/api/v1/recruitment").get_json()
    assert (view["open"], view["upcoming"]) == ([], [])


def test_phase_opening_and_closing_follow_the_clock_given(services: Services, now: Any) -> None:
    recruitment = services.membership.recruitment
    recruitment.define(phase_input(now, opens_at=now + timedelta(hours=1), closes_at=now + timedelta(hours=2)), now)
    assert [len(recruitment.view(now).open), len(recruitment.view(now).upcoming)] == [0, 1]
    assert len(recruitment.view(now + timedelta(hours=1)).open) == 1
    assert recruitment.view(now + timedelta(hours=2)).open == []
    assert recruitment.view(now + timedelta(hours=2)).upcoming == []


def test_only_coordinators_define_phases(client: FlaskClient, now: Any) -> None:
    member = register(client)
    assert member.post("/api/v1/recruitment/phases", json=phase_body(now)).status_code == 403
    assert client.post("/api/v1/recruitment/phases", json=phase_body(now)).status_code == 401
    assert member.get("/api/v1/recruitment/phases").status_code == 403


def test_a_phase_must_close_after_it_opens_and_list_what_its_routes_need(coordinator: Session, now: Any) -> None:
    response = coordinator.post("/api/v1/recruitment/phases", json=phase_body(
        now, closes_at=(now - timedelta(days=2)).isoformat(), routes=["course_alumni", "national_organisation",
                                                                     "regional"],
        courses=[], organisations=[]))
    assert response.status_code == 400
    assert response.get_json()["error"]["fields"] == {
        "closes_at": ["must be after the opening date and time"],
        "courses": ["add at least one here for the route “Alumni of an improvement course”"],
        "organisations": ["add at least one here for the route “Staff of a national organisation”"],
        "partners": ["add at least one here for the route “In a partner region”"],
    }


def test_unknown_routes_and_regions_are_refused(coordinator: Session, now: Any) -> None:
    response = coordinator.post("/api/v1/recruitment/phases", json=phase_body(
        now, routes=["everyone"], partners=[{"name": "X", "region": "Atlantis"}], opens_at="soon"))
    assert response.status_code == 400
    assert {"routes", "partners", "opens_at"} <= set(response.get_json()["error"]["fields"])


def test_a_coordinator_replaces_a_phase_and_its_lists(client: FlaskClient, coordinator: Session, now: Any) -> None:
    created = coordinator.post("/api/v1/recruitment/phases", json=phase_body(now)).get_json()
    update = phase_body(now, courses=["Scottish Improvement Skills", "scottish improvement  skills"],
                        closes_at=(now + timedelta(days=45)).isoformat(), reviews_required=3)
    response = coordinator.put(f"/api/v1/recruitment/phases/{created['id']}", json=update)
    assert response.status_code == 200
    body = response.get_json()
    assert body["courses"] == ["Scottish Improvement Skills"]
    assert body["reviews_required"] == 3
    assert submit(client, route="course_alumni", route_evidence=COURSE).status_code == 400
    assert submit(client, route="course_alumni", route_evidence="Scottish Improvement Skills").status_code == 201
    assert coordinator.put("/api/v1/recruitment/phases/nope", json=update).status_code == 404


def test_a_phase_with_applications_cannot_be_deleted(client: FlaskClient, coordinator: Session,
                                                     open_phase: Phase, services: Services, now: Any) -> None:
    empty = services.membership.recruitment.define(phase_input(now, name="Empty"), now)
    assert coordinator.delete(f"/api/v1/recruitment/phases/{empty.id}").status_code == 204
    submit(client)
    response = coordinator.delete(f"/api/v1/recruitment/phases/{open_phase.id}")
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == "this phase has applications; change its closing date instead"


def test_announcing_a_phase_mails_confirmed_subscribers_once(client: FlaskClient, coordinator: Session,
                                                             services: Services, mailbox: Mailbox, now: Any) -> None:
    updates = services.membership.updates
    for email, region in (("north@example.org", "North East and Yorkshire"), ("south@example.org", "South West"),
                          ("anywhere@example.org", None)):
        updates.subscribe(email, [], region, now)
        updates.confirm(mailbox.link_token(email, "updates_confirm", "/updates/confirm/"), now)
    updates.subscribe("unconfirmed@example.org", [], None, now)
    regional = services.membership.recruitment.define(
        phase_input(now, name="Northern phase", routes=["regional"], courses=[], organisations=[]), now)

    response = coordinator.post(f"/api/v1/recruitment/phases/{regional.id}/announce")
    assert response.get_json() == {"mailed": 2}
    told = {m["To"] for m in mailbox.messages(kind="phase_open")}
    assert told == {"north@example.org", "anywhere@example.org"}
    assert "Northern phase" in mailbox.last("north@example.org", "phase_open").get_content()
    assert coordinator.post(f"/api/v1/recruitment/phases/{regional.id}/announce").status_code == 409
    # The unsubscribe link in the announcement works.
    token = mailbox.link_token("north@example.org", "phase_open", "/updates/unsubscribe/")
    assert client.post(f"/api/v1/updates/unsubscribe/{token}").status_code == 200
    assert updates.subscriptions.status_of("north@example.org") is None
