"""CSRF is skipped only for requests authenticated by a valid token; security headers on every response;
the Secure cookie flag as a setting; CSV exports that spreadsheets cannot run as formulas."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qnet.config import load_settings
from qnet.graph.driver import Graph
from qnet.services import Services
from qnet.web.spreadsheets import safe_cell
from tests.conftest import TEST_PASSWORD, Session, login, make_member, profile


def test_a_bearer_header_does_not_excuse_a_cookie_request_from_csrf(signed_in: Session) -> None:
    for bearer in ("Bearer anything", "Bearer qnet_not-a-real-token", "Bearer "):
        response = signed_in.client.put("/api/v1/members/me", json=profile(name="Forged"),
                                        headers={"Authorization": bearer})
        assert response.status_code in (401, 403), bearer
        assert signed_in.get("/api/v1/members/me").get_json()["name"] == "Amira Hassan"


def test_a_valid_token_alone_authenticates_and_skips_csrf_even_beside_a_cookie(
        signed_in: Session, app: Flask, services: Services) -> None:
    other = make_member(services, name="Token Owner")
    token_session = login(app.test_client(), other.email)
    token = token_session.post("/api/v1/auth/tokens", json={"name": "script"}).get_json()["token"]
    # The cookie is Amira's, the token is the other member's: the token alone speaks for the request.
    response = signed_in.client.put("/api/v1/members/me", json=profile(name="Changed By Token"),
                                    headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.get_json()["id"] == other.id
    assert signed_in.get("/api/v1/members/me").get_json()["name"] == "Amira Hassan"


@pytest.mark.parametrize("path", ["/", "/sign-in", "/api/v1/docs", "/api/v1/openapi.json", "/api/v1/members",
                                  "/no-such-page", "/static/qnet.css", "/healthz"])
def test_every_response_carries_the_security_headers(client: FlaskClient, path: str) -> None:
    headers = client.get(path).headers
    policy = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in policy and "script-src 'self'" in policy and "object-src 'none'" in policy
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "Strict-Transport-Security" not in headers  # plain HTTP here


def test_https_responses_ask_browsers_to_stay_on_https(client: FlaskClient) -> None:
    assert "max-age=" in client.get("/", base_url="https://localhost").headers["Strict-Transport-Security"]


def test_secure_cookies_are_a_real_setting(monkeypatch: pytest.MonkeyPatch, graph: Graph, app: Flask) -> None:
    from qnet.web import create_app

    monkeypatch.delenv("QNET_SECURE_COOKIES", raising=False)
    assert load_settings().secure_cookies is False
    monkeypatch.setenv("QNET_SECURE_COOKIES", "1")
    settings = load_settings()
    assert settings.secure_cookies is True
    secure = create_app(settings, {"TESTING": True}, embedder=app.extensions["qnet"].embedder)
    assert secure.config["SESSION_COOKIE_SECURE"] is True
    services = secure.extensions["qnet"]
    member = make_member(services)
    response = secure.test_client().post("/api/v1/auth/login", base_url="https://localhost",
                                         json={"email": member.email, "password": TEST_PASSWORD})
    assert response.status_code == 200
    cookies = response.headers.getlist("Set-Cookie")
    assert cookies and all("Secure" in c for c in cookies)


@pytest.mark.parametrize("text, written", [("=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"),
                                           ("+1", "'+1"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
                                           ("\tcmd", "'\tcmd"), ("\rcmd", "'\rcmd"), ("Amira", "Amira"),
                                           ("", ""), (-0.5, -0.5), (3, 3)])
def test_cells_that_look_like_formulas_are_written_as_text(text: object, written: object) -> None:
    assert safe_cell(text) == written
