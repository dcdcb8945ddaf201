"""Membership by application only: sign-up is closed by default (API, page and links), accounts come
from accepted applications or an operator, and open sign-up (QNET_OPEN_SIGNUP) cannot go round an
application in progress."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qnet.config import load_settings
from qnet.core.records import Phase
from qnet.services import Services
from tests.conftest import TEST_PASSWORD, Session, make_member, profile
from tests.membership.factories import review_body, submit
from tests.pages.helpers import csrf_of


def _register(client: FlaskClient, email: str) -> Any:
    return client.post("/api/v1/auth/register", json={"email": email, "password": TEST_PASSWORD, **profile()})


def test_by_default_the_api_refuses_to_register_anyone_and_writes_nothing(client: FlaskClient,
                                                                          services: Services) -> None:
    response = client.post("/api/v1/auth/register",
                           json={"email": "minted@example.org", "password": TEST_PASSWORD, **profile()})
    assert response.status_code == 403
    error = response.get_json()["error"]
    assert error["code"] == "sign_up_closed"
    assert "membership is by application" in error["message"] and "/join" in error["message"]
    assert services.profiles.find_by_email("minted@example.org") is None
    assert client.get("/api/v1/members/me").status_code == 401  # and no session was started


def test_a_closed_sign_up_refuses_whatever_is_sent(client: FlaskClient) -> None:
    for body in ({}, {"email": "not-an-email"}, {"email": "x@example.org", "password": "short", "role": "wizard"}):
        response = client.post("/api/v1/auth/register", json=body)
        assert response.status_code == 403 and response.get_json()["error"]["code"] == "sign_up_closed", body


def test_the_setting_is_off_unless_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("QNET_OPEN_SIGNUP", raising=False)
    assert load_settings().open_signup is False
    monkeypatch.setenv("QNET_OPEN_SIGNUP", "1")
    assert load_settings().open_signup is True
    monkeypatch.setenv("QNET_OPEN_SIGNUP", "no")
    assert load_settings().open_signup is False


def test_openapi_documents_the_refusal(client: FlaskClient) -> None:
    operation = client.get("/api/v1/openapi.json").get_json()["paths"]["/api/v1/auth/register"]["post"]
    assert {"201", "403", "409"} <= set(operation["responses"])
    assert "sign_up_closed" in operation["description"]


def test_the_sign_up_page_is_gone_and_says_how_to_apply_instead(client: FlaskClient) -> None:
    page = client.get("/sign-up")
    html = page.get_data(as_text=True)
    assert page.status_code == 404
    assert "membership is by application" in html and 'href="/join"' in html and 'href="/updates"' in html
    assert "Create my account" not in html
    posted = client.post("/sign-up", data={"csrf_token": csrf_of(client), "name": "Minted",
                                           "email": "minted@example.org", "password": TEST_PASSWORD})
    assert posted.status_code == 404


@pytest.mark.parametrize("path", ["/", "/sign-in", "/join", "/about/criteria", "/updates", "/sign-up"])
def test_no_page_links_to_sign_up_while_it_is_closed(client: FlaskClient, path: str) -> None:
    html = client.get(path).get_data(as_text=True)
    assert not re.search(r'href="/sign-up"', html), path
    assert ">Sign up<" not in html and "Create an account" not in html


def test_open_sign_up_shows_the_links_again(client: FlaskClient, open_signup: None) -> None:
    assert 'href="/sign-up"' in client.get("/").get_data(as_text=True)
    assert client.get("/sign-up").status_code == 200


def test_a_waitlisted_applicant_cannot_register_even_when_sign_up_is_open(
        app: Flask, client: FlaskClient, services: Services, open_phase: Phase, coordinator: Session,
        second_coordinator: Session, open_signup: None) -> None:
    created = submit(client, email="waiting@example.org")
    assert created.status_code == 201, created.get_json()
    application_id = created.get_json()["id"]
    for reviewer in (coordinator, second_coordinator):
        assert reviewer.put(f"/api/v1/applications/{application_id}/review", json=review_body()).status_code == 200
    decided = coordinator.post(f"/api/v1/applications/{application_id}/decision",
                               json={"decision": "waitlisted", "message": "We will be in touch."})
    assert decided.get_json()["status"] == "waitlisted"

    response = _register(app.test_client(), "Waiting@Example.org")
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"] == {"email": ["application in progress"]}
    assert services.profiles.find_by_email("waiting@example.org") is None


def test_an_operator_still_creates_accounts_and_they_sign_in(client: FlaskClient, services: Services) -> None:
    member = make_member(services, email="made.by.operator@example.org")
    signed_in = client.post("/api/v1/auth/login", json={"email": "made.by.operator@example.org",
                                                        "password": TEST_PASSWORD})
    assert signed_in.status_code == 200
    assert signed_in.get_json()["member"]["id"] == member.id
