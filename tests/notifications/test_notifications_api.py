"""GET/POST notifications and notification settings through the API, and the activity that notifies:
comments on my idea, replies, activity on what I follow, status changes. Real Neo4j, real app."""

from __future__ import annotations

from flask import Flask

from qnet.services import Services
from tests.conftest import Session
from tests.knowledge.conftest import sign_in_as
from tests.notifications.conftest import comment, notes, post_idea


def test_notifications_need_sign_in(app: Flask) -> None:
    response = app.test_client().get("/api/v1/members/me/notifications")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"]


def test_a_comment_tells_the_author_a_reply_tells_the_commenter_and_followers_hear_once(
        services: Services, amira: Session, tom: Session, grace: Session) -> None:
    idea = post_idea(amira)
    assert grace.post(f"/api/v1/ideas/{idea['id']}/follow").status_code == 200
    assert tom.post(f"/api/v1/ideas/{idea['id']}/follow").status_code == 200
    first = comment(tom, idea["id"], "We tried this on ward 7 and falls went down.")
    comment(amira, idea["id"], "Thank you, how long did the huddles take?", reply_to=first["id"])
    services.notifier.dispatcher.drain()

    amira_notes = notes(amira)
    assert [n["kind"] for n in amira_notes["notifications"]] == ["comment_on_mine"]  # not her own reply
    [told] = amira_notes["notifications"]
    assert told["text"] == f"Tom Price commented on your idea “{idea['title']}”"
    assert told["link"] == f"/ideas/{idea['id']}#comment-{first['id']}"
    assert told["actor"] == {"id": tom.member["id"], "name": "Tom Price"} and told["read"] is False
    assert amira_notes["unread"] == 1

    assert [n["text"] for n in notes(tom)["notifications"]] == [
        f"Amira Hassan replied to your comment on “{idea['title']}”"]  # the reply, not also "followed"
    assert sorted(n["text"] for n in notes(grace)["notifications"]) == sorted([
        f"Tom Price commented on “{idea['title']}”, which you follow",
        f"Amira Hassan commented on “{idea['title']}”, which you follow"])


def test_status_changes_tell_the_author_and_followers(app: Flask, services: Services, amira: Session,
                                                      grace: Session) -> None:
    idea = post_idea(amira)
    grace.post(f"/api/v1/ideas/{idea['id']}/follow")
    coordinator = sign_in_as(app, services, "coordinator", name="Cora Ordinator")
    response = coordinator.put(f"/api/v1/ideas/{idea['id']}/status", json={"status": "shortlisted"})
    assert response.status_code == 200, response.get_json()
    services.notifier.dispatcher.drain()
    assert [(n["kind"], n["text"]) for n in notes(amira)["notifications"]] == [
        ("idea_status", f"Your idea “{idea['title']}” has been shortlisted")]
    assert [n["text"] for n in notes(grace)["notifications"]] == [
        f"“{idea['title']}”, which you follow, is now shortlisted"]


def test_marking_read_by_ids_and_all_and_refusing_bad_bodies(amira: Session, tom: Session) -> None:
    idea = post_idea(amira)
    for i in range(3):
        comment(tom, idea["id"], f"Comment number {i} on this idea.")
    listed = notes(amira, limit=2)
    assert listed["unread"] == 3 and len(listed["notifications"]) == 2 and listed["next_cursor"]
    rest = notes(amira, limit=2, cursor=listed["next_cursor"])
    assert len(rest["notifications"]) == 1 and rest["next_cursor"] is None

    newest = listed["notifications"][0]["id"]
    response = amira.post("/api/v1/members/me/notifications/read", json={"ids": [newest]})
    assert response.status_code == 200 and response.get_json() == {"unread": 2}
    assert [n["id"] for n in notes(amira, unread="true")["notifications"]] == [
        listed["notifications"][1]["id"], rest["notifications"][0]["id"]]
    assert tom.post("/api/v1/members/me/notifications/read", json={"ids": [newest]}).get_json() == {"unread": 0}
    assert notes(amira)["unread"] == 2  # Tom cannot read Amira's notifications

    for body in ({}, {"ids": [newest], "all": True}, {"all": False}, {"ids": []}, {"ids": "x"}, {"what": 1}):
        bad = amira.post("/api/v1/members/me/notifications/read", json=body)
        assert bad.status_code == 400, body
        assert bad.get_json()["error"]["fields"], body
    assert amira.get("/api/v1/members/me/notifications?cursor=nonsense").status_code == 400
    assert amira.get("/api/v1/members/me/notifications?limit=0").status_code == 400
    assert amira.post("/api/v1/members/me/notifications/read", json={"all": True}).get_json() == {"unread": 0}


def test_settings_have_sensible_defaults_and_change_per_kind(amira: Session) -> None:
    response = amira.get("/api/v1/members/me/notification-settings")
    assert response.status_code == 200
    body = response.get_json()
    assert body["email"]["message"] == "immediate" and body["email"]["connection_requested"] == "immediate"
    assert body["email"]["followed_activity"] == "daily" and body["email"]["member_nearby"] == "weekly"
    assert body["modes"] == ["immediate", "daily", "weekly", "never"]
    assert {k["kind"] for k in body["kinds"]} == set(body["email"])

    changed = amira.put("/api/v1/members/me/notification-settings",
                        json={"email": {"followed_activity": "weekly", "message": "never"}})
    assert changed.status_code == 200
    email = changed.get_json()["email"]
    assert (email["followed_activity"], email["message"], email["reply"]) == ("weekly", "never", "daily")
    assert amira.get("/api/v1/members/me/notification-settings").get_json()["email"] == email

    for body in ({"email": {"message": "hourly"}}, {"email": {"nonsense": "daily"}}, {}, {"email": "daily"}):
        bad = amira.put("/api/v1/members/me/notification-settings", json=body)
        assert bad.status_code == 400, body
        assert bad.get_json()["error"]["fields"]
    assert amira.get("/api/v1/members/me/notification-settings").get_json()["email"] == email


def test_my_export_holds_my_notifications_and_leaving_removes_them_and_those_naming_me(
        services: Services, amira: Session, tom: Session, grace: Session) -> None:
    idea = post_idea(amira)
    comment(tom, idea["id"], "We tried this on ward 7 and falls went down.")
    services.notifier.notify([tom.member["id"]], "message", grace.member["id"], "Grace Owusu sent you a message")
    export = tom.get("/api/v1/members/me/export").get_json()
    assert [(n["kind"], n["text"]) for n in export["notifications"]] == [
        ("message", "Grace Owusu sent you a message")]
    assert export["member"].get("mail_message") is None  # choices appear once made
    tom.put("/api/v1/members/me/notification-settings", json={"email": {"message": "weekly"}})
    assert tom.get("/api/v1/members/me/export").get_json()["member"]["mail_message"] == "weekly"

    assert tom.delete("/api/v1/members/me", json={"password": "correct-horse-battery"}).status_code == 204
    left = services.graph.query("MATCH (n:Notification) RETURN n.recipient AS r, n.text AS text")
    assert all("Tom Price" not in row["text"] and row["r"] != tom.member["id"] for row in left)
    assert notes(amira)["notifications"] == []  # "Tom Price commented on your idea" went with him
