"""Improvement projects, their teams and join requests: every Cypher statement for them.

(:Member)-[:MEMBER_OF {role, since}]->(:Project)-[:USES_METHOD]->(:Skill), (:Idea)-[:PART_OF]->(:Project),
(:Member)-[:MADE]->(:JoinRequest {status})-[:TO]->(:Project).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.cursors import encode_cursor
from qnet.core.errors import Conflict, NotFound
from qnet.core.knowledge_records import Project, Ref
from qnet.core.records import Page
from qnet.graph.driver import Graph
from qnet.graph.knowledge.shared import SET_EMBEDDING, decode_cursor, lock, member_keys, stamp

PROJECT_PROJECTION: LiteralString = """
p {
  .id, .title, .aim, .setting, .region, .status, .created_at, .follower_count, .comment_count,
  methods: [(p)-[:USES_METHOD]->(s:Skill) | {key: s.key, name: s.name}],
  team: [(m:Member)-[r:MEMBER_OF]->(p) | {id: m.id, name: m.name, role: r.role}],
  ideas: [(i:Idea)-[:PART_OF]->(p) WHERE i.status <> 'draft' | {id: i.id, name: i.title}]
}
"""

# Creates or updates a batch of projects by id (the app's edits are batches of one): their fields,
# methods (replaced), team seats (added: a seat already held keeps its role) and embedding.
# Rows: id, title, aim, setting, region, status, methods [{key, name}], methods_text, updated_at, and
# when new created_at, created_ms; optionally key (a seeded project's), team [{member: key, role}],
# embedding, embedding_hash.
WRITE_PROJECTS: LiteralString = """
UNWIND $rows AS row
MERGE (n:Project {id: row.id})
  ON CREATE SET n.created_at = row.created_at, n.created_ms = row.created_ms, n.follower_count = 0,
                n.comment_count = 0
SET n.key = coalesce(row.key, n.key), n.title = row.title, n.aim = row.aim, n.setting = row.setting,
    n.region = row.region, n.status = row.status, n.methods_text = row.methods_text, n.updated_at = row.updated_at
WITH n, row
CALL (n) { OPTIONAL MATCH (n)-[old:USES_METHOD]->() DELETE old }
CALL (n, row) {
  UNWIND row.methods AS s
  MERGE (k:Skill {key: s.key}) ON CREATE SET k.name = s.name
  MERGE (n)-[:USES_METHOD]->(k)
}
CALL (n, row) {
  UNWIND row.team AS seat
  MATCH (m:Member {key: seat.member})
  MERGE (m)-[r:MEMBER_OF]->(n) ON CREATE SET r.role = seat.role, r.since = row.created_at
}
""" + SET_EMBEDDING


@dataclass(frozen=True)
class JoinRequest:
    id: str
    member: Ref
    message: str
    status: str  # pending | approved | declined
    at: str


# Each project's embedded content, in id order from `after` (`qnet reindex` pages through every project).
PROJECT_TEXTS: LiteralString = """
MATCH (p:Project) WHERE p.id > $after
WITH p ORDER BY p.id LIMIT $limit
RETURN p.id AS id, p.title AS title, p.aim AS aim, p.setting AS setting, p.region AS region,
       p.methods_text AS methods_text, p.embedding_hash AS embedding_hash
