"""`qnet import members`: good lines are written whole, bad lines are reported with reasons."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from qnet.cli import main
from qnet.graph.driver import Graph
from qnet.matching.people.importer import ImportMemberSchema, MemberImporter, read_lines
from qnet.services import Services


def line(key: str, email: str, **overrides: object) -> str:
    record = {
        "key": key, "email": email, "name": f"Person {key}", "role": "nurse", "organisation": "Riverside Trust",
        "region": "London", "bio": "I lead falls prevention work on our frailty wards.",
        "skills": [{"name": "PDSA", "level": 2}], "interests": ["falls prevention"],
    }
    record.update(overrides)
    return json.dumps(record)


def write_file(tmp_path: Path, lines: list[str], name: str = "members.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n")
    return path


def importer(services: Services) -> MemberImporter:
    return MemberImporter(services.profiles, ImportMemberSchema().load, batch_size=2)


def test_bad_lines_are_reported_and_only_good_ones_written(services: Services, graph: Graph, tmp_path: Path) -> None:
    path = write_file(tmp_path, [
        line("k1", "one@example.org"),
        "{not json",
        line("k2", "two@example.org", role="wizard", region="Mars"),
        line("k3", "three@example.org", skills=[{"name": "SPC", "level": 9}]),
        line("k4", "one@example.org"),  # email already used on line 1
        line("k1", "again@example.org"),  # key already used on line 1
        line("k5", "five@example.org", unexpected="field"),
        line("k6", "six@example.org"),
    ])
    report = importer(services).run(read_lines(path))
    assert report.written == 2
    rejected = dict(report.rejected)
    assert sorted(rejected) == [2, 3, 4, 5, 6, 7]
    assert "JSON" in rejected[2]
    assert "role" in rejected[3] and "region" in rejected[3]
    assert "skills" in rejected[4]
    assert "line 1" in rejected[5] and "line 1" in rejected[6]
    assert "unexpected" in rejected[7]
    keys = {r["key"] for r in graph.query("MATCH (m:Member) RETURN m.key AS key")}
    assert keys == {"k1", "k6"}
    # Written members are whole: skills, region and an embedding are all there.
    row = graph.query("MATCH (m:Member {key: 'k6'})-[:HAS_SKILL]->(s) MATCH (m)-[:BASED_IN]->(r) "
                      "RETURN s.key AS skill, r.name AS region, size(m.embedding) AS dims")[0]
    assert row == {"skill": "pdsa-cycles", "region": "London", "dims": 384}


def test_reimporting_updates_by_key_without_duplicates_or_reembedding(services: Services, graph: Graph,
                                                                      tmp_path: Path) -> None:
    path = write_file(tmp_path, [line("k1", "one@example.org"), line("k2", "two@example.org")])
    importer(services).run(read_lines(path))
    hashes = {r["key"]: r["h"] for r in graph.query("MATCH (m:Member) RETURN m.key AS key, m.embedding_hash AS h")}
    path = write_file(tmp_path, [line("k1", "one@example.org"), line("k2", "two@example.org", bio="Now I do SPC.")])
    report = importer(services).run(read_lines(path))
    assert report.written == 2 and report.ok
    after = {r["key"]: r["h"] for r in graph.query("MATCH (m:Member) RETURN m.key AS key, m.embedding_hash AS h")}
    assert after["k1"] == hashes["k1"] and after["k2"] != hashes["k2"]
    assert graph.query("MATCH (m:Member) RETURN count(m) AS n")[0]["n"] == 2


def test_an_email_owned_by_another_member_is_rejected(services: Services, graph: Graph, tmp_path: Path) -> None:
    importer(services).run(read_lines(write_file(tmp_path, [line("k1", "one@example.org")])))
    report = importer(services).run(read_lines(write_file(tmp_path, [line("k9", "one@example.org")])))
    assert report.written == 0
    assert report.rejected == [(1, "email belongs to another member")]


def test_csv_uses_name_level_pairs_for_skills(services: Services, graph: Graph, tmp_path: Path) -> None:
    path = tmp_path / "members.csv"
    path.write_text(
        "key,email,name,role,organisation,region,bio,skills,interests\n"
        "c1,c1@example.org,Cee One,GP,Hill Surgery,Wales,Primary care access.,SPC:3;Lean:1,access;diabetes\n"
        "c2,c2@example.org,Cee Two,GP,,Wales,No level.,SPC,access\n"
    )
    report = importer(services).run(read_lines(path))
    assert report.written == 1
    assert report.rejected[0][0] == 3 and "name:level" in report.rejected[0][1]
    skills = graph.query("MATCH (:Member {key: 'c1'})-[h:HAS_SKILL]->(s) RETURN s.key AS key, h.level AS level "
                         "ORDER BY key")
    assert skills == [{"key": "lean", "level": 1}, {"key": "statistical-process-control", "level": 3}] or \
        {s["level"] for s in skills} == {1, 3}


def test_the_command_line_reports_rejected_lines_and_exits_non_zero(graph: Graph, tmp_path: Path) -> None:
    path = write_file(tmp_path, [line("k1", "one@example.org"), line("k2", "bad-email")])
    result = CliRunner().invoke(main, ["import", "members", str(path)])
    assert result.exit_code == 1, result.output
    assert "written: 1, rejected: 1" in result.output
    assert "line 2: email" in result.output
