"""Fixtures for the knowledge-sharing tests: coordinators, ideas and a fixed clock."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from flask import Flask

from qnet.services import Services
from tests.conftest import Session, login, make_member, register


def idea_body(**overrides: Any) -> dict[str, Any]:
    """A valid idea: only title, summary and topics are required."""
    body: dict[str, Any] = {
        "title": "Text message reminders for outpatient clinics",
        "summary": "Send patients an SMS a week and a day before their appointment so fewer slots are wasted.",
        "topics": ["outpatients", "digital"],
    }
    body.update(overrides)
    return body


def post_idea(session: Session, **overrides: Any) -> dict[str, Any]:
    response = session.post("/api/v1/ideas", json=idea_body(**overrides))
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def sign_in_as(app: Flask, services: Services, account_role: str = "member", **profile: Any) -> Session:
    """A new member with the given account role, signed in with their own client."""
    email = f"{account_role}-{uuid.uuid4().hex[:8]}@example.org"
    make_member(services, email=email, account_role=account_role, **profile)
    return login(app.test_client(), email)


@pytest.fixture
def author(app: Flask) -> Session:
    return register(app.test_client(), name="Amira Hassan")


@pytest.fixture
def other(app: Flask) -> Session:
    return register(app.test_client(), name="Tom Price", role="nurse")


@pytest.fixture
def coordinator(app: Flask, services: Services) -> Session:
    return sign_in_as(app, services, "coordinator", name="Cora Ordinator", role="improvement adviser")
