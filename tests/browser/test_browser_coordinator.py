"""In Chromium: a coordinator reviews and decides an application, moderates, and opens the cluster map."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from qnet.matching.membership.applications import ApplicationInput
from qnet.matching.membership.recruitment import PhaseInput
from qnet.services import Services
from tests.browser.community import ANSWERS
from tests.browser.conftest import Visit, expect, member


def submit_application(services: Services, name: str, reviews_required: int = 1) -> str:
    now = datetime.now(UTC)
    services.membership.recruitment.define(PhaseInput(
        name="Spring phase", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30), routes=["open"],
        courses=[], organisations=[], partners=[], reviews_required=reviews_required), now)
    return services.membership.applications.submit(ApplicationInput(
        name=name, email="priya.sharma@example.org", organisation="Riverside Community Health NHS Trust",
        region="Midlands", role="nurse", route="open", route_evidence=None, answers=dict(ANSWERS), consent=True), now)


def test_coordinator_reviews_and_accepts_an_application_then_opens_the_cluster_map(
        visit: Visit, services: Services) -> None:
    submit_application(services, "Priya Sharma")
    coordinator = member(services, "coordinator", name="Cora Ordinator", organisation="Q Community Team")
    visit.sign_in(coordinator.email)
    page = visit.page
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Coordinator").click()
    expect(page.get_by_role("heading", name="Application review")).to_be_visible()
    page.get_by_role("link", name="Priya Sharma").click()
    expect(page.get_by_role("heading", name="Priya Sharma", level=1)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("PDSA cycles")  # the answers are there to read

    page.get_by_role("button", name="Save my review").click()  # no scores yet: the API's schema says so
    expect(page.get_by_role("alert")).to_contain_text("Choose a score for criterion (a)")
    for key, score in (("a", "3"), ("b", "4"), ("c", "3")):
        page.locator(f"#f-{key}-score").select_option(score)
    page.locator("#f-b-note").fill("Clear measurement with a run chart.")
    page.get_by_role("button", name="Save my review").click()
    expect(page.get_by_role("status").first).to_contain_text("Your review is saved")
    expect(page.get_by_role("main")).to_contain_text("Clear measurement with a run chart.")

    page.get_by_label("Decision", exact=True).select_option("accepted")
    page.get_by_label("Message to the applicant").fill("Welcome to the community: we look forward to your ideas.")
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status").first).to_contain_text("Decision recorded: accepted")
    assert services.profiles.find_by_email("priya.sharma@example.org") is not None  # the new member exists

    page.get_by_role("link", name="Cluster map, insights and pairing").click()
    expect(page.get_by_role("heading", name="Community clusters")).to_be_visible()
    expect(page.get_by_role("button", name="Find clusters again")).to_be_visible()


def test_member_is_told_the_coordinator_area_is_not_for_them(visit: Visit, services: Services) -> None:
    me = member(services, name="Mo Member")
    visit.sign_in(me.email)
    response = visit.go("/coordinator/applications")
    assert response is not None and response.status == 403
    expect(visit.page.get_by_role("heading", name="Not allowed")).to_be_visible()
    expect(visit.page.get_by_role("navigation", name="Main").get_by_role("link", name="Coordinator")).to_have_count(0)
