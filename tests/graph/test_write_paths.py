"""One write path per node type: a member, project, idea or group is written by one statement, whether
it is saved in the app, imported, seeded or loaded by a benchmark.

The structural test reads the source; the others write through both doors into the real test Neo4j
and compare what each left in the graph.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from qnet.core.records import MemberWrite, SkillLevel
from qnet.graph.bulk import BulkWriter
from qnet.graph.driver import Graph
from qnet.graph.knowledge.groups import GroupRepository
from qnet.graph.knowledge.ideas import IdeaRepository, IdeaWrite
from qnet.graph.knowledge.projects import ProjectRepository
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.meaning.embedding import DIMENSIONS
from qnet.matching.meaning.search_space import DIMENSIONS as SPACE_DIMENSIONS

ROOT = Path(__file__).resolve().parents[2]
NODE_WRITE = re.compile(r"\b(?:CREATE|MERGE)\s*\(\s*\w*\s*:\s*(Member|Project|Idea|Group)\b")


def _profile(key: str, email: str, **overrides: Any) -> MemberWrite:
    fields: dict[str, Any] = {
        "key": key, "email": email, "name": "Amira Hassan", "role": "data analyst",
        "organisation": "Northfield NHS Trust", "organisation_key": "northfield-nhs-trust", "region": "North West",
        "bio": "I chart sepsis screening times.", "skills": [SkillLevel("statistical-process-control", "SPC", 3)],
        "interests": [("sepsis", "sepsis")], "embedding": [1.0] + [0.0] * (DIMENSIONS - 1), "embedding_hash": "h1",
        "segments": ["I chart sepsis screening times."], "segment_vectors": b"\x00\x01",
        "search_embedding": [0.0, 1.0] + [0.0] * (SPACE_DIMENSIONS - 2),
    }
    return MemberWrite(**(fields | overrides))


def _member_state(graph: Graph, key: str) -> dict[str, Any]:
    """What a member is in the graph, leaving out what differs by design (key, email, id, times)."""
    row = graph.query(
        "MATCH (m:Member {key: $key}) "
        "RETURN properties(m) AS node, "
        "[(m)-[r]->(x) | type(r) + '>' + coalesce(x.key, x.name) + ':' + coalesce(toString(r.level), '')] AS links",
        key=key)[0]
    node = {name: value for name, value in row["node"].items()
            if name not in ("key", "email", "id", "created_at", "updated_at")}
    return {"node": node, "links": sorted(row["links"])}


def test_each_node_type_is_created_or_merged_by_one_statement_in_one_module() -> None:
    writers: dict[str, list[str]] = {}
    for folder in ("qnet", "seed", "bench"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name == "migrations.py":
                continue
            for label in NODE_WRITE.findall(path.read_text(encoding="utf-8")):
                writers.setdefault(label, []).append(str(path.relative_to(ROOT)))
    assert writers == {
        "Member": ["qnet/graph/people/member_writes.py"],
        "Project": ["qnet/graph/knowledge/projects.py"],
        "Idea": ["qnet/graph/knowledge/ideas.py"],
        "Group": ["qnet/graph/knowledge/groups.py"],
    }


def test_a_member_written_in_bulk_is_the_member_the_repository_writes(graph: Graph) -> None:
    MemberRepository(graph).upsert_many([_profile("app-1", "app@example.org")])
    BulkWriter(graph).members([_profile("bulk-1", "bulk@example.org").row() | {"id": "bulk-id"}], existing=())
    assert _member_state(graph, "bulk-1") == _member_state(graph, "app-1")
    assert graph.query("MATCH (r:Region) RETURN count(r) AS n")[0]["n"] == 1  # both point at one region


def test_an_update_replaces_links_alike_through_either_door(graph: Graph) -> None:
    repository, writer = MemberRepository(graph), BulkWriter(graph)
    repository.upsert_many([_profile("app-1", "app@example.org")])
    writer.members([_profile("bulk-1", "bulk@example.org").row()])
    changed = {"region": "London", "organisation": None, "organisation_key": None, "embedding": None,
               "skills": [SkillLevel("co-design", "Co-design", 2)], "interests": [("maternity", "maternity")]}
    repository.upsert_many([_profile("app-1", "app@example.org", **changed)])
    writer.members([_profile("bulk-1", "bulk@example.org", **changed).row()])  # existing keys read in the write
    app = _member_state(graph, "app-1")
    assert app == _member_state(graph, "bulk-1")
    assert app["links"] == ["BASED_IN>London:", "HAS_SKILL>co-design:2", "INTERESTED_IN>maternity:"]
    assert app["node"]["embedding_hash"] == "h1"  # no new embedding: the stored one stays


def test_a_profile_edit_keeps_what_only_a_seed_or_import_sets(graph: Graph) -> None:
    BulkWriter(graph).members([_profile("m1", "m1@example.org").row() | {
        "id": "seeded-id", "joined": "2019-04-01T09:00:00+00:00", "pairing_opt_in": True,
        "account_role": "coordinator"}], existing=())
    MemberRepository(graph).update("seeded-id", _profile("m1", "m1@example.org", name="Amira H."))
    row = graph.query("MATCH (m:Member {id: 'seeded-id'}) RETURN m.pairing_opt_in AS pairing, "
                      "m.account_role AS role, toString(m.created_at) AS created, m.name AS name")[0]
    assert row == {"pairing": True, "role": "coordinator", "created": "2019-04-01T09:00:00Z", "name": "Amira H."}


def _idea_write(title: str, topic: str) -> IdeaWrite:
    return IdeaWrite(title=title, summary="A huddle at shift change.", body="Body", body_html="<p>Body</p>",
                     body_text="Body", topics=[(topic, topic)], region=None, project_id=None,
                     embedding=[1.0] + [0.0] * (SPACE_DIMENSIONS - 1), embedding_hash="i1")


def test_seeded_knowledge_edited_in_the_app_keeps_its_status_author_and_key(graph: Graph) -> None:
    writer = BulkWriter(graph)
    writer.members([_profile("m1", "m1@example.org").row() | {"id": "member-1"}])
    at = {"created_at": "2024-01-01T00:00:00Z", "created_ms": 1704067200000, "updated_at": "2024-01-01T00:00:00Z"}
    writer.ideas([_idea_write("Seeded", "falls").row() | at | {
        "id": "idea-1", "key": "i000001", "status": "shortlisted", "author": "m1", "updated_ms": at["created_ms"]}])
    writer.projects([{"id": "project-1", "key": "p000001", "title": "Seeded project", "aim": "", "setting": "",
                      "region": None, "status": "active", "methods": [], "methods_text": "",
                      "team": [{"member": "m1", "role": "lead"}]} | at])
    writer.groups([{"id": "group-1", "key": "g000001", "name": "Seeded group", "learning_question": "?",
                    "description": "", "topics": [], "topics_text": "",
                    "members": [{"member": "m1", "role": "convener"}]} | at])
    now = datetime(2026, 1, 1, tzinfo=UTC)
    IdeaRepository(graph).update("idea-1", _idea_write("Edited", "sepsis"), now)
    ProjectRepository(graph).update("project-1", {"title": "Edited project", "aim": "a", "setting": "s",
                                                  "region": None, "status": "paused", "methods": [],
                                                  "methods_text": "", "embedding": None}, now)
    GroupRepository(graph).update("group-1", {"name": "Edited group", "learning_question": "?", "description": "",
                                              "topics": [], "topics_text": "", "embedding": None}, now)
    idea = IdeaRepository(graph).get("idea-1")
    assert (idea.title, idea.status, idea.topics, idea.author and idea.author.id) == (
        "Edited", "shortlisted", ["sepsis"], "member-1")
    project, group = ProjectRepository(graph).get("project-1"), GroupRepository(graph).get("group-1")
    assert (project.title, project.status, [t.role for t in project.team]) == ("Edited project", "paused", ["lead"])
    assert (group.name, [m.role for m in group.members]) == ("Edited group", ["convener"])
    keys = graph.query("MATCH (n) WHERE n.id IN ['idea-1', 'project-1', 'group-1'] RETURN collect(n.key) AS keys")
    assert sorted(keys[0]["keys"]) == ["g000001", "i000001", "p000001"]


def test_knowledge_created_in_the_app_is_written_by_the_batch_statement(graph: Graph) -> None:
    BulkWriter(graph).members([_profile("m1", "m1@example.org").row() | {"id": "member-1"}])
    at = datetime(2026, 1, 1, tzinfo=UTC)
    idea_id = IdeaRepository(graph).create("member-1", _idea_write("Huddles", "falls"), "open", at)
    project_id = ProjectRepository(graph).create("member-1", {
        "title": "Falls", "aim": "fewer falls", "setting": "wards", "region": "London", "status": "planning",
        "methods": [{"key": "pdsa", "name": "PDSA"}], "methods_text": "PDSA",
        "embedding": [1.0] + [0.0] * (SPACE_DIMENSIONS - 1), "embedding_hash": "p1"}, at)
    group_id = GroupRepository(graph).create(["member-1"], {
        "name": "Falls group", "learning_question": "How?", "description": "", "topics": [{"key": "falls",
                                                                                           "name": "falls"}],
        "topics_text": "falls", "embedding": [1.0] + [0.0] * (DIMENSIONS - 1), "embedding_hash": "g1"}, at)
    idea = IdeaRepository(graph).get(idea_id)
    assert (idea.status, idea.support_count, idea.author and idea.author.id, idea.created_at) == (
        "open", 0, "member-1", "2026-01-01T00:00:00Z")
    project = ProjectRepository(graph).get(project_id)
    assert ([(t.id, t.role) for t in project.team], [m.id for m in project.methods]) == ([("member-1", "lead")],
                                                                                         ["pdsa"])
    assert [(m.id, m.role) for m in GroupRepository(graph).get(group_id).members] == [("member-1", "convener")]
