"""In Chromium, under qnet's real Content-Security-Policy (the other browser tests set it aside to inject
axe-core): the pages and their scripts (similar ideas while writing, the cluster map, the API docs)
work, and the browser reports no violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from qnet.services import Services
from tests.browser.community import Community, build
from tests.browser.conftest import DESKTOP, Visit, expect


@pytest.fixture
def strict(browser: Any, live_server: str) -> Iterator[tuple[Visit, list[str]]]:
    context = browser.new_context(viewport=DESKTOP, base_url=live_server, locale="en-GB")
    page = context.new_page()
    errors: list[str] = []
    violations: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda msg: violations.append(msg.text)
            if "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    yield Visit(page, live_server, errors), violations
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


def test_the_pages_and_their_scripts_work_under_the_policy(strict: tuple[Visit, list[str]],
                                                            services: Services) -> None:
    visit, violations = strict
    community: Community = build(services)
    visit.sign_in(community.coordinator.email)
    page = visit.page
    for path in ("/", "/people?q=sepsis", f"/ideas/{community.idea_id}", "/account/security", "/api/v1/docs"):
        response = visit.go(path)
        assert response is not None and response.status == 200, path
        policy = response.header_value("content-security-policy") or ""
        assert "script-src 'self'" in policy, path

    visit.go("/ideas/new")
    page.get_by_label("Title").fill("Text message reminders before outpatient appointments")
    page.get_by_label("Summary").fill("Remind patients by SMS so fewer clinic slots are wasted.")
    similar = page.locator("#similar")  # fetched by qnet.js as the member types
    expect(similar.get_by_role("link", name="Text message reminders for outpatient clinics")).to_be_visible()

    visit.go("/coordinator")
    page.wait_for_load_state("networkidle")
    assert violations == []
