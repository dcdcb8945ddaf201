"""Accessibility: axe-core (WCAG 2.0-2.2 A and AA rules) finds no serious or critical problem on the main
pages, and no page needs sideways scrolling on a phone-sized screen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from qnet.graph.driver import Graph
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.matching.knowledge.projects import ProjectInput
from qnet.services import Services
from tests.browser.community import Community, build
from tests.browser.conftest import AXE, Visit
from tests.conftest import built_once

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
BLOCKING = {"serious", "critical"}
pytestmark = pytest.mark.shared_graph
COORDINATOR_MAP = "/coordinator"  # the cluster map, insights and pairing (qnet/web/pages/coordinator/dashboard.py)
VISITOR_PAGES = ["/", "/sign-in", "/about/criteria", "/join", "/join/apply", "/updates", "/comments-policy"]


def member_pages(community: Community) -> list[str]:
    c = community
    return ["/", "/people?q=sepsis+SPC+charts", f"/members/{c.people[0].id}", "/profile", "/suggestions",
            "/connections", "/ideas", f"/ideas/{c.idea_id}", "/ideas/new", f"/ideas/{c.idea_id}/helpers", "/projects",
            "/groups", "/rounds", f"/rounds/{c.round_id}", "/account/tokens", "/account/security", "/coordinator/applications",
            f"/coordinator/applications/{c.application_id}", "/coordinator/moderation",
            "/notifications", "/settings/notifications", "/messages", f"/messages/{c.people[2].id}"]


def own_work_pages(services: Services, community: Community) -> list[str]:
    """The pages for editing and creating, with the coordinator's own idea, comments and project on them."""
    me, knowledge = community.coordinator, services.knowledge
    idea = knowledge.ideas.create(me, IdeaInput(title="Discharge before noon on medical wards",
                                                summary="Plan discharges the day before so patients leave by noon.",
                                                topics=("patient flow",), body="A **board round** at 9am."))
    comment = knowledge.comments.post(me, "idea", idea.id, "I will share our board round template here.")
    project = knowledge.projects.create(me, ProjectInput(title="Winter flow project",
                                                         aim="Free ten beds a day on medical wards by February.",
                                                         methods=("PDSA",), region="London"))
    knowledge.comments.post(me, "project", project.id, "We start on the respiratory ward next week.")
    knowledge.comments.post(community.people[0], "project", project.id, "Happy to help with the run charts.")
    phase = services.membership.recruitment.phases.all()[0]
    return [f"/ideas/{idea.id}", f"/ideas/{idea.id}/edit", f"/ideas/{idea.id}/comments/{comment.id}/edit",
            f"/projects/{project.id}", "/projects/new", "/groups/new", "/coordinator/recruitment",
            "/coordinator/recruitment/new", f"/coordinator/recruitment/{phase.id}", "/coordinator/rounds/new"]


def serious_violations(visit: Visit, path: str) -> list[str]:
    """axe-core's serious and critical violations on the page at `path`, one line each."""
    response = visit.go(path)
    assert response is not None and response.status == 200, f"{path} answered {response and response.status}"
    visit.page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = visit.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    return [f"{path}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v.get("impact") in BLOCKING]


def sideways_overflow(visit: Visit, path: str) -> str | None:
    visit.go(path)
    width = visit.page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return f"{path}: {width[0]}px wide in a {width[1]}px screen" if width[0] > width[1] else None


@dataclass
class Scene:
    community: Community
    signed_in_pages: list[str]


@pytest.fixture
def scene(graph: Graph, services: Services) -> Scene:
    """The community and the coordinator's own work, built once for this module's tests (they only read
    pages and send forms that are refused, so none of them changes what the others see)."""
    def build_scene() -> Scene:
        community = build(services)
        return Scene(community, [*member_pages(community), *own_work_pages(services, community), COORDINATOR_MAP])
    return built_once(graph, "accessibility community", build_scene)


@pytest.fixture
def community(scene: Scene) -> Community:
    return scene.community


@pytest.fixture
def signed_in_pages(scene: Scene) -> list[str]:
    """Every page a coordinator can open, the editing and creating pages included."""
    return scene.signed_in_pages


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed at {AXE} (scripts/setup.sh installs it)")
def test_main_pages_have_no_serious_accessibility_violations(visit: Visit, community: Community,
                                                             signed_in_pages: list[str]) -> None:
    problems = [p for path in VISITOR_PAGES for p in serious_violations(visit, path)]
    visit.sign_in(community.coordinator.email)
    problems += [p for path in signed_in_pages for p in serious_violations(visit, path)]
    assert problems == []


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed at {AXE} (scripts/setup.sh installs it)")
@pytest.mark.usefixtures("open_signup")
def test_forms_showing_mistakes_stay_accessible(visit: Visit) -> None:
    page = visit.page
    visit.go("/sign-up")
    page.get_by_role("button", name="Create my account").click()
    assert page.locator("[aria-invalid=true]").count() >= 4  # each refused field says so
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    assert [v["id"] for v in result["violations"] if v.get("impact") in BLOCKING] == []
    focused = page.evaluate("document.activeElement.getAttribute('data-error-summary')")
    assert focused is not None  # the list of mistakes takes focus, and links to each field


@pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed at {AXE} (scripts/setup.sh installs it)")
def test_creating_and_setup_forms_showing_mistakes_stay_accessible(visit: Visit, community: Community) -> None:
    visit.sign_in(community.coordinator.email)
    problems = []
    for path, button in (("/projects/new", "Start the project"), ("/groups/new", "Convene the group"),
                         ("/coordinator/recruitment/new", "Set up the phase"), ("/coordinator/rounds/new", "Open the round")):
        visit.go(path)
        visit.page.get_by_role("button", name=button).click()
        visit.page.wait_for_load_state()
        assert visit.page.locator("[aria-invalid=true]").count() >= 1, path
        visit.page.add_script_tag(path=str(AXE))
        result = visit.page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
        problems += [f"{path}: {v['id']}" for v in result["violations"] if v.get("impact") in BLOCKING]
    assert problems == []


def test_pages_fit_a_phone_screen_without_sideways_scrolling(phone: Visit, community: Community,
                                                           signed_in_pages: list[str]) -> None:
    wide = [w for path in VISITOR_PAGES[:3] if (w := sideways_overflow(phone, path))]
    phone.sign_in(community.coordinator.email)
    wide += [w for path in signed_in_pages if (w := sideways_overflow(phone, path))]
    assert wide == []
    if AXE.exists():  # tables that scroll inside the page can be reached by keyboard, and so on
        narrow = ["/people?q=sepsis", f"/ideas/{community.idea_id}", "/coordinator/applications",
                  f"/coordinator/applications/{community.application_id}"]
        assert [p for path in narrow for p in serious_violations(phone, path)] == []
