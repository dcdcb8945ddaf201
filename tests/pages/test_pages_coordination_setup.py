"""Coordinators set up recruitment phases and open idea rounds through the pages (times typed in UK
time); members cannot open those pages; mistakes come back beside their fields."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Flask
from werkzeug.datastructures import MultiDict

from qnet.services import Services
from tests.conftest import make_member
from tests.pages.helpers import field_error, signed_in


def phase_form(token: str, **overrides: object) -> MultiDict[str, object]:
    form: dict[str, object] = {
        "csrf_token": token, "name": "Summer 2030 recruitment", "opens_at": "2030-06-01T09:00",
        "closes_at": "2030-07-01T17:00", "routes": ["open", "course_alumni", "regional"],
        "courses": "Improvement Fellows, cohort 3\nScottish Improvement Skills", "organisations": "",
        "partners-0-name": "Northern Improvement Network", "partners-0-region": "North East and Yorkshire",
        "partners-1-name": "", "partners-1-region": "", "reviews_required": "3"}
    form.update(overrides)
    return MultiDict([(k, v) for k, value in form.items() for v in (value if isinstance(value, list) else [value])])


def round_form(token: str, **overrides: str) -> dict[str, str]:
    form = {"csrf_token": token, "name": "Winter pressures round", "description": "Ideas that ease winter.",
            "votes_per_member": "2", "ideas_open_at": "2030-01-06T09:00", "shortlisting_at": "2030-02-03T09:00",
            "voting_at": "2030-02-17T09:00", "results_at": "2030-03-03T09:00"}
    form.update(overrides)
    return form


def test_a_coordinator_sets_up_a_recruitment_phase_in_uk_time(app: Flask, services: Services) -> None:
    coordinator = make_member(services, account_role="coordinator")
    client, token = signed_in(app, coordinator.email)
    assert 'href="/coordinator/recruitment"' in client.get("/coordinator/applications").get_data(as_text=True)
    response = client.post("/coordinator/recruitment/new", data=phase_form(token))
    assert response.status_code == 302 and response.headers["Location"] == "/coordinator/recruitment"
    [phase] = services.membership.recruitment.phases.all()
    assert phase.opens_at == datetime(2030, 6, 1, 8, 0, tzinfo=UTC)  # 09:00 British Summer Time
    assert phase.routes == ["course_alumni", "regional", "open"] and phase.reviews_required == 3
    assert sorted(c.name for c in phase.courses) == ["Improvement Fellows, cohort 3", "Scottish Improvement Skills"]
    assert [(p.name, p.region) for p in phase.partners] == [("Northern Improvement Network", "North East and Yorkshire")]
    listed = client.get("/coordinator/recruitment").get_data(as_text=True)
    assert "Summer 2030 recruitment" in listed and "Saturday 1 June 2030, 09:00" in listed

    edit = client.get(f"/coordinator/recruitment/{phase.id}").get_data(as_text=True)
    assert 'value="2030-07-01T17:00"' in edit and 'value="Northern Improvement Network"' in edit
    extended = client.post(f"/coordinator/recruitment/{phase.id}", data=phase_form(token, closes_at="2030-07-15T17:00"))
    assert extended.status_code == 302
    assert services.membership.recruitment.phases.get(phase.id).closes_at == datetime(2030, 7, 15, 16, 0, tzinfo=UTC)


def test_the_phase_form_shows_the_schema_and_service_messages_beside_their_fields(
        app: Flask, services: Services) -> None:
    coordinator = make_member(services, account_role="coordinator")
    client, token = signed_in(app, coordinator.email)
    bad = client.post("/coordinator/recruitment/new", data=phase_form(
        token, opens_at="", reviews_required="9", routes=[], **{"partners-0-region": "Atlantis"}))
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "There is a problem" in html
    assert "Enter when the phase opens" in field_error(html, "opens_at")
    assert "whole number from 1 to 5" in field_error(html, "reviews_required")
    assert "Choose the partner" in field_error(html, "partners-0-region")
    assert 'id="f-routes-error"' in html and 'value="Summer 2030 recruitment"' in html
    incomplete = client.post("/coordinator/recruitment/new", data=phase_form(
        token, closes_at="2030-05-01T09:00", courses="", routes=["course_alumni"]))
    html = incomplete.get_data(as_text=True)
    assert incomplete.status_code == 400
    assert "Must be after the opening date and time" in field_error(html, "closes_at")
    assert "Add at least one here for the route “Alumni of an improvement course”" in field_error(html, "courses")
    assert 'value="2030-05-01T09:00"' in html  # what was typed is kept
    assert services.membership.recruitment.phases.all() == []


def test_a_coordinator_opens_an_idea_round_that_members_then_see(app: Flask, services: Services) -> None:
    coordinator = make_member(services, account_role="coordinator")
    client, token = signed_in(app, coordinator.email)
    assert 'href="/coordinator/rounds/new"' in client.get("/rounds").get_data(as_text=True)
    response = client.post("/coordinator/rounds/new", data=round_form(token))
    assert response.status_code == 302
    [view] = services.knowledge.rounds.all(coordinator)
    assert response.headers["Location"] == f"/rounds/{view.round.id}"
    assert view.round.votes_per_member == 2 and view.round.ideas_open_at.startswith("2030-01-06T09:00")
    member = make_member(services)
    member_client, _ = signed_in(app, member.email)
    listed = member_client.get("/rounds").get_data(as_text=True)
    assert "Winter pressures round" in listed and "/coordinator/rounds/new" not in listed


def test_round_phases_out_of_order_come_back_beside_the_fields(app: Flask, services: Services) -> None:
    coordinator = make_member(services, account_role="coordinator")
    client, token = signed_in(app, coordinator.email)
    response = client.post("/coordinator/rounds/new", data=round_form(token, voting_at="2030-01-01T09:00",
                                                                      votes_per_member="many"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Enter how many votes each member has as a whole number" in field_error(html, "votes_per_member")
    response = client.post("/coordinator/rounds/new", data=round_form(token, voting_at="2030-01-01T09:00"))
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "Each phase must start after the one before" in html
    assert "Phases must be in order" in field_error(html, "voting_at")
    assert 'value="2030-01-01T09:00"' in html
    assert services.knowledge.rounds.all(coordinator) == []


def test_members_cannot_open_the_setup_pages_or_send_their_forms(app: Flask, services: Services) -> None:
    member = make_member(services)
    client, token = signed_in(app, member.email)
    for path in ("/coordinator/recruitment", "/coordinator/recruitment/new", "/coordinator/rounds/new"):
        response = client.get(path)
        assert response.status_code == 403 and "Not allowed" in response.get_data(as_text=True), path
    assert client.post("/coordinator/rounds/new", data=round_form(token)).status_code == 403
    assert client.post("/coordinator/recruitment/new", data=phase_form(token)).status_code == 403
    assert services.knowledge.rounds.all(member) == [] and services.membership.recruitment.phases.all() == []
