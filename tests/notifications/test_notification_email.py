"""Notification email through `qnet worker` to a real SMTP server started by the test: immediate
mail, daily digests on schedule, one-click unsubscribe (RFC 8058) without signing in."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from urllib.parse import urlsplit

from flask import Flask

from qnet.matching.worker import Worker
from qnet.services import Services
from tests.conftest import Session
from tests.membership.smtp import LoopbackSmtp
from tests.notifications.conftest import comment, post_idea


def _email_of(services: Services, session: Session) -> str:
    return services.profiles.get(session.member["id"]).email


def _mail_to(smtp: LoopbackSmtp, address: str) -> list[EmailMessage]:
    return [message for recipients, message in smtp.received if address in recipients]


def _text(message: EmailMessage) -> str:
    return str(message.get_content()).replace("\r\n", "\n")


def _one_click(app: Flask, message: EmailMessage) -> str:
    """What a mail client does with List-Unsubscribe-Post: a POST with no cookies and no CSRF token."""
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = str(message["List-Unsubscribe"]).strip("<>")
    response = app.test_client().post(urlsplit(url).path, data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200, response.data
    return response.get_data(as_text=True)


def test_a_message_is_emailed_at_once_and_one_click_stops_that_kind(
        app: Flask, services: Services, worker: Worker, smtp: LoopbackSmtp, amira: Session, tom: Session) -> None:
    services.notifier.notify([tom.member["id"]], "message", amira.member["id"], "Amira Hassan sent you a message",
                             f"/messages/{amira.member['id']}", amira.member["id"])
    report = worker.run_once()
    assert report.immediate == 1 and report.sent >= 1
    [message] = _mail_to(smtp, _email_of(services, tom))
    assert message["Subject"] == "Amira Hassan sent you a message"
    body = _text(message)
    assert body.startswith("Hello Tom Price,\n\nAmira Hassan sent you a message.")
    assert f"/messages/{amira.member['id']}" in body and "/settings/notifications" in body
    assert "Stop these emails with one click" in body

    page = app.test_client().get(urlsplit(str(message["List-Unsubscribe"]).strip("<>")).path)
    assert page.status_code == 200 and "Press the button to stop emails about" in page.get_data(as_text=True)
    assert tom.get("/api/v1/members/me/notification-settings").get_json()["email"]["message"] == "immediate"

    assert "we will no longer send you emails about “new messages”" in _one_click(app, message)
    assert tom.get("/api/v1/members/me/notification-settings").get_json()["email"]["message"] == "never"
    services.notifier.notify([tom.member["id"]], "message", amira.member["id"], "Amira Hassan sent you a message")
    assert worker.run_once().immediate == 0
    assert len(_mail_to(smtp, _email_of(services, tom))) == 1
    assert tom.get("/api/v1/members/me/notifications").get_json()["unread"] == 2  # still told in the app


def test_a_comment_on_a_followed_idea_reaches_the_follower_in_the_daily_digest_once(
        app: Flask, services: Services, worker: Worker, smtp: LoopbackSmtp, amira: Session, tom: Session,
        grace: Session) -> None:
    idea = post_idea(amira)
    tom.post(f"/api/v1/ideas/{idea['id']}/follow")
    comment(grace, idea["id"], "We run these huddles in our trust; happy to share the checklist.")
    services.notifier.dispatcher.drain()
    now = datetime.now(UTC)
    report = worker.run_once(now)
    assert report.immediate == 0 and report.digests["daily"] == 2  # Tom (follows) and Amira (her idea)
    assert report.digests["weekly"] == 0
    [digest] = _mail_to(smtp, _email_of(services, tom))
    assert digest["Subject"] == "Your daily qnet digest: 1 update"
    body = _text(digest)
    assert "New comments, status changes and updates on what you follow" in body
    assert f"- Grace Owusu commented on “{idea['title']}”, which you follow" in body
    assert f"http://127.0.0.1:5000/ideas/{idea['id']}#comment-" in body
    [for_amira] = _mail_to(smtp, _email_of(services, amira))
    assert f"Grace Owusu commented on your idea “{idea['title']}”" in _text(for_amira)

    assert worker.run_once(now + timedelta(minutes=5)).digests == {}  # not due again today
    assert "we will no longer send you the daily digest" in _one_click(app, digest)
    settings = tom.get("/api/v1/members/me/notification-settings").get_json()["email"]
    assert settings["followed_activity"] == "never" and settings["message"] == "immediate"

    comment(grace, idea["id"], "And here is the checklist we use at shift change.")
    services.notifier.dispatcher.drain()
    tomorrow = worker.run_once(now + timedelta(days=1))
    assert tomorrow.digests["daily"] == 1  # Amira only
    daily = [m for m in _mail_to(smtp, _email_of(services, tom)) if m["Subject"].startswith("Your daily")]
    assert daily == [digest]  # (a weekly digest may come: the three joined today and are alike)


def test_choosing_never_before_the_digest_drops_what_was_waiting(
        services: Services, worker: Worker, smtp: LoopbackSmtp, amira: Session, tom: Session) -> None:
    idea = post_idea(amira)
    comment(tom, idea["id"], "A first thought on this idea.")
    assert amira.put("/api/v1/members/me/notification-settings",
                     json={"email": {"comment_on_mine": "never"}}).status_code == 200
    assert worker.run_once().digests["daily"] == 0
    assert _mail_to(smtp, _email_of(services, amira)) == []


def test_a_bad_unsubscribe_link_is_a_404_page(app: Flask) -> None:
    response = app.test_client().post("/unsubscribe/not-a-token", data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 404
    assert "not valid" in response.get_data(as_text=True)
