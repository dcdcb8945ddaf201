"""Faults: with Neo4j unreachable every API call is a 503 JSON within about a second, and qnet recovers
by itself; an import cut by a dead database ends with a plain message saying how to resume."""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest
from click.testing import CliRunner
from flask import Flask

from qnet.cli import main
from qnet.config import Settings
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.people.importer import ImportMemberSchema, MemberImporter, read_lines
from qnet.services import Services
from qnet.web import create_app
from tests.conftest import Session, login, make_member
from tests.hardening.tcp_proxy import CuttableProxy
from tests.matching.test_importer import line, write_file


@pytest.fixture
def proxy(settings: Settings, graph: object) -> Iterator[CuttableProxy]:
    target = urlparse(settings.bolt_uri)
    proxy = CuttableProxy(target.hostname or "127.0.0.1", target.port or 7687)
    yield proxy
    proxy.cut()


@pytest.fixture
def app_behind_proxy(settings: Settings, proxy: CuttableProxy, embedder: Embedder) -> Flask:
    return create_app(settings.with_overrides(neo4j_uri=proxy.uri), {"TESTING": True}, embedder=embedder)


def test_with_neo4j_unreachable_every_call_is_a_fast_503_and_qnet_recovers_by_itself(
        app_behind_proxy: Flask, proxy: CuttableProxy) -> None:
    services: Services = app_behind_proxy.extensions["qnet"]
    make_member(services, email="steady@example.org", name="Steady Member")
    session: Session = login(app_behind_proxy.test_client(), "steady@example.org")

    proxy.cut()

    cookie = session.client.get_cookie("session")
    assert cookie is not None

    def timed_call(path: str) -> tuple[int, float, str]:
        client = app_behind_proxy.test_client()  # one browser per thread, signed in as the same member
        client.set_cookie("session", cookie.value)
        started = time.monotonic()
        response = client.get(path)
        return response.status_code, time.monotonic() - started, response.get_data(as_text=True)

    paths = ["/api/v1/members/me", "/api/v1/members", "/api/v1/ideas", "/api/v1/projects", "/api/v1/groups",
             "/api/v1/recruitment", "/api/v1/members/me/connections", "/api/v1/search/people?q=falls"] * 2
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(timed_call, paths))
    elapsed = time.monotonic() - started
    for status, seconds, body in results:
        assert status == 503, body[:300]
        assert '"code":"unavailable"' in body.replace(" ", "") and "Traceback" not in body
        assert seconds < 2.0, seconds  # about a second at most, even on a loaded 2-core machine
    assert elapsed < 4.0, elapsed  # sixteen calls on eight threads: no call holds a worker for long

    proxy.restore()
    deadline = time.monotonic() + 15
    while (status := session.get("/api/v1/members/me").status_code) != 200 and time.monotonic() < deadline:
        time.sleep(0.3)
    assert status == 200  # the same app, nothing restarted
    assert session.get("/api/v1/members/me").get_json()["name"] == "Steady Member"


def test_an_import_cut_by_a_dead_database_says_what_was_written_and_how_to_resume(
        app_behind_proxy: Flask, proxy: CuttableProxy, tmp_path: Path, services: Services) -> None:
    behind: Services = app_behind_proxy.extensions["qnet"]
    path = write_file(tmp_path, [line(f"k{n}", f"person{n}@example.org") for n in range(1, 5)])
    batches = 0

    def cut_after_the_first_batch(_: int) -> None:
        nonlocal batches
        batches += 1
        if batches == 1:
            proxy.cut()

    importer = MemberImporter(behind.profiles, ImportMemberSchema().load, batch_size=2)
    report = importer.run(read_lines(path), progress=cut_after_the_first_batch)

    assert (report.written, report.stopped_at_line) == (2, 3)
    assert report.stopped and "unavailable" in report.stopped
    assert services.profiles.count() == 2  # the first batch, whole; the second not at all


def test_the_import_command_ends_with_a_plain_message_when_the_database_is_down(
        settings: Settings, proxy: CuttableProxy, tmp_path: Path) -> None:
    proxy.cut()
    path = write_file(tmp_path, [line("k1", "one@example.org"), line("k2", "two@example.org")])
    result = CliRunner().invoke(main, ["import", "members", str(path)],
                                env={"NEO4J_URI": proxy.uri, "NEO4J_PASSWORD": settings.neo4j_password})
    assert result.exit_code == 2, result.output
    assert "stopped at line 1" in result.output and "run the same command again" in result.output.lower()
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
