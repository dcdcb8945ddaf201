"""Fixtures for notification tests: members signed in, an idea to talk about, a worker delivering to a
real SMTP server started by the test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from qnet.matching.worker import Worker
from qnet.services import Services, build_worker
from tests.conftest import Session, register
from tests.membership.smtp import LoopbackSmtp


@pytest.fixture
def amira(app: Flask) -> Session:
    return register(app.test_client(), name="Amira Hassan")


@pytest.fixture
def tom(app: Flask) -> Session:
    return register(app.test_client(), name="Tom Price", role="nurse")


@pytest.fixture
def grace(app: Flask) -> Session:
    return register(app.test_client(), name="Grace Owusu", role="patient leader")


def post_idea(session: Session, title: str = "Falls prevention huddles on older people's wards") -> dict[str, Any]:
    response = session.post("/api/v1/ideas", json={
        "title": title, "summary": "A five-minute huddle at each shift change about who is at risk of falling.",
        "topics": ["falls", "patient safety"]})
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def comment(session: Session, idea_id: str, body: str, reply_to: str | None = None) -> dict[str, Any]:
    payload = {"body": body, **({"reply_to": reply_to} if reply_to else {})}
    response = session.post(f"/api/v1/ideas/{idea_id}/comments", json=payload)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def notes(session: Session, **query: Any) -> dict[str, Any]:
    response = session.get("/api/v1/members/me/notifications", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


@pytest.fixture
def smtp() -> Iterator[LoopbackSmtp]:
    with LoopbackSmtp() as server:
        yield server


@pytest.fixture
def worker(services: Services, smtp: LoopbackSmtp) -> Worker:
    """A worker like `qnet worker`, delivering by SMTP to the test's server."""
    settings = services.settings.with_overrides(smtp_host="127.0.0.1", smtp_port=smtp.port, smtp_tls="none")
    return build_worker(settings, services.graph)
