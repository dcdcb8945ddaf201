"""What used to be dead ends and internal words, through the pages (Flask client, real Neo4j, real mail
files): announcing a phase to the updates list, who may answer a request to join, shortlisting only
while a round shortlists, labels instead of codes, the number of reviewers in the acknowledgement."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import Flask

from qnet.matching.knowledge.ideas import IdeaInput
from qnet.matching.knowledge.projects import ProjectInput
from qnet.matching.membership.applications import ApplicationInput
from qnet.matching.membership.recruitment import PhaseInput
from qnet.services import Services
from tests.browser.community import ANSWERS
from tests.conftest import make_member
from tests.membership.factories import Mailbox
from tests.pages.helpers import csrf_of, signed_in


def phase(services: Services, name: str, opens: timedelta, reviews_required: int = 2) -> str:
    now = datetime.now(UTC)
    return services.membership.recruitment.define(PhaseInput(
        name=name, opens_at=now + opens, closes_at=now + opens + timedelta(days=30), routes=["open"], courses=[],
        organisations=[], partners=[], reviews_required=reviews_required), now).id


def flashed(client: object, path: str) -> str:
    return client.get(path).get_data(as_text=True)  # type: ignore[attr-defined,no-any-return]


def test_a_coordinator_announces_an_open_phase_from_its_page_and_the_updates_list_is_emailed_once(
        app: Flask, services: Services) -> None:
    mailbox = Mailbox(services.membership.mail.mail_dir)
    updates, now = services.membership.updates, datetime.now(UTC)
    updates.subscribe("hopeful@example.org", ["sepsis"], None, now)
    updates.confirm(mailbox.link_token("hopeful@example.org", "updates_confirm", "/updates/confirm/"), now)
    open_id = phase(services, "Winter 2026 recruitment", -timedelta(days=1))
    later_id = phase(services, "Spring 2027 recruitment", timedelta(days=60))
    client, token = signed_in(app, make_member(services, account_role="coordinator").email)

    listed = flashed(client, "/coordinator/recruitment")
    assert f'action="/coordinator/recruitment/{open_id}/announce"' in listed
    assert f'action="/coordinator/recruitment/{later_id}/announce"' not in listed and "announce it once it opens" in listed
    response = client.post(f"/coordinator/recruitment/{open_id}/announce", data={"csrf_token": token})
    assert response.status_code == 302
    after = flashed(client, "/coordinator/recruitment")
    assert "we are emailing 1 person on the updates list" in after
    assert f'action="/coordinator/recruitment/{open_id}/announce"' not in after  # announced: the date shows instead
    mail = mailbox.last("hopeful@example.org", "phase_open").get_content()
    assert "Winter 2026 recruitment" in mail and "/join" in mail and "/api/" not in mail
    assert "/updates/unsubscribe/" in mail and "What happens next" in mail

    again = client.post(f"/coordinator/recruitment/{open_id}/announce", data={"csrf_token": token})
    assert again.status_code == 302 and "already been announced" in flashed(client, "/coordinator/recruitment")
    early = client.post(f"/coordinator/recruitment/{later_id}/announce", data={"csrf_token": token})
    assert early.status_code == 302 and "announce it once it is open" in flashed(client, "/coordinator/recruitment")
    assert len(mailbox.messages(kind="phase_open")) == 1


def test_only_the_projects_lead_answers_a_request_to_join(app: Flask, services: Services) -> None:
    lead = make_member(services, name="Lee Lead")
    project = services.knowledge.projects.create(lead, ProjectInput(
        title="Winter flow project", aim="Free ten beds a day on medical wards by February.", methods=("PDSA",)))
    asker = make_member(services, name="Ash Asker")
    request_id = services.knowledge.projects.request_to_join(asker, project.id, "I can help.")
    other, token = signed_in(app, make_member(services, name="Oli Other").email)
    refused = other.post(f"/projects/{project.id}/requests/{request_id}", data={"csrf_token": token,
                                                                             "decision": "approve"})
    assert refused.status_code == 403
    assert "Requests to join" not in flashed(other, f"/projects/{project.id}")
    lead_client, lead_token = signed_in(app, lead.email)
    declined = lead_client.post(f"/projects/{project.id}/requests/{request_id}",
                                data={"csrf_token": lead_token, "decision": "decline"})
    assert declined.status_code == 302
    assert "The request to join is declined." in flashed(lead_client, f"/projects/{project.id}")
    assert [t.id for t in services.knowledge.projects.get(project.id).team] == [lead.id]


def test_ideas_are_shortlisted_only_while_the_round_shortlists(app: Flask, services: Services) -> None:
    now = datetime.now(UTC)
    coordinator = make_member(services, account_role="coordinator")
    rounds = services.knowledge.rounds
    round_ = rounds.open_round(coordinator, "Winter pressures round", "", 2, {
        "ideas_open_at": now - timedelta(days=1), "shortlisting_at": now + timedelta(days=1),
        "voting_at": now + timedelta(days=2), "results_at": now + timedelta(days=3)})
    author = make_member(services)
    idea = services.knowledge.ideas.create(author, IdeaInput(title="Virtual ward for frail patients",
                                                             summary="A virtual ward for frail patients this winter.",
                                                             topics=("winter",)))
    rounds.enter(author, round_.id, idea.id)
    client, token = signed_in(app, coordinator.email)
    early = client.post(f"/rounds/{round_.id}/shortlist", data={"csrf_token": token, "idea_id": idea.id})
    assert early.status_code == 302
    assert "only during the shortlisting phase" in flashed(client, f"/rounds/{round_.id}")
    client.post(f"/rounds/{round_.id}/next-phase", data={"csrf_token": token})
    assert rounds.view(coordinator, round_.id).phase == "shortlisting"
    client.post(f"/rounds/{round_.id}/shortlist", data={"csrf_token": token, "idea_id": idea.id})
    assert services.knowledge.ideas.get(idea.id, coordinator).status == "shortlisted"
    member_client, member_token = signed_in(app, author.email)
    refused = member_client.post(f"/rounds/{round_.id}/next-phase", data={"csrf_token": member_token})
    assert refused.status_code == 403 and rounds.view(coordinator, round_.id).phase == "shortlisting"


def test_lists_show_words_not_codes_and_roles_keep_their_capitals(app: Flask, services: Services) -> None:
    gp = make_member(services, name="Gita Practitioner", role="GP")
    client, _ = signed_in(app, make_member(services, account_role="coordinator").email)
    queue = flashed(client, "/coordinator/applications")
    assert ">Under review</option>" in queue and ">under_review<" not in queue
    assert ">Patient or carer leader</option>" in queue and ">patient_carer<" not in queue
    assert ">GP</option>" in flashed(client, "/profile")
    # Read the words a person sees: a random CSRF token in an attribute may itself contain "Gp".
    profile = re.sub(r"<[^>]+>", " ", flashed(client, f"/members/{gp.id}"))
    assert re.search(r"\bGP\b", profile) and not re.search(r"\bGp\b", profile)


def test_the_acknowledgement_states_how_many_coordinators_read_an_application(app: Flask, services: Services) -> None:
    mailbox = Mailbox(services.membership.mail.mail_dir)
    phase(services, "Winter 2026 recruitment", -timedelta(days=1), reviews_required=3)
    client = app.test_client()
    form = {"csrf_token": csrf_of(client, "/join/apply"), "name": "Priya Sharma", "email": "priya@example.org",
            "region": "Midlands", "role": "nurse", "route": "open", "consent": "on",
            **{f"answers-{k}": v for k, v in ANSWERS.items()}}
    assert client.post("/join/apply", data=form).status_code == 200
    body = mailbox.last("priya@example.org", "application_received").get_content()
    assert "Three coordinators read your answers" in body and "Two" not in body
    assert "/join/status/" in body and "What happens next" in body


def test_a_coordinator_sends_a_new_invitation_until_the_password_is_set(app: Flask, services: Services) -> None:
    mailbox = Mailbox(services.membership.mail.mail_dir)
    phase(services, "Winter 2026 recruitment", -timedelta(days=1), reviews_required=1)
    membership, now = services.membership, datetime.now(UTC)
    coordinator = make_member(services, account_role="coordinator")
    application_id = membership.applications.submit(ApplicationInput(
        name="Priya Sharma", email="priya@example.org", organisation=None, region="Midlands", role="nurse",
        route="open", route_evidence=None, answers=dict(ANSWERS), consent=True), now)
    membership.decisions.review(application_id, coordinator, {"a": 3, "b": 3, "c": 3}, {}, now)
    membership.decisions.decide(application_id, coordinator, "accepted", "Welcome.", now)
    first = mailbox.link_token("priya@example.org", "invitation", "/invitation/")
    client, token = signed_in(app, coordinator.email)
    assert "Send a new invitation" in flashed(client, f"/coordinator/applications/{application_id}")
    client.post(f"/coordinator/applications/{application_id}/invitation", data={"csrf_token": token})
    second = mailbox.link_token("priya@example.org", "invitation", "/invitation/")
    assert second != first and len(mailbox.messages("priya@example.org", "invitation")) == 2
    assert "A new invitation is on its way" in flashed(client, f"/coordinator/applications/{application_id}")
    membership.decisions.accept_invitation(second, "a-long-new-password-2026", now)
    client.post(f"/coordinator/applications/{application_id}/invitation", data={"csrf_token": token})
    assert "This member has already set a password" in flashed(client, f"/coordinator/applications/{application_id}")
