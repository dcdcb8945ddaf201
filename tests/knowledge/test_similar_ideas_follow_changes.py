"""Similar ideas stay true to the graph: the in-memory ranking follows edits, withdrawals and new ideas."""

from __future__ import annotations

from tests.conftest import Session
from tests.knowledge.conftest import post_idea
from tests.knowledge.test_ideas_similar import DISTRACTORS, PARAPHRASE, REMINDERS


def similar_ids(session: Session, idea_id: str) -> list[str]:
    response = session.get(f"/api/v1/ideas/{idea_id}/similar?limit=5")
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["ideas"]]


def test_similar_ideas_follow_new_ideas_edits_and_withdrawals(author: Session, other: Session) -> None:
    duplicate = post_idea(author, **PARAPHRASE)
    parking = post_idea(other, **DISTRACTORS[0])
    assert similar_ids(author, duplicate["id"]) == [parking["id"]]
    original = post_idea(other, **REMINDERS)
    assert similar_ids(author, duplicate["id"])[0] == original["id"]  # a new idea is ranked at once
    assert other.delete(f"/api/v1/ideas/{original['id']}").status_code == 200
    assert original["id"] not in similar_ids(author, duplicate["id"])  # withdrawn ideas are not offered
    edited = other.put(f"/api/v1/ideas/{parking['id']}", json=REMINDERS)
    assert edited.status_code == 200, edited.get_json()
    for idea in DISTRACTORS[1:]:
        post_idea(other, **idea)
    assert similar_ids(author, duplicate["id"])[0] == parking["id"]  # ranked by its new text
