"""The pages over HTTP (no browser): sign-in redirects, CSRF, the API's validation beside each field,
refusals as messages, roles, and no email on any public page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qnet.core.filters import IdeaFilters
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.matching.membership.applications import ApplicationInput
from qnet.services import Services
from tests.conftest import TEST_PASSWORD, make_member
from tests.membership.factories import ANSWERS, Mailbox, phase_input
from tests.pages.helpers import csrf_of, field_error, signed_in


def test_pages_send_visitors_to_sign_in_while_the_api_still_answers_401_json(client: FlaskClient) -> None:
    response = client.get("/ideas?sort=trending")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/ideas?sort%3Dtrending"
    api = client.get("/api/v1/ideas")
    assert api.status_code == 401 and api.get_json()["error"]["code"] == "unauthorised"


def test_signing_in_returns_to_the_page_asked_for_but_never_to_another_site(app: Flask, services: Services) -> None:
    me = make_member(services)
    client = app.test_client()
    token = csrf_of(client)
    response = client.post("/sign-in", data={"csrf_token": token, "email": me.email, "password": TEST_PASSWORD,
                                              "next": "/ideas?sort=trending"})
    assert response.headers["Location"] == "/ideas?sort=trending"
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        other = app.test_client()
        response = other.post("/sign-in", data={"csrf_token": csrf_of(other), "email": me.email,
                                                "password": TEST_PASSWORD, "next": target})
        assert response.headers["Location"] == "/", target


def test_a_form_without_the_csrf_token_is_refused(app: Flask, services: Services) -> None:
    me = make_member(services)
    client, _ = signed_in(app, me.email)
    response = client.post("/profile/privacy", data={"searchable": "on"})
    assert response.status_code == 403
    assert "This form has expired" in response.get_data(as_text=True)
    assert services.profiles.get(me.id).suggestable is True  # nothing changed


@pytest.mark.usefixtures("open_signup")
def test_sign_up_mistakes_show_beside_their_fields_and_keep_what_was_typed(app: Flask, services: Services) -> None:
    client = app.test_client()
    response = client.post("/sign-up", data={"csrf_token": csrf_of(client, "/sign-up"), "name": "Rhys Evans",
                                             "email": "not-an-email", "password": "short-secret",
                                             "role": "astronaut", "region": "Wales"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter an email address like name@example.org" in field_error(html, "email")
    assert "Choose your role" in field_error(html, "role")
    assert 'value="Rhys Evans"' in html and 'value="not-an-email"' in html
    assert "short-secret" not in html  # a password is never sent back
    assert services.profiles.find_by_email("not-an-email") is None


@pytest.mark.usefixtures("open_signup")
def test_registering_an_email_twice_says_so_beside_the_email(app: Flask, services: Services) -> None:
    me = make_member(services)
    client = app.test_client()
    response = client.post("/sign-up", data={"csrf_token": csrf_of(client, "/sign-up"), "name": "Twice",
                                             "email": me.email, "password": "long-enough-pass", "role": "nurse",
                                             "region": "Wales"})
    assert response.status_code == 400
    assert "Already registered" in field_error(response.get_data(as_text=True), "email")


def test_profile_skill_levels_are_checked_by_the_api_schema_row_by_row(app: Flask, services: Services) -> None:
    me = make_member(services)
    client, token = signed_in(app, me.email)
    form = {"csrf_token": token, "name": "Amira Hassan", "role": "data analyst", "region": "North West",
            "bio": "", "interests": "sepsis, flow", "skills-0-name": "SPC", "skills-0-level": "3",
            "skills-1-name": "", "skills-1-level": "", "skills-2-name": "Lean", "skills-2-level": "7"}
    response = client.post("/profile", data=form)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Choose a level from 1 to 3" in field_error(html, "skills-1-level")
    assert 'value="Lean"' in html  # the blank row is dropped, so Lean is now the second row
    form["skills-2-level"] = "1"
    assert client.post("/profile", data=form).status_code == 302
    skills = {s.name: s.level for s in services.profiles.get(me.id).skills}
    assert skills == {"Statistical process control": 3, "Lean": 1}


def test_the_public_profile_page_never_shows_an_email(app: Flask, services: Services) -> None:
    other = make_member(services, email="very.private@example.org", name="Pat Private")
    me = make_member(services)
    client, _ = signed_in(app, me.email)
    html = client.get(f"/members/{other.id}").get_data(as_text=True)
    assert "Pat Private" in html and "very.private@example.org" not in html


def test_without_javascript_the_check_button_shows_similar_ideas_before_posting(
        app: Flask, services: Services) -> None:
    author = make_member(services)
    services.knowledge.ideas.create(author, IdeaInput(
        title="Text message reminders for outpatient clinics",
        summary="Send patients an SMS before their appointment so fewer clinic slots are wasted.", topics=()))
    me = make_member(services)
    client, token = signed_in(app, me.email)
    response = client.post("/ideas/new", data={"csrf_token": token, "action": "check",
                                               "title": "SMS appointment reminders",
                                               "summary": "Remind outpatients by text before they are due."})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Text message reminders for outpatient clinics" in html
    assert 'value="SMS appointment reminders"' in html  # nothing posted yet, the draft is kept
    assert services.knowledge.ideas.browse(me, IdeaFilters(author=me.id), "newest", 10, None).items == []


def test_a_vote_over_the_limit_comes_back_as_a_message_on_the_round_page(app: Flask, services: Services) -> None:
    now = datetime.now(UTC)
    coordinator = make_member(services, account_role="coordinator")
    knowledge = services.knowledge
    round_ = knowledge.rounds.open_round(coordinator, "Small round", "", 1, {
        "ideas_open_at": now - timedelta(days=3), "shortlisting_at": now - timedelta(days=2),
        "voting_at": now - timedelta(hours=1), "results_at": now + timedelta(days=1)}, now=now - timedelta(days=4))
    ideas = []
    for title in ("First idea to fund", "Second idea to fund"):
        idea = knowledge.ideas.create(coordinator, IdeaInput(title=title, summary=f"{title}, in more words.", topics=()))
        knowledge.rounds.enter(coordinator, round_.id, idea.id, now=now - timedelta(days=2, hours=12))
        knowledge.ideas.change_status(coordinator, idea.id, "shortlisted")
        ideas.append(idea)
    me = make_member(services)
    client, token = signed_in(app, me.email)
    assert client.post(f"/rounds/{round_.id}/votes", data={"csrf_token": token, "idea_id": ideas[0].id}).status_code == 302
    response = client.post(f"/rounds/{round_.id}/votes", data={"csrf_token": token, "idea_id": ideas[1].id},
                           headers={"Referer": f"http://localhost/rounds/{round_.id}"}, follow_redirects=True)
    assert response.status_code == 200
    assert "You have used all 1 of your votes in this round" in response.get_data(as_text=True)
    assert knowledge.rounds.view(me, round_.id).my_votes == [ideas[0].id]


def test_members_cannot_open_the_coordinator_area(app: Flask, services: Services) -> None:
    me = make_member(services)
    client, _ = signed_in(app, me.email)
    for path in ("/coordinator/applications", "/coordinator/moderation", "/coordinator"):
        response = client.get(path)
        assert response.status_code == 403 and "Not allowed" in response.get_data(as_text=True)


def test_the_cluster_map_sends_a_signed_out_visitor_to_sign_in(client: FlaskClient) -> None:
    response = client.get("/coordinator")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/coordinator"


def test_public_pages_are_open_to_visitors(client: FlaskClient) -> None:
    for path, text in (("/", "people improving health and care"), ("/about/criteria", "Commitment to collaborative"),
                       ("/join", "Recruitment"), ("/join/apply", "Apply to join"), ("/updates", "Register for updates"),
                       ("/comments-policy", "Comments policy")):
        response = client.get(path)
        assert response.status_code == 200 and text in response.get_data(as_text=True), path


def test_applying_through_the_page_uses_the_api_rules(app: Flask, client: FlaskClient) -> None:
    token = csrf_of(client, "/join/apply")
    response = client.post("/join/apply", data={"csrf_token": token, "name": "Priya Sharma",
                                                "email": "priya@example.org", "region": "Midlands", "role": "nurse",
                                                "route": "open", "answers-a": "too short", "answers-b": "",
                                                "answers-c": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your answer to criterion (a) must be at least 150 characters" in field_error(html, "answers-a")
    assert "too short" in html  # kept


def test_an_accepted_applicant_sets_their_password_on_the_invitation_page(app: Flask, services: Services) -> None:
    now = datetime.now(UTC)
    membership = services.membership
    mailbox = Mailbox(membership.mail.mail_dir)
    membership.recruitment.define(phase_input(now, reviews_required=1), now)
    application_id = membership.applications.submit(ApplicationInput(
        name="Wen Li", email="wen.li@example.org", organisation=None, region="London", role="nurse", route="open",
        route_evidence=None, answers=dict(ANSWERS), consent=True), now)
    coordinator = make_member(services, account_role="coordinator")
    membership.decisions.review(application_id, coordinator, {"a": 3, "b": 3, "c": 3}, {}, now)
    membership.decisions.decide(application_id, coordinator, "accepted", "Welcome!", now)
    token = mailbox.link_token("wen.li@example.org", "invitation", "/invitation/")

    client = app.test_client()
    assert "Set your password" in client.get(f"/invitation/{token}").get_data(as_text=True)
    mismatch = client.post(f"/invitation/{token}", data={"csrf_token": csrf_of(client, f"/invitation/{token}"),
                                                         "password": "a-good-password", "confirm": "another-one"})
    assert "Enter the same password in both boxes" in field_error(mismatch.get_data(as_text=True), "confirm")
    done = client.post(f"/invitation/{token}", data={"csrf_token": csrf_of(client, f"/invitation/{token}"),
                                                     "password": "a-good-password", "confirm": "a-good-password"})
    assert done.status_code == 302 and done.headers["Location"] == "/profile"
    assert "Wen Li" in client.get("/profile").get_data(as_text=True)  # signed in as the new member
    again = app.test_client()
    used = again.post(f"/invitation/{token}", data={"csrf_token": csrf_of(again, f"/invitation/{token}"),
                                                    "password": "a-good-password", "confirm": "a-good-password"})
    assert "already been used" in used.get_data(as_text=True)


def test_the_people_search_page_starts_empty_and_explains_each_result(app: Flask, services: Services) -> None:
    make_member(services, name="Sam Patel", bio="I build SPC charts for sepsis screening in the emergency department.",
                skills=[{"name": "SPC", "level": 3}])
    me = make_member(services, name="Searcher")
    client, _ = signed_in(app, me.email)
    empty = client.get("/people").get_data(as_text=True)
    assert "There is a problem" not in empty and "Closest matches" not in empty
    html = client.get("/people?q=SPC+charts+for+sepsis&region=").get_data(as_text=True)
    assert "Sam Patel" in html and "Statistical process control (expert)" in html
    refused = client.get("/people?q=sepsis&region=Atlantis")
    assert refused.status_code == 400 and "Choose a region" in field_error(refused.get_data(as_text=True), "region")
