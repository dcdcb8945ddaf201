"""Starting projects and convening groups through the pages: the creator leads or convenes, the new work
appears in the lists, and a bad form comes back with each message beside its field."""

from __future__ import annotations

from flask import Flask

from qnet.services import Services
from tests.conftest import make_member
from tests.pages.helpers import field_error, signed_in


def test_a_member_starts_a_project_through_the_page_and_becomes_its_lead(app: Flask, services: Services) -> None:
    me = make_member(services, name="Lena Lead")
    client, token = signed_in(app, me.email)
    assert 'href="/projects/new"' in client.get("/projects").get_data(as_text=True)
    assert "Start a project" in client.get("/projects/new").get_data(as_text=True)
    response = client.post("/projects/new", data={
        "csrf_token": token, "title": "Weekend discharge lounge",
        "aim": "Open the discharge lounge at weekends so that beds are free before noon.",
        "setting": "Acute medical wards, Northfield General", "methods": "PDSA, SPC", "region": "Midlands",
        "status": "active"})
    assert response.status_code == 302
    project_id = response.headers["Location"].rsplit("/", 1)[1]
    project = services.knowledge.projects.get(project_id)
    assert project.role_of(me.id) == "lead" and project.status == "active" and project.region == "Midlands"
    assert sorted(m.name for m in project.methods) == ["PDSA cycles", "Statistical process control"]
    listed = client.get("/projects").get_data(as_text=True)
    assert f'href="/projects/{project_id}"' in listed and "Weekend discharge lounge" in listed


def test_a_member_convenes_a_group_through_the_page_and_becomes_its_convener(app: Flask, services: Services) -> None:
    me = make_member(services, name="Cora Convener")
    client, token = signed_in(app, me.email)
    assert 'href="/groups/new"' in client.get("/groups").get_data(as_text=True)
    response = client.post("/groups/new", data={
        "csrf_token": token, "name": "Frailty in care homes",
        "learning_question": "How do we reduce falls among frail residents of care homes?",
        "topics": "frailty, care homes", "description": "We meet online on the first Tuesday of the month."})
    assert response.status_code == 302
    group_id = response.headers["Location"].rsplit("/", 1)[1]
    group = services.knowledge.groups.get(group_id)
    assert [c.id for c in group.conveners] == [me.id] and len(group.topics) == 2
    listed = client.get("/groups").get_data(as_text=True)
    assert f'href="/groups/{group_id}"' in listed and "Frailty in care homes" in listed
    assert "(convener)" in client.get(f"/groups/{group_id}").get_data(as_text=True)


def test_a_bad_project_form_shows_field_errors_and_keeps_what_was_typed(app: Flask, services: Services) -> None:
    me = make_member(services)
    client, token = signed_in(app, me.email)
    response = client.post("/projects/new", data={"csrf_token": token, "title": "", "aim": "Too short",
                                                  "setting": "Ward 4", "methods": "PDSA", "region": "Atlantis",
                                                  "status": "planning"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and "There is a problem" in html
    assert field_error(html, "title") and "aim must be at least 10 characters (it is 9)" in field_error(html, "aim")
    assert "Choose a region" in field_error(html, "region")
    assert ">Too short</textarea>" in html and ">Ward 4</textarea>" in html and 'value="PDSA"' in html
    assert services.knowledge.projects.browse(None, None, None, 10, None).items == []


def test_a_group_needs_a_topic_and_a_learning_question(app: Flask, services: Services) -> None:
    me = make_member(services)
    client, token = signed_in(app, me.email)
    response = client.post("/groups/new", data={"csrf_token": token, "name": "Flow club",
                                                "learning_question": "Why?", "topics": "", "description": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "The learning question must be at least 10 characters" in field_error(html, "learning_question")
    assert "Enter at least one topic" in field_error(html, "topics")
    assert 'value="Flow club"' in html
    assert services.knowledge.groups.browse(None, 10, None).items == []
