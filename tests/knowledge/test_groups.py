"""Special interest groups: convening, joining, suggestions for members and merge candidates."""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.conftest import Session, register


def group_body(**overrides: Any) -> dict[str, Any]:
    body = {"name": "Sepsis SIG", "learning_question": "How do we spot sepsis earlier in emergency departments?",
            "topics": ["sepsis", "emergency care"]}
    body.update(overrides)
    return body


def test_a_member_convenes_a_group_and_others_join_and_leave(author: Session, other: Session) -> None:
    response = author.post("/api/v1/groups", json=group_body(co_conveners=[other.member["id"]]))
    assert response.status_code == 201, response.get_json()
    group = response.get_json()
    assert {c["name"] for c in group["conveners"]} == {"Amira Hassan", "Tom Price"}
    assert group["topics"] == ["emergency care", "sepsis"]
    joiner = register(author.client.application.test_client(), name="Jo Iner")
    assert joiner.post(f"/api/v1/groups/{group['id']}/members/me").get_json()["member_count"] == 3
    assert joiner.post(f"/api/v1/groups/{group['id']}/members/me").get_json()["member_count"] == 3
    assert joiner.delete(f"/api/v1/groups/{group['id']}/members/me").get_json()["member_count"] == 2
    assert joiner.delete(f"/api/v1/groups/{group['id']}/members/me").status_code == 404


def test_the_only_convener_cannot_leave_a_group_with_members(author: Session, other: Session) -> None:
    group = author.post("/api/v1/groups", json=group_body()).get_json()
    other.post(f"/api/v1/groups/{group['id']}/members/me")
    assert author.delete(f"/api/v1/groups/{group['id']}/members/me").status_code == 409
    assert other.put(f"/api/v1/groups/{group['id']}", json=group_body(name="Taken over")).status_code == 403


def test_a_group_needs_a_learning_question_and_topics(author: Session) -> None:
    response = author.post("/api/v1/groups", json={"name": "Vague"})
    assert response.status_code == 400
    assert {"learning_question", "topics"} <= set(response.get_json()["error"]["fields"])


def test_group_suggestions_fit_my_profile_and_interests(app: Flask, author: Session) -> None:
    sepsis = author.post("/api/v1/groups", json=group_body()).get_json()
    author.post("/api/v1/groups", json=group_body(name="Green theatres", topics=["sustainability"],
                                                   learning_question="How can operating theatres cut their carbon footprint?"))
    me = register(app.test_client(), name="Sam Pell", interests=["sepsis"],
                  bio="Emergency nurse leading our sepsis screening and antibiotic timing audit.")
    suggestions = me.get("/api/v1/members/me/group-suggestions").get_json()["suggestions"]
    assert suggestions[0]["group"]["id"] == sepsis["id"]
    assert any("sepsis" in reason for reason in suggestions[0]["reasons"])
    me.post(f"/api/v1/groups/{sepsis['id']}/members/me")
    after = me.get("/api/v1/members/me/group-suggestions").get_json()["suggestions"]
    assert sepsis["id"] not in [s["group"]["id"] for s in after]


def test_coordinators_see_groups_that_overlap_by_members_or_meaning(app: Flask, author: Session, other: Session,
                                                                   coordinator: Session) -> None:
    first = author.post("/api/v1/groups", json=group_body()).get_json()
    twin = coordinator.post("/api/v1/groups", json=group_body(
        name="Sepsis recognition network",
        learning_question="How can emergency departments recognise sepsis sooner?")).get_json()
    green = other.post("/api/v1/groups", json=group_body(
        name="Green theatres", topics=["sustainability"],
        learning_question="How can operating theatres cut their carbon footprint?")).get_json()
    convener = register(app.test_client())
    crowd = convener.post("/api/v1/groups", json=group_body(
        name="Falls prevention", topics=["falls"],
        learning_question="What stops older people falling at home after discharge?")).get_json()
    for member in [register(app.test_client()) for _ in range(2)]:
        for group in (green, crowd):
            member.post(f"/api/v1/groups/{group['id']}/members/me")
    assert author.get("/api/v1/groups/merge-candidates").status_code == 403
    candidates = coordinator.get("/api/v1/groups/merge-candidates").get_json()["candidates"]
    pairs = {frozenset((c["first"]["id"], c["second"]["id"])): c for c in candidates}
    by_meaning = pairs[frozenset((first["id"], twin["id"]))]
    assert by_meaning["similarity"] >= 0.75 and by_meaning["shared_members"] == 0
    assert any("meaning" in reason for reason in by_meaning["reasons"])
    by_members = pairs[frozenset((green["id"], crowd["id"]))]
    assert by_members["shared_members"] == 2 and by_members["member_overlap"] == round(2 / 3, 4)
    assert by_members["similarity"] < 0.75
    assert frozenset((first["id"], green["id"])) not in pairs
