"""Browsing and searching ideas: filters, sorts, cursor pagination, trending and hybrid search."""

from __future__ import annotations

from datetime import timedelta

from qnet.services import Services
from tests.conftest import Session
from tests.knowledge.conftest import post_idea


def ids(session: Session, query: str) -> list[str]:
    response = session.get(f"/api/v1/ideas?{query}")
    assert response.status_code == 200, response.get_json()
    return [idea["id"] for idea in response.get_json()["ideas"]]


def test_filters_by_topic_region_status_and_author(author: Session, other: Session, coordinator: Session) -> None:
    a = post_idea(author, title="Falls prevention huddles", topics=["Patient Safety"], region="London")
    b = post_idea(other, title="Sepsis screening at triage", topics=["sepsis"], region="Wales")
    coordinator.put(f"/api/v1/ideas/{b['id']}/status", json={"status": "shortlisted"})
    assert ids(author, "topic=patient%20safety") == [a["id"]]
    assert ids(author, "region=Wales") == [b["id"]]
    assert ids(author, "status=shortlisted") == [b["id"]]
    assert ids(author, f"author={other.member['id']}") == [b["id"]]


def test_sorts_by_newest_most_supported_and_most_discussed(author: Session, other: Session) -> None:
    first = post_idea(author, title="First idea posted")
    second = post_idea(author, title="Second idea posted")
    other.post(f"/api/v1/ideas/{first['id']}/support")
    author.post(f"/api/v1/ideas/{first['id']}/support")
    other.post(f"/api/v1/ideas/{second['id']}/comments", json={"body": "How would this work at night?"})
    assert ids(author, "sort=newest") == [second["id"], first["id"]]
    assert ids(author, "sort=most_supported") == [first["id"], second["id"]]
    assert ids(author, "sort=most_discussed") == [second["id"], first["id"]]


def test_trending_counts_only_the_last_14_days(author: Session, other: Session, services: Services) -> None:
    old = post_idea(author, title="Popular long ago")
    fresh = post_idea(author, title="Popular this week")
    me = services.profiles.get(other.member["id"])
    ideas = services.knowledge.ideas
    long_ago = ideas.clock() - timedelta(days=30)
    for member_id in (author.member["id"], other.member["id"]):
        services.knowledge.ideas.ideas.support(old["id"], member_id, long_ago)
    ideas.support(me, fresh["id"])
    assert ids(author, "sort=most_supported")[0] == old["id"]
    assert ids(author, "sort=trending")[0] == fresh["id"]


def test_cursor_pages_through_every_idea_once(author: Session) -> None:
    made = {post_idea(author, title=f"Idea number {n}")["id"] for n in range(5)}
    for sort in ("newest", "most_supported"):
        seen: list[str] = []
        cursor = ""
        while True:
            body = author.get(f"/api/v1/ideas?limit=2&sort={sort}" + (f"&cursor={cursor}" if cursor else "")).get_json()
            seen.extend(i["id"] for i in body["ideas"])
            cursor = body["next_cursor"]
            if not cursor:
                break
        assert len(seen) == len(set(seen)) == 5 and set(seen) == made


def test_unknown_sort_and_garbled_cursor_are_400(author: Session) -> None:
    response = author.get("/api/v1/ideas?sort=random&cursor=zzz")
    assert response.status_code == 400
    assert "sort" in response.get_json()["error"]["fields"]
    assert author.get("/api/v1/ideas?cursor=not-a-cursor").status_code == 400


def test_hybrid_search_finds_ideas_by_meaning_and_by_words(author: Session) -> None:
    sms = post_idea(author, title="Text message reminders for clinic appointments",
                    summary="Send an SMS before each outpatient appointment so fewer people miss it.")
    post_idea(author, title="Quieter wards at night", summary="Dim lights and silence alarms so patients sleep.",
              topics=["patient experience"])
    by_meaning = author.get("/api/v1/ideas/search?q=stop%20patients%20forgetting%20to%20attend").get_json()
    assert by_meaning["results"][0]["idea"]["id"] == sms["id"]
    by_word = author.get("/api/v1/ideas/search?q=SMS").get_json()
    assert by_word["results"][0]["idea"]["id"] == sms["id"]
