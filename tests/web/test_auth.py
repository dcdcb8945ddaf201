"""Accounts: register, sign in and out, CSRF, throttling and personal API tokens."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from qnet.matching.membership.accounts import DEFAULT_HASHER
from tests.conftest import TEST_PASSWORD, Session, login, profile, register


@pytest.mark.usefixtures("open_signup")
def test_open_sign_up_registers_signs_in_and_returns_my_private_profile(client: FlaskClient) -> None:
    response = client.post("/api/v1/auth/register", json={"email": "new.member@example.org", "password": TEST_PASSWORD,
                                                          **profile()})
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["member"]["email"] == "new.member@example.org"
    me = client.get("/api/v1/members/me")
    assert me.status_code == 200
    assert me.get_json()["name"] == "Amira Hassan"


@pytest.mark.usefixtures("open_signup")
def test_registering_an_email_twice_is_a_409(client: FlaskClient, app: Flask) -> None:
    register(client, email="twice@example.org")
    again = app.test_client().post("/api/v1/auth/register",
                        json={"email": "Twice@Example.org", "password": TEST_PASSWORD, **profile()})
    assert again.status_code == 409
    assert again.get_json()["error"]["fields"] == {"email": ["already registered"]}


@pytest.mark.usefixtures("open_signup")
def test_register_with_bad_fields_names_each_one(client: FlaskClient) -> None:
    response = client.post("/api/v1/auth/register", json={"email": "nope", "password": "short", "role": "wizard",
                                                          "name": "", "region": "Atlantis"})
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert set(fields) >= {"email", "password", "role", "name", "region"}


def test_login_and_logout(client: FlaskClient) -> None:
    first = register(client, email="login@example.org")
    assert first.post("/api/v1/auth/logout").status_code == 204
    assert first.get("/api/v1/members/me").status_code == 401
    session = login(client, "login@example.org")
    assert client.get("/api/v1/members/me").status_code == 200
    assert session.post("/api/v1/auth/logout").status_code == 204
    assert client.get("/api/v1/members/me").status_code == 401


def test_the_app_hashes_passwords_with_argon2id_at_rfc_9106_low_memory_strength() -> None:
    stored = DEFAULT_HASHER.hash(TEST_PASSWORD)
    assert stored.startswith("$argon2id$v=19$m=65536,t=3,p=4$")  # 64 MiB, 3 passes (the suite uses less)
    assert DEFAULT_HASHER.verify(stored, TEST_PASSWORD)


def test_a_password_stored_with_other_parameters_still_signs_in_and_is_rehashed(
        client: FlaskClient, graph: Graph) -> None:
    member = register(client, email="older@example.org").member
    graph.execute("MATCH (m:Member {id: $id}) SET m.password_hash = $hash",
                  id=member["id"], hash=DEFAULT_HASHER.hash(TEST_PASSWORD))
    login(client, "older@example.org")
    stored = graph.query("MATCH (m:Member {id: $id}) RETURN m.password_hash AS h", id=member["id"])[0]["h"]
    assert stored.startswith("$argon2id$") and "m=65536" not in stored  # now at the current parameters


def test_wrong_password_is_401_with_json_error(client: FlaskClient) -> None:
    register(client, email="wrong@example.org")
    response = client.post("/api/v1/auth/login", json={"email": "wrong@example.org", "password": "not-the-password"})
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorised"


def test_repeated_login_failures_are_throttled(client: FlaskClient) -> None:
    register(client, email="throttle@example.org")
    codes = [client.post("/api/v1/auth/login", json={"email": "throttle@example.org", "password": "bad-guess"}).status_code
             for _ in range(6)]
    assert codes[:5] == [401] * 5
    assert codes[5] == 429
    # Even the right password waits out the window: a guesser learns nothing from it.
    right = client.post("/api/v1/auth/login", json={"email": "throttle@example.org", "password": TEST_PASSWORD})
    assert right.status_code == 429


def test_anonymous_requests_get_401(client: FlaskClient) -> None:
    assert client.get("/api/v1/members").status_code == 401
    assert client.get("/api/v1/members/me").get_json()["error"]["code"] == "unauthorised"


def test_session_writes_without_csrf_token_are_refused(signed_in: Session) -> None:
    response = signed_in.client.put("/api/v1/members/me", json=profile(name="Changed"))
    assert response.status_code == 403
    assert "CSRF" in response.get_json()["error"]["message"]
    assert signed_in.get("/api/v1/members/me").get_json()["name"] == "Amira Hassan"


def test_api_token_authenticates_without_a_session_and_can_be_revoked(signed_in: Session, client: FlaskClient) -> None:
    created = signed_in.post("/api/v1/auth/tokens", json={"name": "my script"})
    assert created.status_code == 201
    token = created.get_json()["token"]
    headers = {"Authorization": f"Bearer {token}"}

    me = client.get("/api/v1/members/me", headers=headers)  # a different client: no cookie
    assert me.status_code == 200 and me.get_json()["id"] == signed_in.member["id"]
    # Token requests carry no cookie, so they need no CSRF token.
    assert client.put("/api/v1/members/me", headers=headers, json=profile(name="Via Token")).status_code == 200

    listed = signed_in.get("/api/v1/auth/tokens").get_json()["tokens"]
    assert [t["name"] for t in listed] == ["my script"] and "token" not in listed[0]

    assert signed_in.delete(f"/api/v1/auth/tokens/{created.get_json()['id']}").status_code == 204
    revoked = client.get("/api/v1/members/me", headers=headers)
    assert revoked.status_code == 401
    assert "token" in revoked.get_json()["error"]["message"]


def test_a_made_up_token_is_401(client: FlaskClient) -> None:
    response = client.get("/api/v1/members/me", headers={"Authorization": "Bearer qnet_made-up"})
    assert response.status_code == 401
