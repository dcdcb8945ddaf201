"""Sign-in throttling that never locks out the owner (OWASP device cookies): a client that signed in to
an account before keeps its own allowance; unknown clients are throttled per account and per address."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from qnet.matching.membership.devices import DEVICE_COOKIE
from qnet.services import Services
from tests.conftest import TEST_PASSWORD, make_member

HOSPITAL = "10.20.30.40"  # one address shared by every member on a trust's network


def client_at(app: Flask, address: str = "127.0.0.1") -> FlaskClient:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def sign_in(client: FlaskClient, email: str, password: str = TEST_PASSWORD) -> int:
    return client.post("/api/v1/auth/login", json={"email": email, "password": password}).status_code


def known_device(app: Flask, email: str, address: str = "127.0.0.1") -> FlaskClient:
    """A client that has signed in to the account before (so holds its device cookie), now signed out."""
    client = client_at(app, address)
    assert sign_in(client, email) == 200
    assert client.get_cookie(DEVICE_COOKIE) is not None
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    assert client.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    return client


def test_guessing_from_elsewhere_does_not_lock_out_the_owner_on_a_device_they_used_before(
        app: Flask, services: Services) -> None:
    owner = make_member(services)
    laptop = known_device(app, owner.email)
    guesser = client_at(app, "192.0.2.66")
    assert [sign_in(guesser, owner.email, f"guess-{n}") for n in range(6)] == [401] * 5 + [429]
    assert sign_in(guesser, owner.email) == 429  # the right password teaches a guesser nothing
    assert sign_in(client_at(app, "198.51.100.7"), owner.email) == 429  # every unknown client waits
    assert sign_in(laptop, owner.email) == 200  # the owner's own device signs in at once


def test_a_device_cookie_has_its_own_allowance_and_only_for_its_account(app: Flask, services: Services) -> None:
    owner, other = make_member(services), make_member(services)
    laptop, phone = known_device(app, owner.email), known_device(app, owner.email)
    assert [sign_in(laptop, owner.email, f"typo-{n}") for n in range(6)] == [401] * 5 + [429]
    assert sign_in(laptop, owner.email) == 429  # this device has spent its allowance
    assert sign_in(phone, owner.email) == 200  # another of the owner's devices has not
    # The laptop's cookie is for the owner's account only: for another account it is an unknown client.
    assert [sign_in(laptop, other.email, f"guess-{n}") for n in range(6)] == [401] * 5 + [429]
    assert sign_in(known_device(app, owner.email), owner.email) == 200


def test_twenty_failures_from_one_shared_address_do_not_lock_out_the_members_behind_it(
        app: Flask, services: Services) -> None:
    members = [make_member(services) for _ in range(3)]
    devices = [known_device(app, m.email, HOSPITAL) for m in members]
    victims = [make_member(services) for _ in range(4)]
    sprayer = client_at(app, HOSPITAL)
    codes = [sign_in(sprayer, victims[n % 4].email, f"Winter{n}!") for n in range(21)]
    assert codes[:20] == [401] * 20 and codes[20] == 429  # the address's allowance for unknown clients
    assert [sign_in(device, m.email) for device, m in zip(devices, members, strict=True)] == [200, 200, 200]


def test_a_tampered_device_cookie_counts_as_an_unknown_client(app: Flask, services: Services) -> None:
    owner = make_member(services)
    laptop = known_device(app, owner.email)
    cookie = laptop.get_cookie(DEVICE_COOKIE)
    assert cookie is not None
    forged = client_at(app, "192.0.2.66")
    forged.set_cookie(DEVICE_COOKIE, cookie.value[:-2] + ("AA" if not cookie.value.endswith("AA") else "BB"))
    assert [sign_in(forged, owner.email, f"guess-{n}") for n in range(6)] == [401] * 5 + [429]
    assert sign_in(laptop, owner.email) == 200


def test_the_device_cookie_is_http_only_and_names_no_email(app: Flask, services: Services) -> None:
    owner = make_member(services, email="cookie.owner@example.org")
    response = client_at(app).post("/api/v1/auth/login", json={"email": owner.email, "password": TEST_PASSWORD})
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith(DEVICE_COOKIE + "="))
    assert "HttpOnly" in header and "SameSite=Lax" in header and "Max-Age=" in header
    assert "cookie.owner" not in header


def test_the_sign_in_page_uses_the_same_device_allowance(app: Flask, services: Services) -> None:
    owner = make_member(services)
    laptop = known_device(app, owner.email)
    guesser = client_at(app, "192.0.2.66")
    for n in range(5):
        sign_in(guesser, owner.email, f"guess-{n}")
    html = laptop.get("/sign-in").get_data(as_text=True)
    token = html.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
    response = laptop.post("/sign-in", data={"csrf_token": token, "email": owner.email, "password": TEST_PASSWORD})
    assert response.status_code == 302  # signed in through the page from the owner's device
