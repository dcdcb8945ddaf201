"""Projects: aims, methods as skills, teams, join requests decided by the lead, linked ideas."""

from __future__ import annotations

from typing import Any

from qnet.graph.driver import Graph
from tests.conftest import Session
from tests.knowledge.conftest import post_idea


def project_body(**overrides: Any) -> dict[str, Any]:
    body = {"title": "Reducing missed clinic appointments", "aim": "Halve missed outpatient appointments by March.",
            "setting": "Outpatient clinics at a district general hospital", "methods": ["PDSA", "SPC"],
            "region": "North West", "status": "active"}
    body.update(overrides)
    return body


def test_creator_leads_a_project_whose_methods_are_skills(author: Session, graph: Graph) -> None:
    response = author.post("/api/v1/projects", json=project_body())
    assert response.status_code == 201, response.get_json()
    project = response.get_json()
    assert project["team"] == [{"id": author.member["id"], "name": "Amira Hassan", "role": "lead"}]
    assert [m["key"] for m in project["methods"]] == ["pdsa-cycles", "statistical-process-control"]
    assert graph.query("MATCH (:Project {id: $id})-[:USES_METHOD]->(s:Skill) RETURN count(s) AS n",
                       id=project["id"])[0]["n"] == 2
    # projects are compared with ideas: the idea space's three encoders
    assert graph.query("MATCH (p:Project {id: $id}) RETURN size(p.embedding) AS n", id=project["id"])[0]["n"] == 1152


def test_only_the_lead_edits_the_project(author: Session, other: Session) -> None:
    project = author.post("/api/v1/projects", json=project_body()).get_json()
    assert other.put(f"/api/v1/projects/{project['id']}", json=project_body(title="Mine now")).status_code == 403
    response = author.put(f"/api/v1/projects/{project['id']}", json=project_body(status="completed"))
    assert response.get_json()["status"] == "completed"


def test_join_requests_are_approved_by_the_project_lead(author: Session, other: Session, coordinator: Session) -> None:
    project = author.post("/api/v1/projects", json=project_body()).get_json()
    url = f"/api/v1/projects/{project['id']}/join-requests"
    created = other.post(url, json={"message": "I run the booking team"})
    assert created.status_code == 201
    request_id = created.get_json()["request_id"]
    assert other.post(url, json={}).get_json()["request_id"] == request_id  # one pending request each
    assert other.get(url).status_code == 403
    assert coordinator.post(f"{url}/{request_id}/decision", json={"decision": "approve"}).status_code == 403
    pending = author.get(f"{url}?status=pending").get_json()["requests"]
    assert [(r["member"]["name"], r["message"]) for r in pending] == [("Tom Price", "I run the booking team")]
    approved = author.post(f"{url}/{request_id}/decision", json={"decision": "approve", "role": "adviser"})
    assert {"id": other.member["id"], "name": "Tom Price", "role": "adviser"} in approved.get_json()["team"]
    assert author.post(f"{url}/{request_id}/decision", json={"decision": "decline"}).status_code == 409
    assert other.post(url, json={}).status_code == 409  # already on the team


def test_declined_members_do_not_join_and_the_only_lead_cannot_leave(author: Session, other: Session) -> None:
    project = author.post("/api/v1/projects", json=project_body()).get_json()
    url = f"/api/v1/projects/{project['id']}/join-requests"
    request_id = other.post(url, json={}).get_json()["request_id"]
    declined = author.post(f"{url}/{request_id}/decision", json={"decision": "decline"}).get_json()
    assert [t["id"] for t in declined["team"]] == [author.member["id"]]
    assert author.delete(f"/api/v1/projects/{project['id']}/team/me").status_code == 409


def test_ideas_link_to_projects_and_projects_filter_by_method(author: Session, other: Session) -> None:
    project = author.post("/api/v1/projects", json=project_body()).get_json()
    author.post("/api/v1/projects", json=project_body(title="Lean theatres", methods=["Lean"]))
    idea = post_idea(other, project_id=project["id"])
    assert idea["project"] == {"id": project["id"], "title": project["title"]}
    linked = other.get(f"/api/v1/projects/{project['id']}").get_json()["ideas"]
    assert linked == [{"id": idea["id"], "title": idea["title"]}]
    assert other.post("/api/v1/ideas", json={"title": "Orphan idea", "summary": "Linked to nothing real.",
                                             "project_id": "no-such-project"}).status_code == 404
    found = other.get("/api/v1/projects?method=control%20charts").get_json()["projects"]
    assert [p["id"] for p in found] == [project["id"]]
