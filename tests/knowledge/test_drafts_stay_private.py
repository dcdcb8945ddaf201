"""Drafts are their authors' own: a comment on someone else's draft is absent for every action a member
might try (404, as for anything they cannot read), and a coordinator's duplicate-of never publishes one."""

from __future__ import annotations

import pytest

from tests.conftest import Session
from tests.knowledge.conftest import post_idea


@pytest.fixture
def draft_comment(author: Session) -> tuple[str, str]:
    draft = post_idea(author, status="draft", title="Half-written idea about night handovers")
    posted = author.post(f"/api/v1/ideas/{draft['id']}/comments", json={"body": "A note to myself for later."})
    assert posted.status_code == 201, posted.get_json()
    return draft["id"], posted.get_json()["id"]


def test_a_member_cannot_flag_a_comment_on_someone_elses_draft(author: Session, other: Session,
                                                               draft_comment: tuple[str, str]) -> None:
    _, comment_id = draft_comment
    response = other.post(f"/api/v1/comments/{comment_id}/flags", json={"reason": "spam"})
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "no comment with that id"
    assert author.get(f"/api/v1/comments/{comment_id}").get_json()["status"] == "visible"


def test_a_member_cannot_edit_or_delete_a_comment_on_someone_elses_draft(author: Session, other: Session,
                                                                         draft_comment: tuple[str, str]) -> None:
    _, comment_id = draft_comment
    assert other.put(f"/api/v1/comments/{comment_id}", json={"body": "Overwritten"}).status_code == 404
    assert other.delete(f"/api/v1/comments/{comment_id}").status_code == 404
    assert other.get(f"/api/v1/comments/{comment_id}").status_code == 404
    assert author.get(f"/api/v1/comments/{comment_id}").get_json()["body"] == "A note to myself for later."


def test_the_author_still_works_with_comments_on_their_own_draft(author: Session,
                                                                 draft_comment: tuple[str, str]) -> None:
    _, comment_id = draft_comment
    assert author.put(f"/api/v1/comments/{comment_id}", json={"body": "A better note."}).status_code == 200


def test_the_flag_form_on_the_pages_is_refused_the_same_way(other: Session, draft_comment: tuple[str, str]) -> None:
    idea_id, comment_id = draft_comment
    response = other.client.post(f"/ideas/{idea_id}/comments/{comment_id}/flag",
                                 data={"csrf_token": other.csrf, "reason": "spam"})
    assert response.status_code == 404


def test_marking_a_draft_as_a_duplicate_is_refused_and_does_not_publish_it(author: Session, other: Session,
                                                                           coordinator: Session) -> None:
    draft = post_idea(author, status="draft", title="Draft: discharge lounges for frail patients")
    published = post_idea(other, title="Discharge lounges on medical wards")
    response = coordinator.post(f"/api/v1/ideas/{draft['id']}/duplicate-of", json={"original_id": published["id"]})
    assert response.status_code == 409
    assert response.get_json()["error"]["fields"] == {"idea_id": ["is a draft"]}
    assert author.get(f"/api/v1/ideas/{draft['id']}").get_json()["status"] == "draft"
    assert other.get(f"/api/v1/ideas/{draft['id']}").status_code == 404  # still private

    backwards = coordinator.post(f"/api/v1/ideas/{published['id']}/duplicate-of", json={"original_id": draft["id"]})
    assert backwards.status_code == 409
    assert backwards.get_json()["error"]["fields"] == {"original_id": ["is a draft"]}
    assert other.get(f"/api/v1/ideas/{published['id']}").get_json()["status"] == "open"
