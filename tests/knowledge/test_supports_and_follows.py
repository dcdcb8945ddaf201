"""Supports and follows: one per member, idempotent, withdrawable, and exact under concurrent clicks."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from flask import Flask

from qnet.graph.driver import Graph
from tests.conftest import Session, register
from tests.knowledge.conftest import post_idea


def test_support_is_idempotent_and_withdrawable(author: Session, other: Session) -> None:
    idea = post_idea(author)
    url = f"/api/v1/ideas/{idea['id']}/support"
    assert other.post(url).get_json() == {"supported": True, "support_count": 1}
    assert other.post(url).get_json() == {"supported": True, "support_count": 1}
    assert other.get(f"/api/v1/ideas/{idea['id']}").get_json()["supported_by_me"] is True
    assert other.delete(url).get_json() == {"supported": False, "support_count": 0}
    assert other.delete(url).get_json() == {"supported": False, "support_count": 0}


def test_a_draft_cannot_be_supported(author: Session) -> None:
    idea = post_idea(author, status="draft")
    assert author.post(f"/api/v1/ideas/{idea['id']}/support").status_code == 409


def test_support_count_is_exact_under_concurrent_clicks(app: Flask, author: Session, graph: Graph) -> None:
    idea = post_idea(author)
    supporters = [register(app.test_client()) for _ in range(6)]
    url = f"/api/v1/ideas/{idea['id']}/support"
    clicks = [s for s in supporters for _ in range(3)]  # every member clicks three times at once

    with ThreadPoolExecutor(max_workers=9) as pool:
        statuses = list(pool.map(lambda s: s.post(url).status_code, clicks))
    assert statuses == [200] * len(clicks)
    assert author.get(f"/api/v1/ideas/{idea['id']}").get_json()["support_count"] == 6
    rows = graph.query("MATCH (:Member)-[s:SUPPORTS]->(:Idea {id: $id}) RETURN count(s) AS n", id=idea["id"])
    assert rows[0]["n"] == 6


def test_members_follow_ideas_projects_and_groups(author: Session, other: Session) -> None:
    idea = post_idea(author)
    project = author.post("/api/v1/projects", json={"title": "Clinic reminders", "aim": "Fewer missed appointments"}).get_json()
    group = author.post("/api/v1/groups", json={"name": "Outpatients SIG", "topics": ["outpatients"],
                                                "learning_question": "How do we make clinics work for patients?"}).get_json()
    for path in (f"ideas/{idea['id']}", f"projects/{project['id']}", f"groups/{group['id']}"):
        assert other.post(f"/api/v1/{path}/follow").get_json() == {"following": True, "follower_count": 1}
        assert other.post(f"/api/v1/{path}/follow").get_json()["follower_count"] == 1
        assert author.post(f"/api/v1/{path}/follow").get_json()["follower_count"] == 2
        assert other.delete(f"/api/v1/{path}/follow").get_json() == {"following": False, "follower_count": 1}
    assert author.get(f"/api/v1/ideas/{idea['id']}").get_json()["following"] is True


def test_following_something_that_does_not_exist_is_404(other: Session) -> None:
    assert other.post("/api/v1/projects/nope/follow").status_code == 404
    assert other.post("/api/v1/groups/nope/follow").status_code == 404
