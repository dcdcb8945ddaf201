"""In Chromium: a coordinator finds clusters, uses the map by keyboard and on a phone, reads the clusters
in words, and starts a pairing round only after confirming. axe finds nothing serious on the map."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from qnet.services import Services
from tests.browser.conftest import AXE, Visit, member
from tests.coordinator.conftest import build_community

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def serious(visit: Visit) -> list[str]:
    visit.page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = visit.page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})", WCAG_TAGS)
    return [f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"] if v.get("impact") in ("serious", "critical")]


@pytest.fixture
def coordinator_email(services: Services) -> str:
    build_community(services)
    coordinator = member(services, "coordinator", name="Cora Ordinator", organisation="Q Community Team",
                         interests=["frailty"], skills=[{"name": "PDSA", "level": 2}])
    for person in services.graph.query("MATCH (m:Member) RETURN m.id AS id"):
        services.insight.pairings.set_opt_in(person["id"], True)
    return coordinator.email


def test_a_coordinator_finds_clusters_and_uses_the_map_by_keyboard(visit: Visit, coordinator_email: str) -> None:
    visit.sign_in(coordinator_email)
    page = visit.page
    visit.go("/coordinator")
    expect(page.get_by_role("main")).to_contain_text("No clusters yet")
    page.get_by_role("button", name="Find clusters again").click()
    expect(page.get_by_role("heading", name="The clusters")).to_be_visible(timeout=120_000)  # polled, then reloaded
    main = page.get_by_role("main")
    expect(main).to_contain_text("of the whole community")
    expect(main).not_to_contain_text("modularity")

    first = page.locator("svg.cluster-map.wide a").first
    number = (first.get_attribute("href") or "").removeprefix("#cluster-")
    assert number.isdigit()
    first.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith(f"#cluster-{number}")
    expect(page.locator(f"#cluster-{number} h3")).to_be_in_viewport()
    assert not serious(visit)


def test_the_map_fits_a_phone_and_a_round_starts_only_once_confirmed(phone: Visit, coordinator_email: str,
                                                                      services: Services) -> None:
    services.insight.clusters.run_now(None, seed=42)
    phone.sign_in(coordinator_email)
    page = phone.page
    phone.go("/coordinator")
    expect(page.locator("svg.cluster-map.narrow")).to_be_visible()
    expect(page.locator("svg.cluster-map.wide")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert not serious(phone)

    page.get_by_role("link", name="Start a new round").click()
    expect(page.get_by_role("heading", name="Start pairing round 1?")).to_be_visible()
    assert services.insight.pairings.rounds() == []
    assert not serious(phone)
    page.get_by_role("button", name="Yes, start round 1").click()
    expect(page.get_by_role("main")).to_contain_text("Round 1, started on")
    assert len(services.insight.pairings.rounds()) == 1
