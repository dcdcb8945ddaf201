"""Versioned, idempotent schema migrations, recorded in the graph as (:Migration) nodes.

Each migration is a list of schema statements that are safe to run twice (IF NOT EXISTS). They are
applied in version order by `qnet db migrate` and at app start; a version already recorded is skipped.
To change the schema, append a new Migration; never edit one that has shipped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph
from qnet.graph.vector_indexes import create_vector_indexes, forget, rebuild_vector_indexes

log = logging.getLogger(__name__)

EMBEDDING_DIMENSIONS = 384


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    statements: tuple[LiteralString, ...]
    run: Callable[[Graph], object] | None = None  # work that depends on the server, after the statements


def _idea_space_indexes(graph: Graph) -> None:
    """Migration 16's indexes, in the form the server supports (vector_indexes.VECTOR_INDEX_DEFINITIONS)."""
    create_vector_indexes(graph, ("idea_embedding", "project_embedding"))


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
            ("CREATE FULLTEXT INDEX member_text IF NOT EXISTS FOR (m:Member) "
             "ON EACH [m.name, m.bio, m.skills_text, m.interests_text, m.role, m.organisation]"),
            ("CREATE VECTOR INDEX member_embedding IF NOT EXISTS FOR (m:Member) ON m.embedding "
             "OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}"),
        ),
    ),
    Migration(
        3,
        "knowledge sharing: ideas, comments, projects, groups and idea rounds",
        (
            "CREATE CONSTRAINT group_id IF NOT EXISTS FOR (g:Group) REQUIRE g.id IS UNIQUE",
            "CREATE CONSTRAINT round_id IF NOT EXISTS FOR (r:Round) REQUIRE r.id IS UNIQUE",
            "CREATE CONSTRAINT ballot_key IF NOT EXISTS FOR (b:Ballot) REQUIRE b.key IS UNIQUE",
            "CREATE CONSTRAINT join_request_id IF NOT EXISTS FOR (j:JoinRequest) REQUIRE j.id IS UNIQUE",
            "CREATE CONSTRAINT moderation_action_id IF NOT EXISTS FOR (a:ModerationAction) REQUIRE a.id IS UNIQUE",
            "CREATE CONSTRAINT progress_update_id IF NOT EXISTS FOR (u:ProgressUpdate) REQUIRE u.id IS UNIQUE",
            "CREATE INDEX idea_status IF NOT EXISTS FOR (i:Idea) ON (i.status)",
            "CREATE INDEX idea_created IF NOT EXISTS FOR (i:Idea) ON (i.created_ms, i.id)",
            "CREATE INDEX idea_region IF NOT EXISTS FOR (i:Idea) ON (i.region)",
            "CREATE INDEX project_status IF NOT EXISTS FOR (p:Project) ON (p.status)",
            "CREATE INDEX group_created IF NOT EXISTS FOR (g:Group) ON (g.created_ms, g.id)",
            ("CREATE FULLTEXT INDEX idea_text IF NOT EXISTS FOR (i:Idea) "
             "ON EACH [i.title, i.summary, i.body_text, i.topics_text]"),
            ("CREATE FULLTEXT INDEX project_text IF NOT EXISTS FOR (p:Project) "
             "ON EACH [p.title, p.aim, p.setting, p.methods_text]"),
            ("CREATE FULLTEXT INDEX group_text IF NOT EXISTS FOR (g:Group) "
             "ON EACH [g.name, g.learning_question, g.description, g.topics_text]"),
            ("CREATE VECTOR INDEX idea_embedding IF NOT EXISTS FOR (i:Idea) ON i.embedding "
             "OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}"),
            ("CREATE VECTOR INDEX project_embedding IF NOT EXISTS FOR (p:Project) ON p.embedding "
             "OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}"),
            ("CREATE VECTOR INDEX group_embedding IF NOT EXISTS FOR (g:Group) ON g.embedding "
             "OPTIONS {indexConfig: {`vector.dimensions`: 384, `vector.similarity_function`: 'cosine'}}"),
        ),
    ),
    Migration(
        5,
        "membership: recruitment phases, applications, invitations, updates list, mail outbox",
        (
            "CREATE CONSTRAINT recruitment_phase_id IF NOT EXISTS FOR (p:RecruitmentPhase) REQUIRE p.id IS UNIQUE",
            "CREATE CONSTRAINT course_key IF NOT EXISTS FOR (c:Course) REQUIRE c.key IS UNIQUE",
            "CREATE CONSTRAINT application_id IF NOT EXISTS FOR (a:Application) REQUIRE a.id IS UNIQUE",
            ("CREATE CONSTRAINT application_active_email IF NOT EXISTS "
             "FOR (a:Application) REQUIRE a.active_email IS UNIQUE"),
            ("CREATE CONSTRAINT application_status_hash IF NOT EXISTS "
             "FOR (a:Application) REQUIRE a.status_hash IS UNIQUE"),
            "CREATE CONSTRAINT invitation_hash IF NOT EXISTS FOR (i:Invitation) REQUIRE i.hash IS UNIQUE",
            "CREATE CONSTRAINT subscription_id IF NOT EXISTS FOR (s:Subscription) REQUIRE s.id IS UNIQUE",
            "CREATE CONSTRAINT subscription_email IF NOT EXISTS FOR (s:Subscription) REQUIRE s.email IS UNIQUE",
            "CREATE CONSTRAINT mail_id IF NOT EXISTS FOR (m:Mail) REQUIRE m.id IS UNIQUE",
            ("CREATE CONSTRAINT membership_settings_key IF NOT EXISTS "
             "FOR (s:MembershipSettings) REQUIRE s.key IS UNIQUE"),
            "CREATE INDEX application_email IF NOT EXISTS FOR (a:Application) ON (a.email)",
            "CREATE INDEX application_queue IF NOT EXISTS FOR (a:Application) ON (a.submitted_at, a.id)",
            "CREATE INDEX application_status IF NOT EXISTS FOR (a:Application) ON (a.status)",
            "CREATE INDEX subscription_confirm_hash IF NOT EXISTS FOR (s:Subscription) ON (s.confirm_hash)",
            "CREATE INDEX mail_status IF NOT EXISTS FOR (m:Mail) ON (m.status, m.created_at)",
            "CREATE INDEX mail_to IF NOT EXISTS FOR (m:Mail) ON (m.to)",
            "CREATE INDEX mail_ref IF NOT EXISTS FOR (m:Mail) ON (m.ref)",
        ),
    ),
    Migration(
        2,
        "people search: an English-analysed full-text index (stemming, stop words)",
        (
            "DROP INDEX member_text IF EXISTS",
            ("CREATE FULLTEXT INDEX member_search IF NOT EXISTS FOR (m:Member) "
             "ON EACH [m.name, m.bio, m.skills_text, m.interests_text, m.role, m.organisation] "
             "OPTIONS {indexConfig: {`fulltext.analyzer`: 'english'}}"),
        ),
    ),
    Migration(
        4,
        "coordinator insight: clustering runs, clusters, pairing rounds",
        (
            "CREATE CONSTRAINT cluster_run_id IF NOT EXISTS FOR (r:ClusterRun) REQUIRE r.id IS UNIQUE",
            "CREATE CONSTRAINT cluster_run_active IF NOT EXISTS FOR (r:ClusterRun) REQUIRE r.active IS UNIQUE",
            "CREATE CONSTRAINT cluster_id IF NOT EXISTS FOR (c:Cluster) REQUIRE c.id IS UNIQUE",
            "CREATE CONSTRAINT pairing_round_id IF NOT EXISTS FOR (r:PairingRound) REQUIRE r.id IS UNIQUE",
            "CREATE CONSTRAINT pairing_round_number IF NOT EXISTS FOR (r:PairingRound) REQUIRE r.number IS UNIQUE",
            "CREATE CONSTRAINT pairing_id IF NOT EXISTS FOR (p:Pairing) REQUIRE p.id IS UNIQUE",
            "CREATE INDEX cluster_run_status IF NOT EXISTS FOR (r:ClusterRun) ON (r.status, r.started_at)",
            "CREATE INDEX cluster_run_number IF NOT EXISTS FOR (c:Cluster) ON (c.run_id, c.number)",
            "CREATE INDEX in_cluster_run IF NOT EXISTS FOR ()-[ic:IN_CLUSTER]-() ON (ic.run)",
            "CREATE INDEX member_pairing_opt_in IF NOT EXISTS FOR (m:Member) ON (m.pairing_opt_in)",
        ),
    ),
    Migration(
        6,
        "limits on anonymous writes: one counter per client address and form",
        ("CREATE CONSTRAINT throttle_key IF NOT EXISTS FOR (t:Throttle) REQUIRE t.key IS UNIQUE",),
    ),
    Migration(
        7,
        "no range index on members' embedding hashes: hashes are read by member key, never looked up",
        # Every index is one more entry to write for each member; this one served no query.
        ("DROP INDEX member_embedding_hash IF EXISTS",),
    ),
    Migration(
        8,
        "server-side browser sessions: one node per signed-in session, found by the digest of its id",
        ("CREATE CONSTRAINT login_session_digest IF NOT EXISTS FOR (s:LoginSession) REQUIRE s.digest IS UNIQUE",),
    ),
    Migration(
        14,
        "people search: one vector per member from three encoders (qnet.matching.meaning.search_space, 3 x 384 dimensions)",
        (("CREATE VECTOR INDEX member_search_embedding IF NOT EXISTS FOR (m:Member) ON (m.search_embedding) "
          "OPTIONS {indexConfig: {`vector.dimensions`: 1152, `vector.similarity_function`: 'cosine'}}"),),
    ),
    Migration(
        15,
        "vector indexes on Neo4j 2025+: scalar quantization, filter properties for SEARCH ... WHERE",
        # On 5.26 nothing changes; `qnet db upgrade` runs the same rebuild after moving to 2026.
        (),
        run=rebuild_vector_indexes,
    ),
    Migration(
        10,
        "messages: conversations between two members, their messages, flags on messages",
        (
            "CREATE CONSTRAINT conversation_id IF NOT EXISTS FOR (c:Conversation) REQUIRE c.id IS UNIQUE",
            # Both members writing first at the same moment must meet in one conversation.
            "CREATE CONSTRAINT conversation_key IF NOT EXISTS FOR (c:Conversation) REQUIRE c.key IS UNIQUE",
            "CREATE CONSTRAINT message_id IF NOT EXISTS FOR (m:Message) REQUIRE m.id IS UNIQUE",
            "CREATE INDEX message_open_flags IF NOT EXISTS FOR (m:Message) ON (m.open_flags)",
        ),
    ),
    Migration(
        11,
        "notifications: one node per recipient, found by recipient and time; pending mail by mode; fan-out jobs",
        (
            "CREATE CONSTRAINT notification_id IF NOT EXISTS FOR (n:Notification) REQUIRE n.id IS UNIQUE",
            "CREATE INDEX notification_recipient_time IF NOT EXISTS FOR (n:Notification) ON (n.recipient, n.created_ms)",
            "CREATE INDEX notification_recipient_read IF NOT EXISTS FOR (n:Notification) ON (n.recipient, n.read)",
            "CREATE INDEX notification_pending_mail IF NOT EXISTS FOR (n:Notification) ON (n.pending_mail, n.recipient)",
            # an erased member's actions must stop naming them in others' notifications
            "CREATE INDEX notification_actor IF NOT EXISTS FOR (n:Notification) ON (n.actor)",
            "CREATE CONSTRAINT fanout_id IF NOT EXISTS FOR (f:Fanout) REQUIRE f.id IS UNIQUE",
            "CREATE INDEX fanout_status IF NOT EXISTS FOR (f:Fanout) ON (f.status)",
            "CREATE CONSTRAINT schedule_name IF NOT EXISTS FOR (s:Schedule) REQUIRE s.name IS UNIQUE",
        ),
    ),
    Migration(
        16,
        "similar work: ideas and projects in the idea space (three encoders, 3 x 384 dimensions)",
        # The older space's vectors (384, MiniLM alone) go first: an index of 1,152 dimensions cannot
        # hold them, and nothing may compare them with the new ones. `qnet reindex` (or a seed) embeds
        # those ideas and projects again; until then an idea's page embeds it when asked for its
        # similar work (IdeaService.vector_of), and it is not yet found by others.
        (
            "DROP INDEX idea_embedding IF EXISTS",
            "DROP INDEX project_embedding IF EXISTS",
            ("MATCH (n:Idea) WHERE n.embedding IS NOT NULL AND size(n.embedding) <> 1152 "
             "CALL (n) { REMOVE n.embedding } IN TRANSACTIONS OF 10000 ROWS"),
            ("MATCH (n:Project) WHERE n.embedding IS NOT NULL AND size(n.embedding) <> 1152 "
             "CALL (n) { REMOVE n.embedding } IN TRANSACTIONS OF 10000 ROWS"),
        ),
        run=_idea_space_indexes,
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
        if migration.run is not None:
            migration.run(graph)
        graph.write(_record, version=migration.version, name=migration.name)
        log.info("applied migration %s: %s", migration.version, migration.name)
        applied.append(migration.version)
    graph.run_autocommit("CALL db.awaitIndexes(300)")
    forget(graph)  # indexes may have changed form: vector queries choose theirs again
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
