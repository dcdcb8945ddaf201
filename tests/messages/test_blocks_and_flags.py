"""Blocks (neither may write, ask to connect or be suggested; the blocked member is not told) and
flags on messages (moderators see the flagged message, only that one)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from qnet.services import Services
from tests.conftest import register
from tests.coordinator.conftest import sign_in_as
from tests.messages.conftest import (
    BLOCKS,
    CONVERSATIONS,
    REQUESTS,
    connect,
    connected_pair,
    send,
    thread_url,
)

QUEUE = "/api/v1/messages/moderation-queue"


def test_a_block_stops_messages_both_ways_without_saying_so(client: FlaskClient) -> None:
    amira, tom = connected_pair(client)
    stranger = register(client)
    not_allowed = send(amira, stranger, "hello").get_json()["error"]["message"]
    send(amira, tom, "before the block")

    assert tom.post(f"{BLOCKS}/{amira.member['id']}").status_code == 204
    refused = send(amira, tom, "after the block")
    assert refused.status_code == 403
    assert refused.get_json()["error"]["message"] == not_allowed  # the same words as for a stranger
    assert send(tom, amira, "nor the other way").status_code == 403
    history = amira.get(thread_url(tom)).get_json()
    assert [m["body"] for m in history["messages"]] == ["before the block"] and history["can_reply"] is False
    assert history["blocked"] is False  # Amira is not told that Tom blocked her
    assert tom.get(thread_url(amira)).get_json()["blocked"] is True
    assert amira.get("/api/v1/members/me/connections").get_json()["connections"] == []  # the block ended it
    assert tom.get(BLOCKS).get_json()["blocks"][0]["id"] == amira.member["id"]
    assert amira.get(BLOCKS).get_json()["blocks"] == []


def test_blocked_members_cannot_ask_to_connect_or_be_suggested(client: FlaskClient) -> None:
    amira = register(client, name="Amira")
    tom = register(client, name="Tom")  # the same profile: each is the other's best suggestion
    assert tom.member["id"] in [s["member"]["id"] for s in amira.get("/api/v1/members/me/suggestions")
                                .get_json()["suggestions"]]
    assert tom.post(f"{BLOCKS}/{amira.member['id']}").status_code == 204
    for who, other in ((amira, tom), (tom, amira)):
        asked = who.post(REQUESTS, json={"member_id": other.member["id"]})
        assert asked.status_code == 403 and "block" not in asked.get_json()["error"]["message"]
        suggested = who.get("/api/v1/members/me/suggestions").get_json()["suggestions"]
        assert other.member["id"] not in [s["member"]["id"] for s in suggested]

    assert tom.delete(f"{BLOCKS}/{amira.member['id']}").status_code == 204
    assert tom.delete(f"{BLOCKS}/{amira.member['id']}").status_code == 404
    assert amira.post(REQUESTS, json={"member_id": tom.member["id"]}).status_code == 201
    assert tom.post(f"{BLOCKS}/{tom.member['id']}").status_code == 400
    assert tom.post(f"{BLOCKS}/no-such-member").status_code == 404


def test_a_flagged_message_reaches_the_moderators_alone(app: Flask, client: FlaskClient,
                                                        services: Services) -> None:
    amira, tom = connected_pair(client)
    send(amira, tom, "An ordinary message.")
    rude = send(amira, tom, "Something offensive.").get_json()
    coordinator = sign_in_as(app, services, "coordinator", name="Cora Ordinator")
    assert coordinator.get(QUEUE).get_json()["items"] == []  # private until flagged

    assert tom.post(f"/api/v1/messages/{rude['id']}/flags", json={"reason": ""}).status_code == 400
    assert amira.post(f"/api/v1/messages/{rude['id']}/flags", json={"reason": "mine"}).status_code == 403
    outsider = register(client)
    assert outsider.post(f"/api/v1/messages/{rude['id']}/flags", json={"reason": "nosy"}).status_code == 404
    flagged = tom.post(f"/api/v1/messages/{rude['id']}/flags", json={"reason": "This is abusive."})
    assert flagged.status_code == 201 and flagged.get_json() == {"open_flags": 1}

    assert tom.get(QUEUE).status_code == 403
    items = coordinator.get(QUEUE).get_json()["items"]
    assert [(i["message"]["body"], i["flag_reasons"]) for i in items] == [("Something offensive.", ["This is abusive."])]
    assert items[0]["message"]["sender"]["name"] == "Amira Hassan"
    assert "An ordinary message." not in coordinator.get(QUEUE).get_data(as_text=True)
    assert coordinator.get(thread_url(amira)).status_code == 403  # the conversation stays theirs

    moderated = coordinator.post(f"/api/v1/messages/{rude['id']}/moderation",
                                 json={"action": "remove", "reason": "Abusive language."})
    assert moderated.status_code == 200 and moderated.get_json() == {"status": "removed"}
    assert coordinator.get(QUEUE).get_json()["items"] == []
    shown = {m["id"]: m for m in tom.get(thread_url(amira)).get_json()["messages"]}
    assert shown[rude["id"]]["status"] == "removed" and shown[rude["id"]]["body"] is None
    assert tom.post(f"/api/v1/messages/{rude['id']}/flags", json={"reason": "again"}).status_code == 409


def test_a_connection_request_carries_an_introduction_read_before_accepting(client: FlaskClient) -> None:
    amira, tom = register(client, name="Amira"), register(client, name="Tom")
    too_long = amira.post(REQUESTS, json={"member_id": tom.member["id"], "message": "x" * 501})
    assert too_long.status_code == 400 and "message" in too_long.get_json()["error"]["fields"]
    note = "I saw your discharge lounge work; could we compare notes on delays?"
    assert amira.post(REQUESTS, json={"member_id": tom.member["id"], "message": note}).status_code == 201
    incoming = tom.get(REQUESTS).get_json()["incoming"]
    assert [(r["member"]["id"], r["message"]) for r in incoming] == [(amira.member["id"], note)]
    assert amira.get(REQUESTS).get_json()["outgoing"][0]["message"] == note
    assert send(amira, tom, "hello?").status_code == 403  # a request is not yet a connection
    assert tom.post(f"{REQUESTS}/{amira.member['id']}/accept").status_code == 204
    assert send(tom, amira, "Happy to compare notes.").status_code == 201
    plain = register(client)
    connect(plain, amira)  # a request without a message still works
    assert amira.get(CONVERSATIONS).get_json()["conversations"][0]["member"]["id"] == tom.member["id"]
