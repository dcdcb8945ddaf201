"""Skills, methods, topics, interests and organisations that normalise to nothing are a 400 naming the field.

Before: " ", "!!", "¶" or a control character reached the taxonomy or the topic normaliser, which
raised ValueError (a 500), or became a node with an empty key.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote

import pytest

from tests.conftest import Session, profile

NOTHING = [" ", "!!", "¶", "\x01\x02", "—", "..."]


def refused_naming(response: Any, *path: str) -> None:
    assert response.status_code == 400, response.get_json()
    body = response.get_json()["error"]
    assert body["code"] == "invalid"
    fields: Any = body["fields"]
    for step in path:
        fields = fields[step]
    assert fields == ["write a name with at least one letter or digit"] or fields == [
        "Shorter than minimum length 1."], fields


@pytest.mark.parametrize("written", NOTHING)
def test_a_profile_skill_or_interest_with_no_letters_is_refused(member: Session, written: str) -> None:
    skills = [{"name": "SPC", "level": 2}, {"name": written, "level": 1}]
    refused_naming(member.put("/api/v1/members/me", json=profile(skills=skills)), "skills", "1", "name")
    refused_naming(member.put("/api/v1/members/me", json=profile(interests=["sepsis", written])), "interests", "1")
    if written.strip():
        refused_naming(member.put("/api/v1/members/me", json=profile(organisation=written)), "organisation")


def test_a_blank_organisation_still_means_none(member: Session) -> None:
    response = member.put("/api/v1/members/me", json=profile(organisation="  "))
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["organisation"] is None


@pytest.mark.parametrize("written", ["!!", "¶", "\x7f", " "])
def test_query_filters_with_no_letters_are_refused(member: Session, written: str) -> None:
    q = quote(written)
    refused_naming(member.get(f"/api/v1/members?skill={q}"), "skill")
    refused_naming(member.get(f"/api/v1/members?organisation={q}"), "organisation")
    refused_naming(member.get(f"/api/v1/search/people?q=sepsis&skill={q}"), "skill")
    refused_naming(member.get(f"/api/v1/ideas?topic={q}"), "topic")
    refused_naming(member.get(f"/api/v1/projects?method={q}"), "method")
    refused_naming(member.get(f"/api/v1/groups?topic={q}"), "topic")


@pytest.mark.parametrize("written", ["!!", "¶", "\x01"])
def test_idea_project_and_group_names_with_no_letters_are_refused(member: Session, written: str) -> None:
    idea = {"title": "Text reminders", "summary": "Send patients an SMS before clinic.", "topics": ["digital", written]}
    refused_naming(member.post("/api/v1/ideas", json=idea), "topics", "1")
    project = {"title": "Fewer missed appointments", "aim": "Halve missed appointments.", "setting": "Clinics",
               "methods": [written], "region": "North West", "status": "active"}
    refused_naming(member.post("/api/v1/projects", json=project), "methods", "0")
    group = {"name": "Sepsis SIG", "learning_question": "How do we spot sepsis earlier?", "topics": [written]}
    refused_naming(member.post("/api/v1/groups", json=group), "topics", "0")


def test_phase_lists_and_applications_with_no_letters_are_refused(coordinator: Session, app: Any) -> None:
    now = datetime.now(UTC)
    phase = {"name": "Pilot", "opens_at": (now - timedelta(days=1)).isoformat(),
             "closes_at": (now + timedelta(days=9)).isoformat(), "routes": ["open"], "courses": ["¶"],
             "partners": [{"name": "!!", "region": "Wales"}]}
    response = coordinator.post("/api/v1/recruitment/phases", json=phase)
    refused_naming(response, "courses", "0")
    refused_naming(response, "partners", "0", "name")
    application = {"name": "Priya Sharma", "email": "priya@example.org", "organisation": "!!", "region": "Midlands",
                   "role": "nurse", "route": "course_alumni", "route_evidence": "¶",
                   "answers": {"a": "x" * 200, "b": "x" * 200, "c": "x" * 200}, "consent": True}
    response = app.test_client().post("/api/v1/applications", json=application)
    refused_naming(response, "organisation")
    refused_naming(response, "route_evidence")
