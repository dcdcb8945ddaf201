"""Who could help an idea (skill gaps and lived experience) and work suggestions for me."""

from __future__ import annotations

from typing import Any

from flask import Flask

from qnet.graph.driver import Graph
from tests.conftest import Session, register
from tests.knowledge.conftest import post_idea

DISCHARGE_IDEA = {
    "title": "Redesign discharge with the people who go through it",
    "summary": "Use process mapping to follow discharge end to end, then co-design a better one with patients "
               "and carers, so people stop waiting all day for medicines and transport.",
    "topics": ["discharge", "patient experience"],
}


def person(app: Flask, name: str, role: str, skills: list[tuple[str, int]], bio: str = "") -> Session:
    return register(app.test_client(), name=name, role=role, bio=bio, interests=[],
                    skills=[{"name": s, "level": level} for s, level in skills])


def helpers_of(session: Session, idea_id: str) -> dict[str, Any]:
    response = session.get(f"/api/v1/ideas/{idea_id}/helpers")
    assert response.status_code == 200, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def test_helpers_fill_the_skills_and_lived_experience_the_team_lacks(app: Flask, author: Session,
                                                                     graph: Graph) -> None:
    teammate = person(app, "Terry Mate", "manager", [("process mapping", 3)])
    project = author.post("/api/v1/projects", json={"title": "Discharge flow", "aim": "Earlier, safer discharges"}).get_json()
    request_id = teammate.post(f"/api/v1/projects/{project['id']}/join-requests", json={}).get_json()["request_id"]
    author.post(f"/api/v1/projects/{project['id']}/join-requests/{request_id}/decision", json={"decision": "approve"})
    idea = post_idea(author, project_id=project["id"], **DISCHARGE_IDEA)

    designer = person(app, "Dee Signer", "improvement adviser", [("co-design", 3), ("process mapping", 2)],
                      "I co-design hospital services with patients.")
    carer = person(app, "Carol Carer", "carer", [], "I cared for my father through many hospital discharges.")
    analyst = person(app, "Ana Lyst", "data analyst", [("SPC", 3)], "Control charts for discharge times.")
    hidden = person(app, "Hy Dden", "improvement adviser", [("co-design", 3)])
    graph.execute("MATCH (m:Member {id: $id}) SET m.suggestable = false", id=hidden.member["id"])

    report = helpers_of(author, idea["id"])
    needed = {s["key"]: s for s in report["needed_skills"]}
    assert needed["process-mapping"]["source"] == "named" and needed["process-mapping"]["team_has"] is True
    assert needed["co-design"]["team_has"] is False
    assert report["lived_experience_needed"] is True and report["team_has_lived_experience"] is False
    names = [h["member"]["name"] for h in report["helpers"]]
    assert set(names[:2]) == {"Dee Signer", "Carol Carer"}
    for excluded in ("Amira Hassan", "Terry Mate", "Ana Lyst", "Hy Dden"):
        assert excluded not in names
    by_name = {h["member"]["name"]: h for h in report["helpers"]}
    assert "Co-design" in by_name["Dee Signer"]["brings"] and "Process mapping" not in by_name["Dee Signer"]["brings"]
    assert any("its team lacks" in r for r in by_name["Dee Signer"]["reasons"])
    assert any("lived experience as a carer" in r for r in by_name["Carol Carer"]["reasons"])
    assert "email" not in by_name["Dee Signer"]["member"]
    assert designer.member["id"] and carer.member["id"] and analyst.member["id"]


def test_no_lived_experience_gap_when_the_team_has_a_patient_leader(app: Flask) -> None:
    leader = person(app, "Pat Leader", "patient leader", [("co-design", 2)])
    person(app, "Carol Carer", "carer", [])
    idea = post_idea(leader, **DISCHARGE_IDEA)
    report = helpers_of(leader, idea["id"])
    assert report["lived_experience_needed"] is True and report["team_has_lived_experience"] is True
    assert "Carol Carer" not in [h["member"]["name"] for h in report["helpers"]]


