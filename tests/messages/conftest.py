"""Fixtures for messages: members who are connected, and helpers for the message API's paths."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.conftest import Session, register

CONVERSATIONS = "/api/v1/members/me/conversations"
BLOCKS = "/api/v1/members/me/blocks"
REQUESTS = "/api/v1/members/me/connections/requests"


def thread_url(member: Session | str) -> str:
    return f"{CONVERSATIONS}/{member if isinstance(member, str) else member.member['id']}"


def send(sender: Session, to: Session | str, body: str) -> Any:
    return sender.post(f"{thread_url(to)}/messages", json={"body": body})


def connect(a: Session, b: Session, message: str | None = None) -> None:
    body: dict[str, Any] = {"member_id": b.member["id"]}
    if message is not None:
        body["message"] = message
    assert a.post(REQUESTS, json=body).status_code == 201
    assert b.post(f"{REQUESTS}/{a.member['id']}/accept").status_code == 204


def connected_pair(client: FlaskClient) -> tuple[Session, Session]:
    amira = register(client, name="Amira Hassan")
    tom = register(client, name="Tom Price", role="nurse", region="London",
                   bio="I run the discharge lounge and want fewer delayed discharges.",
                   skills=[{"name": "process mapping", "level": 3}], interests=["patient flow"])
    connect(amira, tom)
    return amira, tom
