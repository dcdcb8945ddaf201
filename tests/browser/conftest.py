"""Browser fixtures: the real app served on a free local port, and Debian's headless Chromium driven by
Playwright (never a downloaded browser). Each test starts from a clean graph and makes what it needs.

scripts/setup.sh installs Chromium (apt), Playwright's Python package (the `test` extra) and axe-core
(npm, under $QNET_HOME/node). Without Chromium these tests are skipped, saying why.
"""

from __future__ import annotations

import os
import tempfile
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from werkzeug.serving import make_server

from qnet.core.records import Member
from qnet.matching.meaning.embedding import Embedder
from qnet.services import Services
from tests.conftest import TEST_PASSWORD, make_member

os.environ.setdefault("QNET_MAIL_DIR", tempfile.mkdtemp(prefix="qnet-browser-mail-"))

CHROMIUM = os.environ.get("QNET_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE = Path(os.environ.get("QNET_AXE_JS") or Path(os.environ.get("QNET_HOME", Path.home() / ".qnet"))
           / "node" / "node_modules" / "axe-core" / "axe.min.js")

try:
    from playwright import sync_api
    from playwright.sync_api import expect
except ImportError:  # the skip below says why
    sync_api = expect = None  # type: ignore[assignment]

HERE = Path(__file__).resolve().parent
MISSING = ("Playwright is not installed (scripts/setup.sh installs the `test` extra)" if sync_api is None
           else None if os.path.exists(CHROMIUM) else
           f"Chromium is not installed at {CHROMIUM} (scripts/test.sh installs Debian's chromium)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without a browser, the browser tests are skipped, each saying what is missing."""
    if MISSING:
        for item in items:
            if item.path.is_relative_to(HERE):
                item.add_marker(pytest.mark.skip(reason=MISSING))


@pytest.fixture(scope="session")
def live_server(app: Flask, embedder: Embedder) -> Iterator[str]:
    """The app itself, served by werkzeug in a thread on a free port: the base URL."""
    embedder.embed(["load the model before the first page needs it"])
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="qnet-live-server", daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield launched
        launched.close()


@dataclass
class Visit:
    """One browser tab on the live app; JavaScript errors on any page fail the test."""

    page: Any
    base: str
    errors: list[str]

    def go(self, path: str) -> Any:
        return self.page.goto(self.base + path)

    def sign_in(self, email: str, password: str = TEST_PASSWORD) -> None:
        """Sign in through the sign-in page, as a person would."""
        self.go("/sign-in")
        self.page.get_by_label("Email address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.page.get_by_role("button", name="Sign in").click()
        self.page.wait_for_load_state()
        assert self.page.url.rstrip("/") != self.base + "/sign-in", "sign-in failed"


def _open(browser: Any, live_server: str, viewport: dict[str, int]) -> Iterator[Visit]:
    # axe-core goes in as an inline script, which qnet's Content-Security-Policy rightly refuses; the
    # tests' own tabs set the policy aside, and tests/browser/test_browser_csp.py runs the pages under it.
    context = browser.new_context(viewport=viewport, base_url=live_server, locale="en-GB", bypass_csp=True)
    context.set_default_timeout(int(os.environ.get("QNET_BROWSER_TIMEOUT_MS", "15000")))
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield Visit(page, live_server, errors)
    context.close()
    assert not errors, f"JavaScript errors on the page: {errors}"


@pytest.fixture
def visit(browser: Any, live_server: str) -> Iterator[Visit]:
    """A desktop-sized tab (1280x900)."""
    yield from _open(browser, live_server, DESKTOP)


@pytest.fixture
def phone(browser: Any, live_server: str) -> Iterator[Visit]:
    """A phone-sized tab (390x844)."""
    yield from _open(browser, live_server, PHONE)


def member(services: Services, account_role: str = "member", **profile: Any) -> Member:
    """A member with a known password, ready to sign in through the page."""
    email = f"{account_role}-{uuid.uuid4().hex[:8]}@example.org"
    return make_member(services, email=email, account_role=account_role, **profile)
