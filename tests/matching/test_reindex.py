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
