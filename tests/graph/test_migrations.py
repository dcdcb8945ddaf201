"""Schema migrations: recorded, idempotent, and the constraints and indexes the app relies on."""

from __future__ import annotations

from qnet.graph.driver import Graph
from qnet.graph.migrations import MIGRATIONS, applied_versions, migrate
from qnet.matching.meaning.search_space import DIMENSIONS as SPACE_DIMENSIONS


def test_every_migration_is_recorded(graph: Graph) -> None:
    assert applied_versions(graph) == {m.version for m in MIGRATIONS}


def test_migrating_again_applies_nothing(graph: Graph) -> None:
    assert migrate(graph) == []


def test_uniqueness_constraints_exist(graph: Graph) -> None:
    rows = graph.query("SHOW CONSTRAINTS YIELD labelsOrTypes, properties RETURN labelsOrTypes[0] AS label, properties")
    present = {(row["label"], tuple(row["properties"])) for row in rows}
    for expected in [("Member", ("id",)), ("Member", ("key",)), ("Member", ("email",)), ("Skill", ("key",)),
                     ("Idea", ("id",)), ("Project", ("id",)), ("Comment", ("id",))]:
        assert expected in present


def test_full_text_and_vector_indexes_are_online(graph: Graph) -> None:
    rows = graph.query("SHOW INDEXES YIELD name, type, state, options RETURN name, type, state, options")
    by_name = {row["name"]: row for row in rows}
    assert by_name["member_search"]["type"] == "FULLTEXT" and by_name["member_search"]["state"] == "ONLINE"
    assert by_name["member_search"]["options"]["indexConfig"]["fulltext.analyzer"] == "english"
    vector = by_name["member_embedding"]
    assert vector["type"] == "VECTOR" and vector["state"] == "ONLINE"
    assert vector["options"]["indexConfig"]["vector.dimensions"] == 384
    assert vector["options"]["indexConfig"]["vector.similarity_function"].lower() == "cosine"
    space = by_name["member_search_embedding"]
    assert space["type"] == "VECTOR" and space["state"] == "ONLINE"
    assert space["options"]["indexConfig"]["vector.dimensions"] == SPACE_DIMENSIONS == 1152
    for name in ("idea_embedding", "project_embedding"):  # the idea space (migration 16)
        assert by_name[name]["state"] == "ONLINE"
        assert by_name[name]["options"]["indexConfig"]["vector.dimensions"] == SPACE_DIMENSIONS


def test_members_have_exactly_the_indexes_their_queries_use(graph: Graph) -> None:
    # Each index is written on every member write; the embedding-hash index served no query and is dropped.
    rows = graph.query("SHOW INDEXES YIELD name, labelsOrTypes WHERE 'Member' IN labelsOrTypes RETURN name")
    assert {row["name"] for row in rows} == {
        "member_id", "member_key", "member_email",  # the uniqueness constraints' indexes
        "member_sort", "member_role", "member_region", "member_pairing_opt_in",  # list order and filters
        "member_search", "member_embedding",  # full-text and vector search (suggestions: MiniLM)
        "member_search_embedding",  # people search's three-encoder space (migration 14; helpers too)
    }


def test_duplicate_email_is_refused_by_the_database(graph: Graph) -> None:
    import pytest

    from qnet.core.errors import Conflict

    graph.execute("CREATE (:Member {id: 'a', key: 'a', email: 'same@example.org'})")
    with pytest.raises(Conflict):
        graph.execute("CREATE (:Member {id: 'b', key: 'b', email: 'same@example.org'})")
