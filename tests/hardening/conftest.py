"""Fixtures for the hardening tests: a member and a coordinator made as an operator would make them."""

from __future__ import annotations

import uuid

import pytest
from flask import Flask

from qnet.services import Services
from tests.conftest import Session, login, make_member


def operator_made(app: Flask, services: Services, account_role: str = "member") -> Session:
    """A member created through the service (as `qnet users create` does), signed in with their own client."""
    email = f"{account_role}-{uuid.uuid4().hex[:8]}@example.org"
    make_member(services, email=email, account_role=account_role)
    return login(app.test_client(), email)


@pytest.fixture
def member(app: Flask, services: Services) -> Session:
    return operator_made(app, services)


@pytest.fixture
def coordinator(app: Flask, services: Services) -> Session:
    return operator_made(app, services, "coordinator")
