"""Benchmark members, created as an operator would (membership is by application, so sign-up is
closed) and signed in through the API, as the suite's `register` helper does."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from qnet.matching.membership.accounts import hash_password
from qnet.matching.people.profiles import ProfileInput


def signed_in_member(client: FlaskClient, email: str, password: str, profile: dict[str, Any]) -> dict[str, Any]:
    """Create the member and sign `client` in; the sign-in's body (`member`, `csrf_token`)."""
    services = client.application.extensions["qnet"]
    services.profiles.register(email, ProfileInput.from_dict(profile), password_hash=hash_password(password))
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]
