"""Similar work while writing, similar ideas, and coordinators merging duplicates."""

from __future__ import annotations

from tests.conftest import Session
from tests.knowledge.conftest import post_idea

REMINDERS = {"title": "Text message reminders to cut missed outpatient appointments",
             "summary": "Send every patient an SMS a week and a day before their clinic slot so fewer people "
                        "forget to attend.", "topics": ["outpatients", "access"]}
DISTRACTORS = [
    {"title": "Free car parking for staff working nights",
     "summary": "Remove parking charges for staff on night shifts, who often can't use public transport.",
     "topics": ["workforce", "estates"]},
    {"title": "Swallow screen before the first drink after a stroke",
     "summary": "Trained nurses screen swallowing within four hours of arrival to prevent aspiration pneumonia.",
     "topics": ["stroke", "patient safety"]},
    {"title": "Menus for cultural and religious dietary needs",
     "summary": "Offer halal, kosher and vegetarian options on every ward menu, not just on request.",
     "topics": ["nutrition and hydration", "equality"]},
]
# A paraphrase of REMINDERS that shares almost none of its words.
PARAPHRASE = {"title": "Reducing DNA rates in hospital clinics with automated phone prompts",
              "summary": "Automated two-way nudges let people confirm or cancel, so unused capacity can be offered "
                         "to someone else on the waiting list.", "topics": ["outpatients", "waiting lists"]}


def test_a_draft_finds_its_paraphrased_duplicate_before_it_is_posted(author: Session, other: Session) -> None:
    original = post_idea(other, **REMINDERS)
    for idea in DISTRACTORS:
        post_idea(other, **idea)
    response = author.post("/api/v1/ideas/similar", json=PARAPHRASE)
    assert response.status_code == 200, response.get_json()
    best = response.get_json()["ideas"][0]
    assert best["id"] == original["id"]
    assert 0 < best["score"] <= 1
    assert best["passage"] in (REMINDERS["title"], REMINDERS["summary"])
    scores = [item["score"] for item in response.get_json()["ideas"]]
    assert scores == sorted(scores, reverse=True)


def test_similar_work_includes_projects(author: Session) -> None:
    project = author.post("/api/v1/projects", json={
        "title": "Outpatient attendance improvement programme",
        "aim": "Halve the number of missed hospital clinic appointments by reminding patients by text.",
        "methods": ["PDSA"]}).get_json()
    post_idea(author, **DISTRACTORS[0])
    body = author.post("/api/v1/ideas/similar", json=PARAPHRASE).get_json()
    assert body["projects"][0]["id"] == project["id"] and body["projects"][0]["kind"] == "project"


def test_similar_ideas_of_an_idea_exclude_itself(author: Session, other: Session) -> None:
    original = post_idea(other, **REMINDERS)
    for idea in DISTRACTORS:
        post_idea(other, **idea)
    duplicate = post_idea(author, **PARAPHRASE)
    body = author.get(f"/api/v1/ideas/{duplicate['id']}/similar?limit=3").get_json()
    found = [item["id"] for item in body["ideas"]]
    assert found[0] == original["id"] and duplicate["id"] not in found and len(found) == 3


def test_coordinator_marks_a_duplicate_and_its_supporters_move(author: Session, other: Session,
                                                             coordinator: Session) -> None:
    original = post_idea(other, **REMINDERS)
    duplicate = post_idea(author, **PARAPHRASE)
    for session in (author, other, coordinator):
        session.post(f"/api/v1/ideas/{duplicate['id']}/support")
    other.post(f"/api/v1/ideas/{original['id']}/support")
    url = f"/api/v1/ideas/{duplicate['id']}/duplicate-of"
    assert author.post(url, json={"original_id": original["id"]}).status_code == 403
    response = coordinator.post(url, json={"original_id": original["id"]})
    assert response.status_code == 200
    assert response.get_json()["support_count"] == 3
    merged = author.get(f"/api/v1/ideas/{duplicate['id']}").get_json()
    assert merged["duplicate_of"] == original["id"] and merged["status"] == "archived"
    assert merged["support_count"] == 0
    assert duplicate["id"] not in [i["id"] for i in author.post("/api/v1/ideas/similar", json=REMINDERS).get_json()["ideas"]]
