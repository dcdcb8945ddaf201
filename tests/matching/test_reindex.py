"""Re-embedding: only what changed, and `qnet reindex` over the whole graph."""

from __future__ import annotations

from click.testing import CliRunner

from qnet.cli import main
from qnet.graph.driver import Graph
from qnet.matching.meaning.search_space import DIMENSIONS as SPACE_DIMENSIONS
from qnet.services import Services
from tests.conftest import make_member


def hashes(graph: Graph) -> dict[str, str]:
    return {r["key"]: r["h"] for r in graph.query("MATCH (m:Member) RETURN m.key AS key, m.embedding_hash AS h")}


def test_reindex_skips_unchanged_members_and_redoes_stale_ones(services: Services, graph: Graph) -> None:
    first = make_member(services, name="One")
    make_member(services, name="Two")
    before = hashes(graph)
    graph.execute("MATCH (m:Member {id: $id}) SET m.embedding_hash = 'stale'", id=first.id)
    result = CliRunner().invoke(main, ["reindex", "--batch-size", "1"])
    assert result.exit_code == 0, result.output
    assert "re-embedded 1 member(s)" in result.output
    assert hashes(graph) == before
    again = CliRunner().invoke(main, ["reindex"])
    assert "re-embedded 0 member(s)" in again.output


def test_force_re_embeds_everyone(services: Services, graph: Graph) -> None:
    make_member(services, name="One")
    make_member(services, name="Two")
    result = CliRunner().invoke(main, ["reindex", "--force"])
    assert "re-embedded 2 member(s)" in result.output


def test_every_member_has_a_vector_and_sentence_vectors(services: Services, graph: Graph) -> None:
    member = make_member(services, bio="First sentence about sepsis work. Second sentence about SPC charts.")
    row = graph.query("MATCH (m:Member {id: $id}) RETURN size(m.embedding) AS dims, m.segments AS segments, "
                      "size(m.search_embedding) AS space, size(m.segment_vectors) AS flat", id=member.id)[0]
    assert row["dims"] == 384  # MiniLM alone: suggestions, clustering, helpers
    assert row["space"] == SPACE_DIMENSIONS  # people search's three encoders
    assert row["segments"][1:3] == ["First sentence about sepsis work.", "Second sentence about SPC charts."]
    assert row["flat"] == 2 * SPACE_DIMENSIONS * len(row["segments"])  # packed float16 bytes, in the space


def _idea_and_project(services: Services) -> tuple[str, str]:
    from qnet.matching.knowledge.ideas import IdeaInput
    from qnet.matching.knowledge.projects import ProjectInput

    author = make_member(services, name="Author")
    idea = services.knowledge.ideas.create(author, IdeaInput(
        title="Huddles at shift change", summary="Five minutes on who is at risk of a fall tonight.",
        topics=("Falls", "patient safety")))
    project = services.knowledge.projects.create(author, ProjectInput(
        title="Fewer falls on elderly care wards", aim="Halve inpatient falls in a year.", methods=("PDSA",)))
    return idea.id, project.id


def _work(graph: Graph) -> dict[str, tuple[int | None, str | None]]:
    rows = graph.query("MATCH (n) WHERE n:Idea OR n:Project "
                       "RETURN n.id AS id, size(n.embedding) AS dims, n.embedding_hash AS hash")
    return {row["id"]: (row["dims"], row["hash"]) for row in rows}


def test_reindex_re_embeds_ideas_and_projects_only_when_changed(services: Services, graph: Graph) -> None:
    idea_id, project_id = _idea_and_project(services)
    before = _work(graph)
    assert before[idea_id][0] == before[project_id][0] == SPACE_DIMENSIONS
    result = CliRunner().invoke(main, ["reindex"])
    assert result.exit_code == 0, result.output
    # what the app wrote is what reindex rebuilds from the graph (topics in key order: the same hash)
    assert "re-embedded 0 idea(s)" in result.output and "re-embedded 0 project(s)" in result.output
    graph.execute("MATCH (n) WHERE n:Idea OR n:Project SET n.embedding_hash = 'stale'")
    result = CliRunner().invoke(main, ["reindex", "--batch-size", "1"])
    assert "re-embedded 1 idea(s)" in result.output and "re-embedded 1 project(s)" in result.output
    assert _work(graph) == before


def test_an_older_stores_ideas_and_projects_move_to_the_idea_space(services: Services, graph: Graph) -> None:
    """A store from before the idea space: 384-dimension vectors and indexes. Migration 16 removes the
    vectors and makes the indexes again; an idea's similar work still answers; `qnet reindex` embeds."""
    from qnet.graph.migrations import MIGRATIONS, migrate

    idea_id, project_id = _idea_and_project(services)
    old_vector = [1.0] + [0.0] * 383
    graph.run_autocommit("DROP INDEX idea_embedding IF EXISTS")
    graph.run_autocommit("DROP INDEX project_embedding IF EXISTS")
    older = next(m for m in MIGRATIONS if m.version == 3).statements  # the indexes as first made
    for statement in older:
        if "idea_embedding" in statement or "project_embedding" in statement:
            graph.run_autocommit(statement)
    graph.execute("MATCH (n) WHERE n:Idea OR n:Project "
                  "CALL db.create.setNodeVectorProperty(n, 'embedding', $vector) SET n.embedding_hash = 'older'",
                  vector=old_vector)
    graph.execute("MATCH (m:Migration {version: 16}) DELETE m")
    try:
        assert migrate(graph) == [16]
    finally:
        migrate(graph)
    rows = graph.query("SHOW VECTOR INDEXES YIELD name, state, options WHERE name IN ['idea_embedding', "
                       "'project_embedding'] RETURN name, state, options.indexConfig['vector.dimensions'] AS dims")
    assert {(row["name"], row["state"], row["dims"]) for row in rows} == {
        ("idea_embedding", "ONLINE", SPACE_DIMENSIONS), ("project_embedding", "ONLINE", SPACE_DIMENSIONS)}
    assert _work(graph) == {idea_id: (None, "older"), project_id: (None, "older")}
    viewer = make_member(services, name="Viewer")
    ideas, _ = services.knowledge.ideas.similar_to_idea(viewer, idea_id, 5)  # embedded now, not stored
    assert ideas == [] and _work(graph)[idea_id] == (None, "older")
    result = CliRunner().invoke(main, ["reindex"])
    assert "re-embedded 1 idea(s)" in result.output and "re-embedded 1 project(s)" in result.output
    assert {dims for dims, _ in _work(graph).values()} == {SPACE_DIMENSIONS}
