"""What page tests share: a browser-like client signed in through the form, its CSRF token, and the
message shown beside a field."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import TEST_PASSWORD


def csrf_of(client: FlaskClient, path: str = "/sign-in") -> str:
    html = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, f"no CSRF field on {path}"
    return found.group(1)


def signed_in(app: Flask, email: str) -> tuple[FlaskClient, str]:
    """A browser-like client signed in through the sign-in form, and its CSRF token."""
    client = app.test_client()
    response = client.post("/sign-in", data={"csrf_token": csrf_of(client), "email": email, "password": TEST_PASSWORD})
    assert response.status_code == 302, response.get_data(as_text=True)
    return client, csrf_of(client, "/profile")


def field_error(html: str, name: str) -> str:
    """The message the page shows beside the field `name` (empty when there is none)."""
    found = re.search(rf'id="f-{re.escape(name)}-error">(.*?)</span>\s*(.*?)</span>', html, re.DOTALL)
    return (found.group(2) if found else "").strip()