def test_work_suggestions_fit_my_skills_and_skip_my_own_work(app: Flask, author: Session) -> None:
    me = person(app, "Lee Ann", "improvement adviser", [("Lean", 3), ("process mapping", 2)],
                "I lead lean improvement in operating theatres and outpatient clinics.")
    lean_project = author.post("/api/v1/projects", json={
        "title": "Lean theatre turnaround", "aim": "Cut the time between operations with lean methods.",
        "methods": ["Lean"], "status": "active"}).get_json()
    idea = post_idea(author, title="Map the outpatient clinic pathway",
                     summary="Use process mapping to find the waste in how outpatient clinics run.")
    post_idea(me, title="My own idea about theatres", summary="Lean improvement in operating theatres.")
    finished = author.post("/api/v1/projects", json={"title": "Old lean project", "aim": "Lean in theatres, done.",
                                                      "methods": ["Lean"], "status": "completed"}).get_json()
    response = me.get("/api/v1/members/me/work-suggestions")
    assert response.status_code == 200
    suggestions = response.get_json()["suggestions"]
    found = {s["id"]: s for s in suggestions}
    assert lean_project["id"] in found and idea["id"] in found and finished["id"] not in found
    assert all(s["title"] != "My own idea about theatres" for s in suggestions)
    assert any("Lean, which you have (expert)" in r for r in found[lean_project["id"]]["reasons"])
    assert any("Process mapping, which you have (practised)" in r for r in found[idea["id"]]["reasons"])


SEPSIS_IDEA = {
    "title": "Spot sepsis sooner at the front door",
    "summary": "Screen every adult arriving in the emergency department for sepsis within fifteen minutes, "
               "and track time to antibiotics on SPC charts.",
    "topics": ["sepsis", "emergency department"],
}


def test_between_two_helpers_with_the_same_skill_the_one_who_works_on_the_idea_comes_first(
        app: Flask, author: Session) -> None:
    """Meaning decides between equal gap-fillers: the idea (idea space) against their profiles in people
    search's space. The author holds SPC; co-design is the gap both helpers fill equally."""
    idea = post_idea(author, **SEPSIS_IDEA | {"summary": SEPSIS_IDEA["summary"] + " Co-design it with staff."})
    register(app.test_client(), name="Nia Near", role="nurse", skills=[{"name": "co-design", "level": 2}],
             bio="I lead our sepsis screening audit in the emergency department and teach triage nurses "
                 "the warning signs of a deteriorating patient.", interests=["sepsis", "emergency department"])
    person(app, "Fred Far", "manager", [("co-design", 2)],
           "I run the estates team: car parking, catering contracts and the hospital's new boiler.")
    report = helpers_of(author, idea["id"])
    names = [h["member"]["name"] for h in report["helpers"]]
    assert names.index("Nia Near") < names.index("Fred Far")
    by_name = {h["member"]["name"]: h for h in report["helpers"]}
    assert by_name["Nia Near"]["score"] > by_name["Fred Far"]["score"]
    assert any("works on closely related things" in r for r in by_name["Nia Near"]["reasons"])
    assert not any("works on closely related things" in r for r in by_name["Fred Far"]["reasons"])


def test_work_suggestions_put_the_idea_about_my_work_first(app: Flask, author: Session) -> None:
    """No skill fits either idea: my profile (people search's space, re-weighted) against the ideas."""
    me = person(app, "Sam Sepsis", "nurse", [],
                "I lead our sepsis screening audit in the emergency department and teach triage nurses the "
                "warning signs of a deteriorating patient.")
    sepsis = post_idea(author, **SEPSIS_IDEA)
    parking = post_idea(author, title="Cheaper parking for long-stay visitors",
                        summary="A weekly parking pass for relatives visiting someone in hospital for weeks.",
                        topics=["car parking", "visitors"])
    response = me.get("/api/v1/members/me/work-suggestions")
    assert response.status_code == 200
    suggestions = response.get_json()["suggestions"]
    ids = [s["id"] for s in suggestions]
    assert ids[0] == sepsis["id"] and parking["id"] in ids
    assert suggestions[0]["score"] > suggestions[ids.index(parking["id"])]["score"]
