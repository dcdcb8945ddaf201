"""Versioned, idempotent schema migrations, recorded in the graph as (:Migration) nodes.

Each migration is a list of schema statements that are safe to run twice (IF NOT EXISTS). They are
applied in version order by `qnet db migrate` and at app start; a version already recorded is skipped.
To change the schema, append a new Migration; never edit one that has shipped.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph

log = logging.getLogger(__name__)

EMBEDDING_DIMENSIONS = 384


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[LiteralString, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "members, skills and the places they work",
        (
            "CREATE CONSTRAINT migration_version IF NOT EXISTS FOR (m:Migration) REQUIRE m.version IS UNIQUE",
            "CREATE CONSTRAINT member_id IF NOT EXISTS FOR (m:Member) REQUIRE m.id IS UNIQUE",
            "CREATE CONSTRAINT member_key IF NOT EXISTS FOR (m:Member) REQUIRE m.key IS UNIQUE",
            "CREATE CONSTRAINT member_email IF NOT EXISTS FOR (m:Member) REQUIRE m.email IS UNIQUE",
            "CREATE CONSTRAINT skill_key IF NOT EXISTS FOR (s:Skill) REQUIRE s.key IS UNIQUE",
            "CREATE CONSTRAINT organisation_key IF NOT EXISTS FOR (o:Organisation) REQUIRE o.key IS UNIQUE",
            "CREATE CONSTRAINT region_name IF NOT EXISTS FOR (r:Region) REQUIRE r.name IS UNIQUE",
            "CREATE CONSTRAINT topic_key IF NOT EXISTS FOR (t:Topic) REQUIRE t.key IS UNIQUE",
            "CREATE CONSTRAINT project_id IF NOT EXISTS FOR (p:Project) REQUIRE p.id IS UNIQUE",
            "CREATE CONSTRAINT idea_id IF NOT EXISTS FOR (i:Idea) REQUIRE i.id IS UNIQUE",
            "CREATE CONSTRAINT comment_id IF NOT EXISTS FOR (c:Comment) REQUIRE c.id IS UNIQUE",
            "CREATE CONSTRAINT api_token_hash IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.hash IS UNIQUE",
            "CREATE CONSTRAINT api_token_id IF NOT EXISTS FOR (t:ApiToken) REQUIRE t.id IS UNIQUE",
            "CREATE CONSTRAINT login_throttle_key IF NOT EXISTS FOR (t:LoginThrottle) REQUIRE t.key IS UNIQUE",
            "CREATE INDEX member_sort IF NOT EXISTS FOR (m:Member) ON (m.sort_name, m.id)",
            "CREATE INDEX member_role IF NOT EXISTS FOR (m:Member) ON (m.role)",
            "CREATE INDEX member_region IF NOT EXISTS FOR (m:Member) ON (m.region)",
            "CREATE INDEX member_embedding_hash IF NOT EXISTS FOR (m:Member) ON (m.embedding_hash)",
            "CREATE FULLTEXT INDEX member_text IF NOT EXISTS FOR (m:Member) "
            "ON EACH [m.name, m.bio, m.skills_text, m.interests_text, m.role, m.organisation]",
            "CREATE VECTOR INDEX member_embedding IF NOT EXISTS FOR (m:Member) ON m.embedding "
            "OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}",
        ),
    ),
)


def applied_versions(graph: Graph) -> set[int]:
    rows = graph.query("MATCH (m:Migration) RETURN m.version AS version")
    return {row["version"] for row in rows}


def migrate(graph: Graph, migrations: tuple[Migration, ...] = MIGRATIONS) -> list[int]:
    """Apply every migration not yet recorded; return the versions applied now."""
    done = applied_versions(graph) if _has_migration_label(graph) else set()
    applied: list[int] = []
    for migration in sorted(migrations, key=lambda m: m.version):
        if migration.version in done:
            continue
        for statement in migration.statements:
            graph.run_autocommit(statement)
        graph.write(_record, version=migration.version, name=migration.name)
        log.info("applied migration %s: %s", migration.version, migration.name)
        applied.append(migration.version)
    graph.run_autocommit("CALL db.awaitIndexes(300)")
    return applied


def _has_migration_label(graph: Graph) -> bool:
    rows = graph.query("CALL db.labels() YIELD label WHERE label = 'Migration' RETURN count(*) AS n")
    return bool(rows and rows[0]["n"])


def _record(tx: ManagedTransaction, version: int, name: str) -> None:
    tx.run(
        "MERGE (m:Migration {version: $version}) "
        "ON CREATE SET m.name = $name, m.applied_at = datetime()",
        version=version,
        name=name,
    ).consume()
