"""Review and decision: the coordinators' queue, scores per criterion, flags, decisions, invitations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qnet.core.errors import Conflict
from qnet.core.records import Phase
from qnet.graph.driver import Graph
from qnet.matching.tokens import Expired
from qnet.services import Services
from tests.conftest import Session, login, register
from tests.membership.factories import (
    COURSE,
    Mailbox,
    coordinator_session,
    phase_input,
    properties_containing,
    review_body,
    submit,
)

NEW_PASSWORD = "a-brand-new-password"


def applied(client: FlaskClient, **overrides: Any) -> str:
    response = submit(client, **overrides)
    assert response.status_code == 201, response.get_json()
    return str(response.get_json()["id"])


def reviewed(application_id: str, *reviewers: Session, scores: tuple[int, int, int] = (3, 3, 3)) -> None:
    for reviewer in reviewers:
        response = reviewer.put(f"/api/v1/applications/{application_id}/review", json=review_body(*scores))
        assert response.status_code == 200, response.get_json()


def decide(session: Session, application_id: str, decision: str, message: str = "Thank you.") -> Any:
    return session.post(f"/api/v1/applications/{application_id}/decision",
                        json={"decision": decision, "message": message})


def names(session: Session, query: str) -> list[str]:
    response = session.get(f"/api/v1/applications?{query}")
    assert response.status_code == 200, response.get_json()
    return [a["name"] for a in response.get_json()["applications"]]


def test_the_queue_filters_by_phase_route_region_and_status(client: FlaskClient, services: Services, now: Any,
                                                            open_phase: Phase, coordinator: Session,
                                                            second_coordinator: Session) -> None:
    later = services.membership.recruitment.define(phase_input(now, name="Wider phase", routes=["open"],
                                                               courses=[], organisations=[], partners=[],
                                                               closes_at=now + timedelta(days=60)), now)
    applied(client, name="Ann Open", route="open", region="London")
    reviewed(applied(client, name="Ben Course", route="course_alumni", route_evidence=COURSE, region="Wales"),
             coordinator)
    applied(client, name="Cat Regional", route="regional", region="North East and Yorkshire")

    assert names(coordinator, "") == ["Ann Open", "Ben Course", "Cat Regional"]
    assert names(coordinator, "route=course_alumni") == ["Ben Course"]
    assert names(coordinator, "region=North%20East%20and%20Yorkshire") == ["Cat Regional"]
    assert names(coordinator, "status=under_review") == ["Ben Course"]
    assert names(coordinator, f"phase={later.id}") == []
    # Phases overlap: the open route goes to the phase that closes first.
    assert set(names(coordinator, f"phase={open_phase.id}")) == {"Ann Open", "Ben Course", "Cat Regional"}


def test_the_queue_pages_with_a_cursor_and_never_shows_emails(client: FlaskClient, open_phase: Phase,
                                                              coordinator: Session) -> None:
    for i in range(5):
        applied(client, name=f"Applicant {i}", email=f"paged{i}@example.org")
    seen: list[str] = []
    cursor = None
    while True:
        response = coordinator.get("/api/v1/applications?limit=2" + (f"&cursor={cursor}" if cursor else ""))
        assert "@example.org" not in response.get_data(as_text=True)
        body = response.get_json()
        seen.extend(a["name"] for a in body["applications"])
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert seen == [f"Applicant {i}" for i in range(5)]


def test_the_queue_and_reviews_are_for_coordinators_only(client: FlaskClient, open_phase: Phase) -> None:
    application_id = applied(client)
    member = register(client)
    assert member.get("/api/v1/applications").status_code == 403
    assert client.get("/api/v1/applications").status_code == 401
    assert member.put(f"/api/v1/applications/{application_id}/review", json=review_body()).status_code == 403
    assert decide(member, application_id, "accepted").status_code == 403


def test_a_reviewer_scores_each_criterion_and_a_second_review_replaces_the_first(
        client: FlaskClient, open_phase: Phase, coordinator: Session) -> None:
    application_id = applied(client)
    reviewed(application_id, coordinator, scores=(2, 2, 2))
    response = coordinator.put(f"/api/v1/applications/{application_id}/review",
                               json=review_body(4, 3, 1, note="Strong on collaboration"))
    detail = response.get_json()
    assert detail["status"] == "under_review"
    assert detail["review_count"] == 1
    [review] = detail["reviews"]
    assert review["scores"] == {"a": 4, "b": 3, "c": 1}
    assert review["notes"] == {"a": "Strong on collaboration", "b": "Strong on collaboration",
                               "c": "Strong on collaboration"}
    assert review["reviewer_name"] == "Casey Coordinator"


def test_scores_must_be_whole_numbers_from_1_to_4_for_every_criterion(client: FlaskClient, open_phase: Phase,
                                                                      coordinator: Session) -> None:
    application_id = applied(client)
    bad = {"a": {"score": 5}, "b": {"score": 0}, "c": {"score": "3"}}
    response = coordinator.put(f"/api/v1/applications/{application_id}/review", json=bad)
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"a", "b", "c"}
    missing = coordinator.put(f"/api/v1/applications/{application_id}/review", json={"a": {"score": 3}})
    assert set(missing.get_json()["error"]["fields"]) == {"b", "c"}


def test_reviewers_who_disagree_are_flagged(client: FlaskClient, open_phase: Phase, coordinator: Session,
                                            second_coordinator: Session) -> None:
    application_id = applied(client)
    coordinator.put(f"/api/v1/applications/{application_id}/review", json=review_body(4, 3, 3))
    second_coordinator.put(f"/api/v1/applications/{application_id}/review", json=review_body(1, 3, 2))
    [item] = coordinator.get("/api/v1/applications").get_json()["applications"]
    assert item["flags"] == ["reviewers disagree on (a) commitment to collaborative improvement: scores 4, 1"]


def test_a_reviewer_from_the_applicants_organisation_is_flagged(app: Flask, client: FlaskClient,
                                                                services: Services, open_phase: Phase) -> None:
    colleague = coordinator_session(app, services, name="Colleague Reviewer",
                                    organisation="Riverside  Community Health NHS Trust")
    application_id = applied(client)
    detail = colleague.put(f"/api/v1/applications/{application_id}/review", json=review_body()).get_json()
    assert detail["reviews"][0]["conflict_of_interest"] is True
    assert detail["flags"] == ["conflict of interest: Colleague Reviewer works at the applicant's organisation"]


def test_a_decision_waits_for_two_reviews(client: FlaskClient, open_phase: Phase, coordinator: Session,
                                          second_coordinator: Session) -> None:
    application_id = applied(client)
    response = decide(coordinator, application_id, "accepted")
    assert response.status_code == 409
    assert response.get_json()["error"]["message"] == (
        "this application has 0 of the 2 reviews it needs before a decision")
    reviewed(application_id, coordinator)
    assert "1 of the 2" in decide(coordinator, application_id, "declined").get_json()["error"]["message"]
    reviewed(application_id, second_coordinator)
    assert decide(coordinator, application_id, "declined").status_code == 200


def test_declining_mails_the_message_and_lets_the_email_apply_again(
        client: FlaskClient, open_phase: Phase, coordinator: Session, second_coordinator: Session,
        mailbox: Mailbox) -> None:
    application_id = applied(client, email="declined@example.org")
    reviewed(application_id, coordinator, second_coordinator)
    response = decide(coordinator, application_id, "declined", "Your answers did not yet show (b).")
    assert response.get_json()["status"] == "declined"
    mail = mailbox.last("declined@example.org", "decision").get_content()
    assert "cannot offer you membership this time" in mail
    assert "Your answers did not yet show (b)." in mail
    token = mailbox.link_token("declined@example.org", "application_received", "/join/status/")
    status = client.get(f"/api/v1/applications/status/{token}").get_json()
    assert (status["status"], status["decision_message"]) == ("declined", "Your answers did not yet show (b).")
    assert submit(client, email="declined@example.org").status_code == 201


def test_a_waitlisted_application_stays_in_progress_until_decided(
        client: FlaskClient, open_phase: Phase, coordinator: Session, second_coordinator: Session) -> None:
    application_id = applied(client, email="waiting@example.org")
    reviewed(application_id, coordinator, second_coordinator)
    assert decide(coordinator, application_id, "waitlisted").get_json()["status"] == "waitlisted"
    assert submit(client, email="waiting@example.org").status_code == 409
    assert decide(coordinator, application_id, "accepted").get_json()["status"] == "accepted"


def test_a_decided_application_cannot_be_decided_or_reviewed_again(
        client: FlaskClient, open_phase: Phase, coordinator: Session, second_coordinator: Session) -> None:
    application_id = applied(client)
    reviewed(application_id, coordinator, second_coordinator)
    decide(coordinator, application_id, "declined")
    again = decide(second_coordinator, application_id, "accepted")
    assert again.status_code == 409
    assert again.get_json()["error"]["message"] == "this application has already been declined"
    late = coordinator.put(f"/api/v1/applications/{application_id}/review", json=review_body())
    assert late.get_json()["error"]["message"] == "this application has been declined; reviews are closed"


def test_acceptance_creates_the_member_from_the_application_and_an_invitation(
        app: Flask, client: FlaskClient, open_phase: Phase, coordinator: Session, second_coordinator: Session,
        mailbox: Mailbox, graph: Graph) -> None:
    application_id = applied(client, email="welcome@example.org", name="Wendy Welcome", role="midwife",
                             region="Wales", organisation="Valleys Maternity Unit")
    reviewed(application_id, coordinator, second_coordinator)
    detail = decide(coordinator, application_id, "accepted", "Welcome to the community!").get_json()
    assert detail["status"] == "accepted"
    member = graph.query("MATCH (m:Member {email: 'welcome@example.org'}) "
                         "RETURN m.id AS id, m.name AS name, m.role AS role, m.region AS region, "
                         "m.organisation AS organisation, m.password_hash AS password")[0]
    assert member == {"id": detail["member_id"], "name": "Wendy Welcome", "role": "midwife", "region": "Wales",
                      "organisation": "Valleys Maternity Unit", "password": None}
    assert "Welcome to the community!" in mailbox.last("welcome@example.org", "decision").get_content()

    # Until the invitation is used nobody can sign in as the new member.
    refused = app.test_client().post("/api/v1/auth/login",
                                     json={"email": "welcome@example.org", "password": NEW_PASSWORD})
    assert refused.status_code == 401
    token = mailbox.link_token("welcome@example.org", "invitation", "/invitation/")
    new_client = app.test_client()
    accepted = new_client.post(f"/api/v1/auth/invitations/{token}", json={"password": NEW_PASSWORD})
    assert accepted.status_code == 200, accepted.get_json()
    assert accepted.get_json()["member"]["name"] == "Wendy Welcome"
    assert new_client.get("/api/v1/members/me").status_code == 200
    login(app.test_client(), "welcome@example.org", NEW_PASSWORD)
    assert properties_containing(graph, token) == []


def test_an_invitation_works_once(app: Flask, client: FlaskClient, open_phase: Phase, coordinator: Session,
                                  second_coordinator: Session, mailbox: Mailbox) -> None:
    application_id = applied(client, email="once@example.org")
    reviewed(application_id, coordinator, second_coordinator)
    decide(coordinator, application_id, "accepted")
    token = mailbox.link_token("once@example.org", "invitation", "/invitation/")
    assert client.post(f"/api/v1/auth/invitations/{token}", json={"password": NEW_PASSWORD}).status_code == 200
    reuse = app.test_client().post(f"/api/v1/auth/invitations/{token}", json={"password": "attacker-password"})
    assert reuse.status_code == 409
    assert reuse.get_json()["error"]["message"] == (
        "this invitation has already been used; sign in with your email and password")
    login(app.test_client(), "once@example.org", NEW_PASSWORD)
    unknown = app.test_client().post("/api/v1/auth/invitations/made-up-token", json={"password": NEW_PASSWORD})
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["message"] == "this invitation link is not valid; check it was copied whole"


def test_an_invitation_expires(services: Services, client: FlaskClient, open_phase: Phase, coordinator: Session,
                               second_coordinator: Session, mailbox: Mailbox, now: Any) -> None:
    application_id = applied(client, email="late@example.org")
    reviewed(application_id, coordinator, second_coordinator)
    decide(coordinator, application_id, "accepted")
    token = mailbox.link_token("late@example.org", "invitation", "/invitation/")
    ttl = timedelta(hours=services.settings.invitation_ttl_hours)
    with pytest.raises(Expired, match="this invitation has expired; ask a coordinator to send you a new one"):
        services.membership.decisions.accept_invitation(token, NEW_PASSWORD, now + ttl + timedelta(minutes=1))
    # Still usable just before it expires.
    services.membership.decisions.accept_invitation(token, NEW_PASSWORD, now + ttl - timedelta(minutes=1))


def test_an_expired_invitation_answers_410_over_the_api(app: Flask, services: Services, client: FlaskClient,
                                                        open_phase: Phase, coordinator: Session,
                                                        second_coordinator: Session, mailbox: Mailbox) -> None:
    application_id = applied(client, email="expired@example.org")
    reviewed(application_id, coordinator, second_coordinator)
    decision = services.membership.decisions
    member = services.profiles.find_by_email(coordinator.member["email"])
    assert member is not None
    long_ago = open_phase.opens_at - timedelta(days=30)
    decision.decide(application_id, member, "accepted", "Welcome", long_ago)
    token = mailbox.link_token("expired@example.org", "invitation", "/invitation/")
    response = client.post(f"/api/v1/auth/invitations/{token}", json={"password": NEW_PASSWORD})
    assert response.status_code == 410
    assert response.get_json()["error"]["code"] == "expired"


def test_a_reissued_invitation_replaces_the_old_one(client: FlaskClient, open_phase: Phase, coordinator: Session,
                                                    second_coordinator: Session, mailbox: Mailbox) -> None:
    application_id = applied(client, email="again@example.org")
    reviewed(application_id, coordinator, second_coordinator)
    decide(coordinator, application_id, "accepted")
    first = mailbox.link_token("again@example.org", "invitation", "/invitation/")
    assert coordinator.post(f"/api/v1/applications/{application_id}/invitation").status_code == 202
    second = mailbox.link_token("again@example.org", "invitation", "/invitation/")
    assert first != second
    assert client.post(f"/api/v1/auth/invitations/{first}", json={"password": NEW_PASSWORD}).status_code == 404
    assert client.post(f"/api/v1/auth/invitations/{second}", json={"password": NEW_PASSWORD}).status_code == 200
    done = coordinator.post(f"/api/v1/applications/{application_id}/invitation")
    assert done.status_code == 409
    assert done.get_json()["error"]["message"] == "this member has already set a password"


def test_two_coordinators_accepting_at_once_create_one_member(services: Services, client: FlaskClient,
                                                              open_phase: Phase, coordinator: Session,
                                                              second_coordinator: Session, graph: Graph,
                                                              now: Any) -> None:
    application_id = applied(client, email="popular@example.org")
    reviewed(application_id, coordinator, second_coordinator)
    decisions = services.membership.decisions
    first = services.profiles.find_by_email(coordinator.member["email"])
    second = services.profiles.find_by_email(second_coordinator.member["email"])
    assert first is not None and second is not None
    decisions.decide(application_id, first, "accepted", "Welcome", now)
    with pytest.raises(Conflict):
        decisions.decide(application_id, second, "accepted", "Welcome too", now)
    assert graph.query("MATCH (m:Member {email: 'popular@example.org'}) RETURN count(m) AS n")[0]["n"] == 1
