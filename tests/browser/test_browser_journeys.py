"""Every journey end to end in Chromium, through the pages only (the services set the scene, never act
for a person): joining by application, an idea round from opening to funding, joining a project, and
moderating a flagged comment. Links in mail are read from the outbox's delivered mail, as she would.
axe-core checks each page in the state the journey leaves it."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest

from qnet.core.dates import UK
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.matching.knowledge.projects import ProjectInput
from qnet.matching.membership.recruitment import PhaseInput
from qnet.services import Services
from tests.browser.community import ANSWERS
from tests.browser.conftest import AXE, Visit, expect, member
from tests.membership.factories import Mailbox

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
NEW_PASSWORD = "a-long-new-password-2026"


def accessible(visit: Visit) -> None:
    """axe-core finds no serious or critical WCAG A/AA problem on the page as it is now."""
    if not AXE.exists():
        return
    visit.page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = visit.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    serious = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
               for v in result["violations"] if v.get("impact") in ("serious", "critical")]
    assert serious == [], f"{visit.page.url}: {serious}"


def sign_out(visit: Visit) -> None:
    visit.page.get_by_role("navigation", name="Account").get_by_role("button", name="Sign out").click()
    expect(visit.page.get_by_role("status").first).to_contain_text("You have signed out")


def link_path(body: str, path: str) -> str:
    """The path (and token) of the first link under `path` in a mail body."""
    found = re.search(r"https?://\S+" + re.escape(path) + r"\S+", body)
    assert found, body
    return urlsplit(found.group(0)).path


def uk_typed(moment: datetime) -> str:
    """A moment as a person types it into a date-and-time box, in UK time."""
    return moment.astimezone(UK).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def mailbox(services: Services) -> Mailbox:
    return Mailbox(services.membership.mail.mail_dir)


def test_a_visitor_applies_is_accepted_sets_her_password_from_the_mail_and_confirms_her_drafted_profile(
        visit: Visit, services: Services, mailbox: Mailbox) -> None:
    now = datetime.now(UTC)
    services.membership.recruitment.define(PhaseInput(
        name="Winter 2026 recruitment", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
        routes=["open", "patient_carer"], courses=[], organisations=[], partners=[], reviews_required=1), now)
    coordinator = member(services, "coordinator", name="Cora Ordinator", organisation="Q Community Team")
    searcher = member(services, name="Sam Searcher", role="manager")
    page = visit.page

    # A visitor finds the open phase and applies; her mistakes are explained in plain words.
    visit.go("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Join").click()
    expect(page.get_by_role("main")).to_contain_text("Winter 2026 recruitment")
    page.get_by_role("link", name="Apply to join").click()
    page.get_by_role("button", name="Send my application").click()
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Enter your name")
    expect(summary).to_contain_text("Choose how you are applying")
    expect(summary).not_to_contain_text("Must be one of")
    expect(summary).not_to_contain_text("Length must be")
    accessible(visit)
    page.get_by_label("Full name").fill("Priya Sharma")
    page.get_by_label("Email address").fill("priya.sharma@example.org")
    page.locator("#f-organisation").fill("Riverside Community Health NHS Trust")
    page.get_by_label("Your role").select_option(label="Nurse")
    page.get_by_label("Region").select_option("Midlands")
    page.get_by_label("Which route fits you").select_option("open")
    for key, answer in ANSWERS.items():
        page.locator(f"#f-answers-{key}").fill(answer)
    page.get_by_label("I agree that qnet may process this application").check()
    page.get_by_role("button", name="Send my application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: your application is in")

    received = mailbox.last("priya.sharma@example.org", "application_received").get_content()
    assert "One coordinator reads your answers" in received and "What happens next" in received
    visit.go(link_path(received, "/join/status/"))
    expect(page.get_by_role("main")).to_contain_text("Received")
    expect(page.get_by_role("main")).to_contain_text("What happens next")
    accessible(visit)

    # A coordinator announces the phase to the updates list, then reads her answers with reviewer assist,
    # scores them and accepts her.
    visit.sign_in(coordinator.email)
    visit.go("/coordinator/recruitment")
    accessible(visit)
    page.get_by_role("button", name="Announce Winter 2026 recruitment to the updates list").click()
    expect(page.get_by_role("status").first).to_contain_text("“Winter 2026 recruitment” is announced")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coordinator").click()
    page.get_by_role("link", name="Priya Sharma").click()
    expect(page.get_by_role("main")).to_contain_text("Reviewer assist")
    for key in ("a", "b", "c"):
        page.locator(f"#f-{key}-score").select_option("3")
    page.get_by_role("button", name="Save my review").click()
    expect(page.get_by_role("status").first).to_contain_text("Your review is saved")
    page.get_by_label("Decision", exact=True).select_option("accepted")
    page.get_by_label("Message to the applicant").fill("Welcome: your sepsis work is just what members ask about.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status").first).to_contain_text("Decision recorded: accepted")
    accessible(visit)
    sign_out(visit)

    # Before she confirms her profile, a member searching for her work does not find her.
    visit.sign_in(searcher.email)
    visit.go("/people?q=antibiotics+for+sepsis+in+the+emergency+department")
    expect(page.get_by_role("main")).not_to_contain_text("Priya Sharma")
    sign_out(visit)

    # She opens the link in her invitation, chooses a password, and finds her profile started for her.
    invitation = mailbox.last("priya.sharma@example.org", "invitation").get_content()
    assert '{"password"' not in invitation and "choose a password" in invitation
    visit.go(link_path(invitation, "/invitation/"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("set your password")
    accessible(visit)
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill("not the same one")
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("alert")).to_contain_text("Enter the same password in both boxes")
    page.get_by_label("Password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Confirm password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set my password").click()
    expect(page.get_by_role("heading", name="We started your profile from your application")).to_be_visible()
    expect(page.get_by_label("About your work")).to_have_value(re.compile("suspected sepsis in our emergency department"))
    expect(page.locator("#f-skills-0-name")).not_to_have_value("")  # skills her answers name
    expect(page.get_by_label("Full name")).to_have_value("Priya Sharma")
    accessible(visit)
    page.get_by_role("button", name="Confirm my profile").click()
    expect(page.get_by_role("status").first).to_contain_text("Your profile is confirmed")
    expect(page.get_by_role("heading", name="Priya Sharma", level=1)).to_be_visible()
    sign_out(visit)

    # Once confirmed, the same search finds her.
    visit.sign_in(searcher.email)
    visit.go("/people?q=antibiotics+for+sepsis+in+the+emergency+department")
    expect(page.locator("ol.results").get_by_role("link", name="Priya Sharma")).to_be_visible()


def test_a_coordinator_opens_a_round_shortlists_members_vote_and_she_marks_the_winner_funded(
        visit: Visit, services: Services) -> None:
    coordinator = member(services, "coordinator", name="Cora Ordinator")
    authors = {title: member(services, name=name) for title, name in (
        ("Virtual ward for frail patients", "Vic Ward"), ("Discharge lounge open at weekends", "Dee Lounge"),
        ("Same-day emergency care clinic", "Sam Day"))}
    ideas = {title: services.knowledge.ideas.create(author, IdeaInput(
        title=title, summary=f"{title}: a plan for this winter.", topics=("winter",))) for title, author in authors.items()}
    voter = member(services, name="Val Voter")
    page, now = visit.page, datetime.now(UTC)

    visit.sign_in(coordinator.email)
    visit.go("/coordinator/rounds/new")
    page.get_by_label("Name of the round").fill("Winter pressures round")
    page.get_by_label("Votes per member").fill("1")
    for label, moment in (("Ideas open", now - timedelta(hours=1)), ("Shortlisting starts", now + timedelta(days=7)),
                          ("Voting starts", now + timedelta(days=14)), ("Results", now + timedelta(days=21))):
        page.get_by_label(label, exact=True).fill(uk_typed(moment))
    page.get_by_role("button", name="Open the round").click()
    expect(page.get_by_role("heading", name="Winter pressures round", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text(re.compile(r"Voting from\s*\w+day \d+ \w+ \d{4}, \d\d:\d\d"))
    round_url = page.url
    sign_out(visit)

    for title, author in authors.items():  # each author enters their idea on the round page
        visit.sign_in(author.email)
        visit.go(urlsplit(round_url).path)
        page.get_by_label("Your open idea").select_option(label=title)
        page.get_by_role("button", name="Enter idea").click()
        expect(page.get_by_role("status").first).to_contain_text("Your idea is entered")
        sign_out(visit)

    visit.sign_in(coordinator.email)
    visit.go(urlsplit(round_url).path)
    page.get_by_role("button", name="Start the next phase now: shortlisting").click()
    expect(page.get_by_role("status").first).to_contain_text("next phase: shortlisting")
    for title in list(ideas)[:2]:
        page.get_by_role("button", name=f"Shortlist {title}").click()
        expect(page.get_by_role("status").first).to_contain_text("on the shortlist")
    accessible(visit)
    page.get_by_role("button", name="Start the next phase now: voting open").click()
    expect(page.get_by_role("status").first).to_contain_text("next phase: voting open")
    expect(page.get_by_role("main")).to_contain_text("Voting open")
    sign_out(visit)

    visit.sign_in(voter.email)
    visit.go(urlsplit(round_url).path)
    expect(page.get_by_role("button", name="Vote for Same-day emergency care clinic")).to_have_count(0)  # not shortlisted
    page.get_by_role("button", name="Vote for Virtual ward for frail patients").click()
    expect(page.get_by_role("status").first).to_contain_text("Your vote is counted")
    sign_out(visit)

    visit.sign_in(coordinator.email)
    visit.go(urlsplit(round_url).path)
    page.get_by_role("button", name="Start the next phase now: results").click()
    expect(page.get_by_role("status").first).to_contain_text("next phase: results")
    results = page.get_by_role("region", name="Votes (scrolls sideways)")
    expect(results.get_by_role("row", name=re.compile("Virtual ward for frail patients"))).to_contain_text("1")
    accessible(visit)
    page.get_by_role("button", name="Mark Virtual ward for frail patients as funded").click()
    expect(page.get_by_role("status").first).to_contain_text("marked as funded")
    expect(results.get_by_role("row", name=re.compile("Virtual ward for frail patients"))).to_contain_text("Yes")
    page.get_by_role("link", name="Virtual ward for frail patients").first.click()
    expect(page.get_by_role("main")).to_contain_text("In progress")


def test_a_project_lead_accepts_a_request_to_join_and_the_asker_sees_it_waiting_first(
        visit: Visit, services: Services) -> None:
    lead = member(services, name="Lee Lead")
    project = services.knowledge.projects.create(lead, ProjectInput(
        title="Winter flow project", aim="Free ten beds a day on medical wards by February.", methods=("PDSA",),
        region="London"))
    asker = member(services, name="Ash Asker", role="GP")
    page = visit.page

    visit.sign_in(asker.email)
    visit.go(f"/projects/{project.id}")
    page.get_by_label("Message to the lead").fill("I run discharge huddles and can help with the run charts.")
    page.get_by_role("button", name="Ask to join").click()
    expect(page.get_by_role("status").first).to_contain_text("accept or decline")
    expect(page.locator("#join-pending")).to_contain_text("You asked to join on")
    expect(page.get_by_role("button", name="Ask to join")).to_have_count(0)
    accessible(visit)
    sign_out(visit)

    visit.sign_in(lead.email)
    visit.go(f"/projects/{project.id}")
    requests = page.get_by_role("complementary", name="Team")
    expect(requests.get_by_role("heading", name="Requests to join (1)")).to_be_visible()
    expect(requests).to_contain_text("I run discharge huddles")
    accessible(visit)
    requests.get_by_role("button", name="Accept Ash Asker").click()
    expect(page.get_by_role("status").first).to_contain_text("they are on the team now")
    expect(requests.get_by_role("link", name="Ash Asker")).to_be_visible()
    expect(requests.get_by_role("heading", name="Requests to join (0)")).to_be_visible()
    page.get_by_role("link", name="Ash Asker").first.click()
    expect(page.get_by_role("main")).to_contain_text("GP")
    expect(page.get_by_role("main")).not_to_contain_text("Gp")


def test_a_flagged_comment_is_read_where_it_was_posted_and_restored_from_the_moderation_queue(
        visit: Visit, services: Services) -> None:
    author = member(services, name="Tom Price")
    idea = services.knowledge.ideas.create(author, IdeaInput(
        title="Shared huddle board for ward flow", summary="A visible board of discharges and admissions for every shift.",
        topics=("patient flow",)))
    comment = services.knowledge.comments.post(author, "idea", idea.id, "Ask the ward 4 sister, she built ours.")
    flagger = member(services, name="Fran Flagger")
    coordinator = member(services, "coordinator", name="Cora Ordinator")
    page = visit.page

    visit.sign_in(flagger.email)
    visit.go(f"/ideas/{idea.id}")
    page.get_by_text("Flag the comment by Tom Price").click()
    page.get_by_label("Why should a coordinator look at this?").fill("Names a colleague")
    page.get_by_role("button", name="Flag comment").click()
    expect(page.get_by_role("status").first).to_contain_text("A coordinator will review the comment")
    sign_out(visit)

    visit.sign_in(coordinator.email)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coordinator").click()
    page.get_by_role("link", name="Moderation queue").click()
    item = page.locator(f"#comment-{comment.id}")
    expect(item).to_contain_text("Names a colleague")
    accessible(visit)
    item.get_by_role("link", name="Shared huddle board for ward flow").click()
    expect(page).to_have_url(re.compile(f"/ideas/{idea.id}#comment-{comment.id}$"))
    expect(page.locator(f"#comment-{comment.id}")).to_contain_text("Ask the ward 4 sister")
    page.go_back()
    page.get_by_label("Action").select_option("restore")
    page.get_by_label("Reason (recorded)").fill("Naming a role, not a person: fine.")
    page.get_by_role("button", name="Apply").click()
    expect(page.get_by_role("status").first).to_contain_text("the comment is visible again")
    expect(page.get_by_role("main")).to_contain_text("Nothing is waiting for moderation")


def test_a_mistyped_address_is_a_page_that_says_so_and_the_site_has_an_icon(visit: Visit) -> None:
    response = visit.go("/ideass")
    assert response is not None and response.status == 404
    expect(visit.page.get_by_role("heading", name="Page not found", level=1)).to_be_visible()
    expect(visit.page.get_by_role("link", name="Go to the qnet home page")).to_be_visible()
    accessible(visit)
    icon = visit.page.request.get(visit.base + "/favicon.ico")
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    api = visit.page.request.get(visit.base + "/api/v1/nothing-here")
    assert api.status == 404 and api.json()["error"]["code"] == "not_found"
