"""Messages through the pages, without JavaScript: asking to connect with a note, the Message button,
conversations with unread counts, replying, blocking, flagging, moderation, and the pairing choice."""

from __future__ import annotations

import re

from flask import Flask

from qnet.core.records import Member
from qnet.services import Services
from tests.conftest import make_member
from tests.pages.helpers import field_error, signed_in


def _pair(services: Services) -> tuple[Member, Member]:
    amira = make_member(services, name="Amira Hassan")
    tom = make_member(services, name="Tom Price", role="nurse", region="London")
    return amira, tom


def _connected(services: Services) -> tuple[Member, Member]:
    amira, tom = _pair(services)
    services.connections.request(amira.id, tom.id)
    services.connections.accept(tom.id, amira.id)
    return amira, tom


def test_amira_asks_tom_with_a_note_he_accepts_and_they_write(app: Flask, services: Services) -> None:
    amira, tom = _pair(services)
    as_amira, amira_token = signed_in(app, amira.email)
    profile = as_amira.get(f"/members/{tom.id}").get_data(as_text=True)
    assert "Ask to connect" in profile and 'name="message"' in profile and ">Message<" not in profile
    note = "I run sepsis audits in Northfield; could we compare notes on discharge?"
    asked = as_amira.post("/connections/requests", data={"csrf_token": amira_token, "member_id": tom.id,
                                                          "message": note})
    assert asked.status_code == 302

    as_tom, tom_token = signed_in(app, tom.email)
    requests_page = as_tom.get("/connections").get_data(as_text=True)
    assert "Amira Hassan" in requests_page and note in requests_page  # read before accepting
    assert note in as_tom.get(f"/members/{amira.id}").get_data(as_text=True)
    assert as_tom.post(f"/connections/{amira.id}/accept", data={"csrf_token": tom_token}).status_code == 302

    profile = as_amira.get(f"/members/{tom.id}").get_data(as_text=True)
    assert f'href="/messages/{tom.id}"' in profile  # the Message button, now that they are connected
    sent = as_amira.post(f"/messages/{tom.id}", data={"csrf_token": amira_token,
                                                      "body": "Thanks for connecting!\nTuesday at ten?"})
    assert sent.status_code == 302 and sent.headers["Location"].endswith(f"/messages/{tom.id}#reply")

    inbox = as_tom.get("/messages").get_data(as_text=True)
    assert "Amira Hassan" in inbox and "1 unread" in inbox and "Thanks for connecting!" in inbox
    thread = as_tom.get(f"/messages/{amira.id}").get_data(as_text=True)
    assert "Thanks for connecting!\nTuesday at ten?" in thread and 'name="body"' in thread
    read_now = as_tom.get("/messages").get_data(as_text=True)
    assert "1 unread" not in read_now and 'class="badge"' not in read_now  # read now
    as_tom.post(f"/messages/{amira.id}", data={"csrf_token": tom_token, "body": "Tuesday works."})
    mine = as_amira.get(f"/messages/{tom.id}").get_data(as_text=True)
    assert mine.index("Thanks for connecting!") < mine.index("Tuesday works.")  # oldest first on the page
    assert "@example.org" not in mine and "@example.org" not in inbox


def test_an_empty_reply_comes_back_beside_the_box_and_strangers_cannot_write(app: Flask, services: Services) -> None:
    amira, tom = _connected(services)
    stranger = make_member(services, name="Sam Stranger")
    client, token = signed_in(app, amira.email)
    empty = client.post(f"/messages/{tom.id}", data={"csrf_token": token, "body": "   "})
    assert empty.status_code == 400 and field_error(empty.get_data(as_text=True), "body")
    assert services.messages.conversations(amira.id, 10, None).items == []
    refused = client.get(f"/messages/{stranger.id}")
    assert refused.status_code == 403 and "connected to or were introduced to" in refused.get_data(as_text=True)
    assert f'href="/messages/{stranger.id}"' not in client.get(f"/members/{stranger.id}").get_data(as_text=True)


def test_tom_blocks_amira_from_the_conversation_and_she_cannot_write(app: Flask, services: Services) -> None:
    amira, tom = _connected(services)
    services.messages.send(amira, tom.id, "Hello Tom")
    as_tom, tom_token = signed_in(app, tom.email)
    blocked = as_tom.post(f"/messages/{amira.id}/block", data={"csrf_token": tom_token}, follow_redirects=True)
    assert "You have blocked Amira Hassan" in blocked.get_data(as_text=True)
    as_amira, _ = signed_in(app, amira.email)
    thread = as_amira.get(f"/messages/{tom.id}").get_data(as_text=True)
    assert "Hello Tom" in thread and 'name="body"' not in thread and "You cannot write to Tom Price now" in thread
    assert "blocked" not in thread.lower()  # she is not told
    assert f'href="/messages/{tom.id}"' not in as_amira.get(f"/members/{tom.id}").get_data(as_text=True)
    unblocked = as_tom.post(f"/messages/{amira.id}/unblock", data={"csrf_token": tom_token}, follow_redirects=True)
    assert "You have unblocked this member." in unblocked.get_data(as_text=True)
    assert "Block Amira Hassan" in unblocked.get_data(as_text=True)


def test_a_flagged_message_is_moderated_from_the_moderation_page(app: Flask, services: Services) -> None:
    amira, tom = _connected(services)
    rude = services.messages.send(amira, tom.id, "Something offensive")
    as_tom, tom_token = signed_in(app, tom.email)
    no_reason = as_tom.post(f"/messages/{amira.id}/flags/{rude.id}", data={"csrf_token": tom_token, "reason": ""})
    assert no_reason.status_code == 400 and "Why should a coordinator look at it?" in no_reason.get_data(as_text=True)
    flagged = as_tom.post(f"/messages/{amira.id}/flags/{rude.id}",
                          data={"csrf_token": tom_token, "reason": "Abusive"}, follow_redirects=True)
    assert "the coordinators will look at this message" in flagged.get_data(as_text=True)

    coordinator = make_member(services, name="Cora Ordinator", account_role="coordinator")
    as_cora, cora_token = signed_in(app, coordinator.email)
    queue = as_cora.get("/coordinator/moderation").get_data(as_text=True)
    section = queue[queue.index('id="messages"'):]
    assert "Something offensive" in section and "Abusive" in section and "Amira Hassan" in section
    done = as_cora.post(f"/coordinator/moderation/messages/{rude.id}",
                        data={"csrf_token": cora_token, "action": "remove", "reason": "Abusive language"},
                        follow_redirects=True)
    assert "The message is removed." in done.get_data(as_text=True)
    assert "No message is flagged." in done.get_data(as_text=True)
    assert "This message was removed by a coordinator." in as_tom.get(f"/messages/{amira.id}").get_data(as_text=True)


def test_a_member_opts_in_to_pairing_on_their_profile_page(app: Flask, services: Services) -> None:
    me = make_member(services, name="Pat Pairing")
    client, token = signed_in(app, me.email)
    page = client.get("/profile").get_data(as_text=True)
    assert "Monthly pairing" in page and not re.search(r'name="opt_in"[^>]*checked', page)
    saved = client.post("/profile/pairing", data={"csrf_token": token, "opt_in": "on"}, follow_redirects=True)
    assert "You will be paired in the next round." in saved.get_data(as_text=True)
    assert services.insight.pairings.opt_in(me.id) is True
    assert re.search(r'name="opt_in"[^>]*checked', client.get("/profile").get_data(as_text=True))
    client.post("/profile/pairing", data={"csrf_token": token})
    assert services.insight.pairings.opt_in(me.id) is False
