"""Comments: threads, limits, the edit window, flags that hide at the threshold, recorded moderation."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask

from qnet.core.errors import Conflict
from qnet.graph.driver import Graph
from qnet.services import Services
from tests.conftest import Session, register
from tests.knowledge.conftest import post_idea


def comment(session: Session, idea_id: str, body: str = "Have you tried two-way texts?", **extra: str) -> dict:
    response = session.post(f"/api/v1/ideas/{idea_id}/comments", json={"body": body, **extra})
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def test_replies_are_threaded_and_emails_never_published(author: Session, other: Session) -> None:
    idea = post_idea(author)
    top = comment(other, idea["id"], "What about people without mobiles?")
    reply = comment(author, idea["id"], "We would post a letter too.", reply_to=top["id"])
    comment(other, idea["id"], "Thanks, that answers it.", reply_to=reply["id"])
    response = other.get(f"/api/v1/ideas/{idea['id']}/comments")
    thread = response.get_json()["comments"]
    assert [c["id"] for c in thread] == [top["id"]]
    assert thread[0]["replies"][0]["id"] == reply["id"]
    assert thread[0]["replies"][0]["replies"][0]["body"] == "Thanks, that answers it."
    assert thread[0]["author"] == {"id": other.member["id"], "name": "Tom Price"}
    assert "@example.org" not in response.get_data(as_text=True)
    assert author.get(f"/api/v1/ideas/{idea['id']}").get_json()["comment_count"] == 3


def test_body_is_required_within_length_limits_and_sanitised(author: Session) -> None:
    idea = post_idea(author)
    url = f"/api/v1/ideas/{idea['id']}/comments"
    for body in ({}, {"body": ""}, {"body": "   "}, {"body": "x" * 5001}):
        response = author.post(url, json=body)
        assert response.status_code == 400 and "body" in response.get_json()["error"]["fields"], body
    made = comment(author, idea["id"], "Good <script>alert(1)</script> **idea**")
    assert "<script" not in made["body_html"] and "<strong>idea</strong>" in made["body_html"]


def test_a_reply_must_answer_a_comment_on_the_same_idea(author: Session) -> None:
    first, second = post_idea(author), post_idea(author, title="Another idea entirely")
    elsewhere = comment(author, first["id"])
    response = author.post(f"/api/v1/ideas/{second['id']}/comments", json={"body": "Hi", "reply_to": elsewhere["id"]})
    assert response.status_code == 400


def test_authors_edit_only_their_own_comment_and_only_within_the_window(author: Session, other: Session,
                                                                       services: Services) -> None:
    idea = post_idea(author)
    made = comment(other, idea["id"], "Frist thought")
    assert author.put(f"/api/v1/comments/{made['id']}", json={"body": "Hijack"}).status_code == 403
    response = other.put(f"/api/v1/comments/{made['id']}", json={"body": "First thought"})
    assert response.status_code == 200 and response.get_json()["edited_at"]
    member = services.profiles.get(other.member["id"])
    later = services.knowledge.comments.clock() + timedelta(minutes=16)
    try:
        services.knowledge.comments.edit(member, made["id"], "Too late", now=later)
        raise AssertionError("an edit after the window must be refused")
    except Conflict as refused:
        assert "15 minutes" in refused.message
    assert other.get(f"/api/v1/comments/{made['id']}").get_json()["body"] == "First thought"


def test_deleting_my_comment_keeps_its_replies(author: Session, other: Session) -> None:
    idea = post_idea(author)
    top = comment(other, idea["id"], "Something I regret")
    comment(author, idea["id"], "A reply", reply_to=top["id"])
    assert author.delete(f"/api/v1/comments/{top['id']}").status_code == 403
    assert other.delete(f"/api/v1/comments/{top['id']}").status_code == 204
    thread = author.get(f"/api/v1/ideas/{idea['id']}/comments").get_json()["comments"]
    assert thread[0]["status"] == "deleted" and thread[0]["body"] is None
    assert thread[0]["replies"][0]["body"] == "A reply"


def test_three_open_flags_hide_a_comment_pending_review(app: Flask, author: Session, other: Session,
                                                       coordinator: Session) -> None:
    idea = post_idea(author)
    made = comment(other, idea["id"], "Something rude")
    flaggers = [register(app.test_client()) for _ in range(3)]
    url = f"/api/v1/comments/{made['id']}/flags"
    assert flaggers[0].post(url, json={"reason": "rude"}).get_json() == {"open_flags": 1, "status": "visible"}
    assert flaggers[0].post(url, json={"reason": "very rude"}).get_json()["open_flags"] == 1  # one per member
    assert flaggers[1].post(url, json={"reason": "abusive"}).get_json() == {"open_flags": 2, "status": "visible"}
    assert flaggers[2].post(url, json={"reason": "off topic"}).get_json() == {"open_flags": 3, "status": "hidden"}
    seen = author.get(f"/api/v1/ideas/{idea['id']}/comments").get_json()["comments"][0]
    assert seen["status"] == "hidden" and seen["body"] is None
    queue = coordinator.get("/api/v1/comments/moderation-queue").get_json()["items"]
    assert queue[0]["comment"]["id"] == made["id"] and queue[0]["comment"]["body"] == "Something rude"
    assert sorted(queue[0]["flag_reasons"]) == ["abusive", "off topic", "very rude"]
    history = coordinator.get(f"/api/v1/comments/{made['id']}/moderation").get_json()["actions"]
    assert history[0]["action"] == "auto_hide" and history[0]["moderator"] is None


def test_flag_needs_a_reason(author: Session) -> None:
    made = comment(author, post_idea(author)["id"])
    assert author.post(f"/api/v1/comments/{made['id']}/flags", json={}).status_code == 400


def test_coordinators_hide_restore_and_remove_and_every_action_is_recorded(author: Session, other: Session,
                                                                          coordinator: Session) -> None:
    made = comment(other, post_idea(author)["id"], "Borderline remark")
    url = f"/api/v1/comments/{made['id']}/moderation"
    assert author.post(url, json={"action": "hide", "reason": "I dislike it"}).status_code == 403
    assert coordinator.post(url, json={"action": "hide"}).status_code == 400  # a reason is required
    assert coordinator.post(url, json={"action": "hide", "reason": "under review"}).get_json()["status"] == "hidden"
    assert coordinator.post(url, json={"action": "restore", "reason": "fine on reflection"}).get_json()["status"] == "visible"
    assert coordinator.post(url, json={"action": "remove", "reason": "breaks rule 3"}).get_json()["status"] == "removed"
    assert coordinator.post(url, json={"action": "hide", "reason": "again"}).status_code == 400
    history = coordinator.get(url).get_json()["actions"]
    assert [(a["action"], a["reason"], a["moderator"]["name"]) for a in history] == [
        ("hide", "under review", "Cora Ordinator"), ("restore", "fine on reflection", "Cora Ordinator"),
        ("remove", "breaks rule 3", "Cora Ordinator")]
    assert author.get(f"/api/v1/comments/{made['id']}").get_json()["body"] is None
    assert author.get(url).status_code == 403


def test_comment_of_a_departed_member_shows_as_former_member(author: Session, other: Session, graph: Graph) -> None:
    made = comment(other, post_idea(author)["id"], "Still useful advice")
    graph.execute("MATCH (m:Member {id: $id}) DETACH DELETE m", id=other.member["id"])
    body = author.get(f"/api/v1/comments/{made['id']}").get_json()
    assert body["author"] == {"id": None, "name": "former member"} and body["body"] == "Still useful advice"


def test_comments_on_projects(author: Session, other: Session) -> None:
    project = author.post("/api/v1/projects", json={"title": "Clinic reminders", "aim": "Fewer missed appointments"}).get_json()
    response = other.post(f"/api/v1/projects/{project['id']}/comments", json={"body": "Count me in"})
    assert response.status_code == 201
    assert [c["body"] for c in author.get(f"/api/v1/projects/{project['id']}/comments").get_json()["comments"]] == ["Count me in"]


def test_the_comments_policy_is_published(client: object) -> None:
    response = client.get("/api/v1/comments/policy")  # type: ignore[attr-defined]
    assert response.status_code == 200
    policy = response.get_json()
    assert policy["flag_threshold"] == 3 and policy["edit_window_minutes"] == 15
    assert policy["length"] == {"min": 2, "max": 5000} and policy["rules"]
