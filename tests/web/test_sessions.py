"""Sessions the server can end: sign-out, "sign out everywhere" (API and page), a password change."""

from __future__ import annotations

import hashlib

from flask import Flask
from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from qnet.services import Services
from tests.conftest import TEST_PASSWORD, login, make_member
from tests.pages.helpers import csrf_of, signed_in

NEW_PASSWORD = "a-brand-new-password"


def _copy_cookies(source: FlaskClient, app: Flask) -> FlaskClient:
    """Another client holding a saved copy of `source`'s cookies (what a thief or a backup keeps)."""
    thief = app.test_client()
    for cookie in (source._cookies or {}).values():  # the test client keeps its cookie jar there
        thief.set_cookie(cookie.key, cookie.value, domain=cookie.domain, path=cookie.path)
    return thief


def test_a_saved_cookie_stops_working_after_sign_out(app: Flask, services: Services) -> None:
    me = make_member(services)
    session = login(app.test_client(), me.email)
    saved = _copy_cookies(session.client, app)
    assert saved.get("/api/v1/members/me").status_code == 200
    assert session.post("/api/v1/auth/logout").status_code == 204
    assert saved.get("/api/v1/members/me").status_code == 401  # the server forgot the session
    assert session.get("/api/v1/members/me").status_code == 401


def test_sessions_are_stored_as_digests_only(app: Flask, services: Services, graph: Graph) -> None:
    me = make_member(services)
    session = login(app.test_client(), me.email)
    cookie = session.client.get_cookie("session")
    assert cookie is not None
    session_id = app.session_interface.get_signing_serializer(app).loads(cookie.value)["_user_id"]  # type: ignore[attr-defined]
    assert session_id != me.id  # the cookie names a session, not a member
    stored = graph.query("MATCH (:Member {id: $id})-[:HAS_SESSION]->(s:LoginSession) RETURN s.digest AS digest", id=me.id)
    assert [row["digest"] for row in stored] == [hashlib.sha256(session_id.encode()).hexdigest()]


def test_signing_out_everywhere_ends_every_session_of_mine_only(app: Flask, services: Services) -> None:
    me, other = make_member(services), make_member(services)
    phone, laptop = login(app.test_client(), me.email), login(app.test_client(), me.email)
    theirs = login(app.test_client(), other.email)
    assert phone.post("/api/v1/auth/logout-everywhere").status_code == 204
    assert phone.get("/api/v1/members/me").status_code == 401
    assert laptop.get("/api/v1/members/me").status_code == 401
    assert theirs.get("/api/v1/members/me").status_code == 200
    assert phone.client.post("/api/v1/auth/logout-everywhere").status_code == 401  # needs a signed-in member


def test_signing_out_everywhere_needs_the_csrf_token(app: Flask, services: Services) -> None:
    me = make_member(services)
    session = login(app.test_client(), me.email)
    assert session.client.post("/api/v1/auth/logout-everywhere").status_code == 403
    assert session.get("/api/v1/members/me").status_code == 200


def test_a_password_change_ends_my_other_sessions_and_keeps_this_one(app: Flask, services: Services) -> None:
    me = make_member(services)
    here, elsewhere = login(app.test_client(), me.email), login(app.test_client(), me.email)
    changed = here.post("/api/v1/auth/password", json={"current_password": TEST_PASSWORD,
                                                       "new_password": NEW_PASSWORD})
    assert changed.status_code == 204, changed.get_json()
    assert here.get("/api/v1/members/me").status_code == 200
    assert elsewhere.get("/api/v1/members/me").status_code == 401
    old = app.test_client().post("/api/v1/auth/login", json={"email": me.email, "password": TEST_PASSWORD})
    assert old.status_code == 401
    assert login(app.test_client(), me.email, NEW_PASSWORD).member["id"] == me.id


def test_a_password_change_names_a_wrong_current_password_and_a_short_new_one(app: Flask, services: Services) -> None:
    me = make_member(services)
    session = login(app.test_client(), me.email)
    wrong = session.post("/api/v1/auth/password", json={"current_password": "not-my-password",
                                                        "new_password": NEW_PASSWORD})
    assert wrong.status_code == 400
    assert wrong.get_json()["error"]["fields"] == {"current_password": ["that is not your current password"]}
    short = session.post("/api/v1/auth/password", json={"current_password": TEST_PASSWORD, "new_password": "short"})
    assert short.status_code == 400 and set(short.get_json()["error"]["fields"]) == {"new_password"}
    assert login(app.test_client(), me.email).member["id"] == me.id  # the password did not change


def test_the_security_page_changes_the_password_and_signs_out_everywhere(app: Flask, services: Services) -> None:
    me = make_member(services)
    browser, token = signed_in(app, me.email)
    other, _ = signed_in(app, me.email)
    page = browser.get("/account/security").get_data(as_text=True)
    assert "You are signed in on 2 browsers, this one included." in page

    mismatch = browser.post("/account/security", data={"csrf_token": token, "current_password": TEST_PASSWORD,
                                                       "new_password": NEW_PASSWORD, "confirm": "something-else"})
    assert mismatch.status_code == 400
    assert "the two new passwords are not the same" in mismatch.get_data(as_text=True)

    changed = browser.post("/account/security", data={"csrf_token": token, "current_password": TEST_PASSWORD,
                                                      "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD},
                           follow_redirects=True)
    assert "Your password is changed. You were signed out on the other browser." in changed.get_data(as_text=True)
    assert other.get("/profile").status_code == 302  # sent to sign in

    ended = browser.post("/account/sign-out-everywhere", data={"csrf_token": csrf_of(browser, "/profile")},
                         follow_redirects=True)
    assert "You have signed out everywhere" in ended.get_data(as_text=True)
    assert browser.get("/profile").status_code == 302