"""

# A batch of projects embedded again (nothing else about them changes: not an edit).
SET_PROJECT_EMBEDDINGS: LiteralString = """
UNWIND $rows AS row
MATCH (n:Project {id: row.id})
""" + SET_EMBEDDING


@dataclass(frozen=True)
class ProjectText:
    """What a project is embedded from, as stored (methods' names in order), and the hash of its vector."""

    id: str
    title: str
    aim: str
    setting: str
    region: str | None
    methods: list[str]
    embedding_hash: str | None

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> ProjectText:
        return cls(id=row["id"], title=row["title"] or "", aim=row["aim"] or "", setting=row["setting"] or "",
                   region=row["region"], methods=[m for m in (row["methods_text"] or "").split(" ; ") if m],
                   embedding_hash=row["embedding_hash"])


class ProjectRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def get(self, project_id: str) -> Project:
        row = self.graph.query_one("MATCH (p:Project {id: $id}) RETURN " + PROJECT_PROJECTION + " AS project",
                                   "no project with that id", id=project_id)
        return Project.from_row(row["project"])

    def exists(self, project_id: str) -> None:
        if not self.graph.query("MATCH (p:Project {id: $id}) RETURN p.id AS id", id=project_id):
            raise NotFound("no project with that id")

    def page(self, status: str | None, region: str | None, method: str | None, limit: int,
             cursor: str | None) -> Page[Project]:
        after_key, after_id = decode_cursor(cursor)
        rows = self.graph.query(
            """
            MATCH (p:Project)
            WHERE ($status IS NULL OR p.status = $status) AND ($region IS NULL OR p.region = $region)
              AND ($method IS NULL OR EXISTS { (p)-[:USES_METHOD]->(:Skill {key: $method}) })
              AND ($after_key IS NULL OR p.created_ms < $after_key OR (p.created_ms = $after_key AND p.id > $after_id))
            WITH p ORDER BY p.created_ms DESC, p.id LIMIT $limit
            RETURN """ + PROJECT_PROJECTION + " AS project, p.created_ms AS sort_key",
            status=status, region=region, method=method, after_key=after_key, after_id=after_id, limit=limit + 1)
        projects = [Project.from_row(row["project"]) for row in rows[:limit]]
        next_cursor = encode_cursor(rows[limit - 1]["sort_key"], projects[-1].id) if len(rows) > limit else None
        return Page(projects, next_cursor)

    def texts_page(self, after: str, limit: int) -> list[ProjectText]:
        return [ProjectText.from_row(row) for row in self.graph.query(PROJECT_TEXTS, after=after, limit=limit)]

    def write_embeddings(self, rows: list[dict[str, Any]]) -> None:
        """Rows of id, embedding, embedding_hash."""
        self.graph.execute(SET_PROJECT_EMBEDDINGS, rows=rows)

    def titles_of_member(self, member_id: str) -> dict[str, str]:
        """The projects a member is on the team of, id -> title (e.g. to link an idea to one)."""
        rows = self.graph.query("MATCH (:Member {id: $id})-[:MEMBER_OF]->(p:Project) RETURN p.id AS id, p.title AS title",
                                id=member_id)
        return {r["id"]: r["title"] for r in rows}

    def create(self, lead_id: str, row: dict[str, Any], at: datetime) -> str:
        project_id = str(uuid.uuid4())
        when = stamp(at)

        def work(tx: ManagedTransaction) -> None:
            lead = member_keys(tx, [lead_id]).get(lead_id)
            if lead is None:
                raise NotFound("no member with that id")
            tx.run(WRITE_PROJECTS, rows=[row | {
                "id": project_id, "created_at": when["iso"], "created_ms": when["ms"], "updated_at": when["iso"],
                "team": [{"member": lead, "role": "lead"}]}]).consume()

        self.graph.write(work)
        return project_id

    def update(self, project_id: str, row: dict[str, Any], at: datetime) -> None:
        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Project", project_id, "project")
            tx.run(WRITE_PROJECTS, rows=[row | {"id": project_id, "updated_at": stamp(at)["iso"]}]).consume()

        self.graph.write(work)

    def request_to_join(self, project_id: str, member_id: str, message: str, at: datetime) -> str:
        """One pending request per member per project; team members cannot ask again."""

        def work(tx: ManagedTransaction) -> str:
            lock(tx, "Project", project_id, "project")
            state = tx.run(
                """
                MATCH (p:Project {id: $project}), (m:Member {id: $member})
                RETURN EXISTS { (m)-[:MEMBER_OF]->(p) } AS on_team,
                       [(m)-[:MADE]->(j:JoinRequest {status: 'pending'})-[:TO]->(p) | j.id][0] AS pending
                """, project=project_id, member=member_id).single()
            if state is None:
                raise NotFound("no member with that id")
            if state["on_team"]:
                raise Conflict("you are already on this project's team")
            if state["pending"]:
                return str(state["pending"])
            request_id = str(uuid.uuid4())
            tx.run(
                "MATCH (p:Project {id: $project}), (m:Member {id: $member}) "
                "CREATE (m)-[:MADE]->(:JoinRequest {id: $id, message: $message, status: 'pending', at: $at})-[:TO]->(p)",
                project=project_id, member=member_id, id=request_id, message=message, at=stamp(at)["iso"]).consume()
            return request_id

        return self.graph.write(work)

    def join_requests(self, project_id: str, status: str | None) -> list[JoinRequest]:
        rows = self.graph.query(
            """
            MATCH (m:Member)-[:MADE]->(j:JoinRequest)-[:TO]->(:Project {id: $project})
            WHERE $status IS NULL OR j.status = $status
            RETURN j {.id, .message, .status, .at} AS request, m {.id, .name} AS member ORDER BY j.at
            """, project=project_id, status=status)
        return [JoinRequest(member=Ref(r["member"]["id"], r["member"]["name"]), **r["request"]) for r in rows]

    def pending_request_of(self, project_id: str, member_id: str) -> JoinRequest | None:
        """The member's own request to join the project while it waits for the lead, if any."""
        rows = self.graph.query(
            "MATCH (m:Member {id: $member})-[:MADE]->(j:JoinRequest {status: 'pending'})-[:TO]->(:Project {id: $project}) "
            "RETURN j {.id, .message, .status, .at} AS request, m {.id, .name} AS member LIMIT 1",
            project=project_id, member=member_id)
        return next((JoinRequest(member=Ref(r["member"]["id"], r["member"]["name"]), **r["request"]) for r in rows), None)

    def decide(self, project_id: str, request_id: str, approve: bool, role: str, at: datetime) -> None:
        """Approve (the member joins the team with `role`) or decline a pending request."""

        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Project", project_id, "project")
            record = tx.run(
                "MATCH (m:Member)-[:MADE]->(j:JoinRequest {id: $id})-[:TO]->(p:Project {id: $project}) "
                "RETURN j.status AS status, m.id AS member", id=request_id, project=project_id).single()
            if record is None:
                raise NotFound("no join request with that id for this project")
            if record["status"] != "pending":
                raise Conflict(f"that request was already {record['status']}")
            tx.run(
                """
                MATCH (m:Member {id: $member})-[:MADE]->(j:JoinRequest {id: $id})-[:TO]->(p:Project {id: $project})
                SET j.status = $status, j.decided_at = $at
                FOREACH (_ IN CASE WHEN $approve THEN [1] ELSE [] END |
                  MERGE (m)-[r:MEMBER_OF]->(p) ON CREATE SET r.role = $role, r.since = $at)
                """,
                member=record["member"], id=request_id, project=project_id, approve=approve, role=role,
                status="approved" if approve else "declined", at=stamp(at)["iso"]).consume()

        self.graph.write(work)

    def leave(self, project_id: str, member_id: str) -> None:
        """Leave a team; the last lead cannot leave (someone must approve join requests)."""

        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Project", project_id, "project")
            record = tx.run(
                "MATCH (m:Member {id: $member})-[r:MEMBER_OF]->(p:Project {id: $project}) "
                "RETURN r.role AS role, COUNT { (:Member)-[:MEMBER_OF {role: 'lead'}]->(p) } AS leads",
                member=member_id, project=project_id).single()
            if record is None:
                raise NotFound("you are not on this project's team")
            if record["role"] == "lead" and record["leads"] <= 1:
                raise Conflict("the project's only lead cannot leave; hand the lead role on first")
            tx.run("MATCH (:Member {id: $member})-[r:MEMBER_OF]->(:Project {id: $project}) DELETE r",
                   member=member_id, project=project_id).consume()

        self.graph.write(work)
