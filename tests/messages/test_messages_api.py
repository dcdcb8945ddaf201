"""Messages between members over the API: who may write, reading, paging, limits and refusals."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask.testing import FlaskClient

from qnet.matching.messaging.messages import MAX_BODY
from qnet.services import Services
from tests.conftest import register
from tests.messages.conftest import CONVERSATIONS, connected_pair, send, thread_url


def test_connected_members_write_and_read_newest_first(client: FlaskClient) -> None:
    amira, tom = connected_pair(client)
    first = send(amira, tom, "Hello Tom, could we talk about discharge delays?")
    assert first.status_code == 201, first.get_json()
    sent = first.get_json()
    assert sent["mine"] is True and sent["sender"]["name"] == "Amira Hassan" and sent["status"] == "sent"
    send(amira, tom, "Tuesday works for me.")

    listing = tom.get(CONVERSATIONS).get_json()
    assert listing["unread"] == 2 and len(listing["conversations"]) == 1
    talk = listing["conversations"][0]
    assert talk["member"] == {"id": amira.member["id"], "name": "Amira Hassan"}
    assert talk["unread"] == 2 and talk["last_message"]["body"] == "Tuesday works for me."

    thread = tom.get(thread_url(amira)).get_json()
    assert [m["body"] for m in thread["messages"]] == ["Tuesday works for me.",
                                                      "Hello Tom, could we talk about discharge delays?"]
    assert all(not m["mine"] for m in thread["messages"]) and thread["can_reply"] is True
    assert tom.get(CONVERSATIONS).get_json()["unread"] == 0  # reading marked them read

    assert send(tom, amira, "Yes, Tuesday at ten.").status_code == 201
    mine = amira.get(CONVERSATIONS).get_json()
    assert mine["unread"] == 1 and mine["conversations"][0]["last_message"]["mine"] is False
    assert "@example.org" not in amira.get(thread_url(tom)).get_data(as_text=True)  # emails never shown


def test_conversations_are_listed_most_recent_first_and_paged(client: FlaskClient) -> None:
    amira, tom = connected_pair(client)
    grace = register(client, name="Grace Owusu")
    from tests.messages.conftest import connect

    connect(grace, amira)
    send(amira, tom, "first")
    send(amira, grace, "second")
    page = amira.get(f"{CONVERSATIONS}?limit=1").get_json()
    assert [c["member"]["name"] for c in page["conversations"]] == ["Grace Owusu"] and page["next_cursor"]
    rest = amira.get(f"{CONVERSATIONS}?limit=1&cursor={page['next_cursor']}").get_json()
    assert [c["member"]["name"] for c in rest["conversations"]] == ["Tom Price"] and rest["next_cursor"] is None
    send(tom, amira, "third")
    assert amira.get(CONVERSATIONS).get_json()["conversations"][0]["member"]["name"] == "Tom Price"
    bad = amira.get(f"{CONVERSATIONS}?cursor=not-a-cursor")
    assert bad.status_code == 400 and "cursor" in bad.get_json()["error"]["fields"]


def test_a_long_thread_pages_back_to_its_first_message(client: FlaskClient) -> None:
    amira, tom = connected_pair(client)
    for k in range(5):
        assert send(amira if k % 2 == 0 else tom, amira if k % 2 else tom, f"message {k}").status_code == 201
    seen: list[str] = []
    url = f"{thread_url(tom)}?limit=2"
    while url:
        body = amira.get(url).get_json()
        seen += [m["body"] for m in body["messages"]]
        url = f"{thread_url(tom)}?limit=2&cursor={body['next_cursor']}" if body["next_cursor"] else ""
    assert seen == [f"message {k}" for k in reversed(range(5))]
    other = amira.get(f"{CONVERSATIONS}?limit=1").get_json()["next_cursor"]
    assert other is None


def test_members_who_are_not_connected_or_introduced_cannot_write(client: FlaskClient) -> None:
    amira, stranger = register(client), register(client)
    refused = send(amira, stranger, "Hello")
    assert refused.status_code == 403
    assert amira.get(thread_url(stranger)).status_code == 403
    assert send(amira, "no-such-member", "Hello").status_code == 404
    assert send(amira, amira, "Hello me").status_code == 400
    assert stranger.get(CONVERSATIONS).get_json() == {"conversations": [], "unread": 0, "next_cursor": None}


@pytest.mark.parametrize("body", ["", "   \n\t ", "x" * (MAX_BODY + 1)])
def test_an_empty_or_overlong_message_is_refused_by_field(client: FlaskClient, body: str) -> None:
    amira, tom = connected_pair(client)
    refused = send(amira, tom, body)
    assert refused.status_code == 400 and "body" in refused.get_json()["error"]["fields"]
    assert tom.get(CONVERSATIONS).get_json()["conversations"] == []  # nothing was stored


def test_unknown_fields_and_missing_body_are_named(client: FlaskClient) -> None:
    amira, tom = connected_pair(client)
    refused = amira.post(f"{thread_url(tom)}/messages", json={"text": "hi"})
    assert refused.status_code == 400 and {"body", "text"} <= set(refused.get_json()["error"]["fields"])


@pytest.fixture
def three_an_hour(services: Services) -> Iterator[None]:
    """The hourly limit (QNET_MESSAGES_PER_HOUR) set low for one test."""
    before = services.messages.per_hour
    services.messages.per_hour = 3
    yield
    services.messages.per_hour = before


def test_more_messages_than_the_hourly_limit_get_429(client: FlaskClient, three_an_hour: None) -> None:
    amira, tom = connected_pair(client)
    assert [send(amira, tom, f"note {k}").status_code for k in range(4)] == [201, 201, 201, 429]
    assert send(tom, amira, "my own allowance").status_code == 201  # the limit is per sender
    assert len(tom.get(thread_url(amira)).get_json()["messages"]) == 4


def test_bodies_are_plain_text_kept_as_written(client: FlaskClient) -> None:
    amira, tom = connected_pair(client)
    send(amira, tom, "<script>alert(1)</script>\r\nSecond line ")
    body = tom.get(thread_url(amira)).get_json()["messages"][0]["body"]
    assert body == "<script>alert(1)</script>\nSecond line"
