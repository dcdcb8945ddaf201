"""The notification pages over HTTP without JavaScript: the header's unread count on every page, the
notifications list, opening one, marking all read, the email settings form, and the signed-in home."""

from __future__ import annotations

import re

from flask import Flask

from qnet.services import Services
from tests.conftest import make_member
from tests.pages.helpers import signed_in


def _header_count(html: str) -> str | None:
    found = re.search(r'Notifications <span class="count">(\d+\+?)<span class="visually-hidden"> unread', html)
    return found.group(1) if found else None


def test_the_header_counts_unread_and_the_list_reads_them(app: Flask, services: Services) -> None:
    tom = make_member(services, name="Tom Price")
    amira = make_member(services, name="Amira Hassan")
    services.notifier.notify([tom.id], "connection_requested", amira.id, "Amira Hassan asked to connect with you",
                             "/connections")
    services.notifier.notify([tom.id], "reply", amira.id, "Amira Hassan replied to your comment on “Falls”",
                             "/ideas/x")
    client, csrf = signed_in(app, tom.email)
    for path in ("/", "/ideas", "/notifications", "/settings/notifications"):
        assert _header_count(client.get(path).get_data(as_text=True)) == "2", path

    html = client.get("/notifications").get_data(as_text=True)
    assert "You have 2 unread notifications." in html
    assert html.index("replied to your comment") < html.index("asked to connect")  # newest first
    [open_link] = re.findall(r'href="(/notifications/[^/]+/open\?to=(?:%2F|/)connections)"', html)
    response = client.get(open_link)
    assert response.status_code == 303 and response.headers["Location"] == "/connections"
    assert _header_count(client.get("/").get_data(as_text=True)) == "1"

    response = client.post("/notifications/read", data={"csrf_token": csrf}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "All notifications marked as read." in html and "You have no unread notifications." in html
    assert _header_count(html) is None


def test_opening_a_notification_never_redirects_off_site(app: Flask, services: Services) -> None:
    tom = make_member(services)
    client, _ = signed_in(app, tom.email)
    response = client.get("/notifications/whatever/open?to=https://evil.example/")
    assert response.headers["Location"] == "/notifications"


def test_the_settings_form_saves_choices_and_refuses_nonsense(app: Flask, services: Services) -> None:
    tom = make_member(services)
    client, csrf = signed_in(app, tom.email)
    html = client.get("/settings/notifications").get_data(as_text=True)
    assert "<legend>New messages</legend>" in html
    assert re.search(r'name="message" value="immediate" checked', html)
    assert re.search(r'name="followed_activity" value="daily" checked', html)
    form = {k: "daily" for k in ("connection_requested", "connection_accepted", "message", "pairing_introduction",
                                 "comment_on_mine", "reply", "followed_activity", "idea_status", "round_voting",
                                 "member_nearby")}
    form["message"] = "never"
    response = client.post("/settings/notifications", data={"csrf_token": csrf, **form}, follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "Your email choices are saved." in html and re.search(r'name="message" value="never" checked', html)
    assert services.notification_email.settings(tom.id)["message"] == "never"

    response = client.post("/settings/notifications", data={"csrf_token": csrf, **form, "reply": "hourly"})
    assert response.status_code == 400
    assert "Choose one option for each kind of notification." in response.get_data(as_text=True)
    assert services.notification_email.settings(tom.id)["reply"] == "daily"
    no_csrf = client.post("/settings/notifications", data=form)
    assert no_csrf.status_code == 403


def test_the_signed_in_home_shows_what_is_new(app: Flask, services: Services) -> None:
    tom = make_member(services, name="Tom Price")
    amira = make_member(services, name="Amira Hassan")
    services.connections.request(amira.id, tom.id)
    services.connections.accept(tom.id, amira.id)
    services.messages.send(amira, tom.id, "Could we compare our falls huddles next week?")
    services.notifier.notify([tom.id], "followed_activity", amira.id,
                             "Amira Hassan commented on “Falls huddles”, which you follow", "/ideas/x")
    services.notifier.notify([tom.id], "comment_on_mine", amira.id,
                             "Amira Hassan commented on your idea “Sepsis screening”", "/ideas/y")
    client, _ = signed_in(app, tom.email)
    html = client.get("/").get_data(as_text=True)
    for heading in ("New for you", "Unread messages", "Notifications", "On what you follow",
                    "Ideas and projects close to your interests and skills", "People you were introduced to"):
        assert f">{heading}</h" in html, heading
    messages = html[html.index("Unread messages"):html.index('id="home-notifications"')]
    assert "Amira Hassan</a>:\n        1 unread message" in messages
    assert "Could we compare our falls huddles next week?" in messages
    assert f'href="/messages/{amira.id}"' in messages
    assert "which you follow" in html[html.index('id="home-followed"'):]
    assert "commented on your idea “Sepsis screening”" in html[html.index('id="home-notifications"'):]
    assert "What would you like to do?" in html
    visitor = app.test_client().get("/").get_data(as_text=True)
    assert "New for you" not in visitor and _header_count(visitor) is None
