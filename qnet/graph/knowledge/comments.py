"""Comments on ideas and projects, their flags and every moderation action: all Cypher for them.

(:Member)-[:WROTE]->(:Comment)-[:ON]->(:Idea|Project), (:Comment)-[:REPLY_TO]->(:Comment),
(:Member)-[:FLAGGED {reason, at, status}]->(:Comment),
(:Member)-[:TOOK]->(:ModerationAction {action, reason, at})-[:CONCERNS]->(:Comment).
A comment whose author deleted their account has no WROTE relationship: it shows as "former member".
Every change locks the comment (and, when counts change, its target) inside its transaction.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Invalid, NotFound
from qnet.core.knowledge_records import Ref, ref
from qnet.graph.driver import Graph
from qnet.graph.knowledge.shared import lock, stamp

TARGET_LABELS = {"idea": "Idea", "project": "Project"}
COUNTED = ["visible", "hidden"]

COMMENT_PROJECTION: LiteralString = """
c {
  .id, .body, .body_html, .status, .created_at, .created_ms, .edited_at, .open_flags,
  author: [(a:Member)-[:WROTE]->(c) | a {.id, .name}][0],
  reply_to: [(c)-[:REPLY_TO]->(p:Comment) | p.id][0],
  target: [(c)-[:ON]->(t) | {id: t.id, kind: CASE WHEN t:Idea THEN 'idea' ELSE 'project' END}][0]
}
"""

_MATCH_TARGET: dict[str, LiteralString] = {
    "Idea": "MATCH (t:Idea {id: $target}) ",
    "Project": "MATCH (t:Project {id: $target}) ",
}

CREATE_COMMENT: LiteralString = """
MATCH (m:Member {id: $author})
CREATE (m)-[:WROTE]->(c:Comment {id: $id, body: $body, body_html: $body_html, status: 'visible',
  created_at: $at, created_ms: $at_ms, open_flags: 0})-[:ON]->(t)
WITH c
OPTIONAL MATCH (parent:Comment {id: $reply_to})
FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END | CREATE (c)-[:REPLY_TO]->(parent))
RETURN c.id AS id
"""

_RECOUNT: LiteralString = """
MATCH (c:Comment {id: $id})-[:ON]->(t)
SET t.comment_count = COUNT { (t)<-[:ON]-(x:Comment) WHERE x.status IN $counted }
"""

RECORD_ACTION: LiteralString = """
MATCH (c:Comment {id: $comment})
CREATE (a:ModerationAction {id: randomUUID(), action: $action, reason: $reason, at: $at, from_status: $from_status,
  to_status: $to_status})-[:CONCERNS]->(c)
WITH a
OPTIONAL MATCH (m:Member {id: $actor})
FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | CREATE (m)-[:TOOK]->(a))
"""


@dataclass(frozen=True)
class Comment:
    id: str
    body: str
    body_html: str
    status: str  # visible | hidden | removed | deleted
    author: Ref | None  # None: the author deleted their account
    reply_to: str | None
    target_id: str
    target_kind: str
    created_at: str
    created_ms: int
    edited_at: str | None
    open_flags: int

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Comment:
        target = row.get("target") or {}
        return cls(id=row["id"], body=row.get("body") or "", body_html=row.get("body_html") or "",
                   status=row["status"], author=ref(row.get("author")), reply_to=row.get("reply_to"),
                   target_id=target.get("id", ""), target_kind=target.get("kind", ""),
                   created_at=row["created_at"], created_ms=int(row["created_ms"]), edited_at=row.get("edited_at"),
                   open_flags=int(row.get("open_flags") or 0))


@dataclass(frozen=True)
class ModerationAction:
    id: str
    action: str  # hide | restore | remove | auto_hide
    reason: str
    at: str
    moderator: Ref | None  # None when qnet acted by itself (the flag threshold)
    from_status: str
    to_status: str


class CommentRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def get(self, comment_id: str) -> Comment:
        row = self.graph.query_one("MATCH (c:Comment {id: $id}) RETURN " + COMMENT_PROJECTION + " AS comment",
                                   "no comment with that id", id=comment_id)
        return Comment.from_row(row["comment"])

    def thread(self, kind: str, target_id: str, limit: int) -> list[Comment]:
        """Every comment on an idea or project, oldest first (the caller builds the tree)."""
        rows = self.graph.query(
            _MATCH_TARGET[TARGET_LABELS[kind]] + "MATCH (c:Comment)-[:ON]->(t) WITH c ORDER BY c.created_ms, c.id "
            "LIMIT $limit RETURN " + COMMENT_PROJECTION + " AS comment", target=target_id, limit=limit)
        return [Comment.from_row(row["comment"]) for row in rows]

    def create(self, kind: str, target_id: str, author_id: str, body: str, body_html: str,
               reply_to: str | None, at: datetime) -> str:
        label = TARGET_LABELS[kind]
        comment_id = str(uuid.uuid4())
        when = stamp(at)

        def work(tx: ManagedTransaction) -> None:
            lock(tx, label, target_id, kind)
            if reply_to is not None:
                parent = tx.run("MATCH (p:Comment {id: $id})-[:ON]->(t {id: $target}) RETURN p.status AS status",
                                id=reply_to, target=target_id).single()
                if parent is None:
                    raise Invalid("a reply must answer a comment on the same " + kind,
                                  fields={"reply_to": ["no such comment here"]})
            record = tx.run(_MATCH_TARGET[label] + CREATE_COMMENT, target=target_id, author=author_id, id=comment_id,
                            body=body, body_html=body_html, at=when["iso"], at_ms=when["ms"], reply_to=reply_to).single()
            if record is None:
                raise NotFound("no member with that id")
            tx.run(_RECOUNT, id=comment_id, counted=COUNTED).consume()

        self.graph.write(work)
        return comment_id

    def edit(self, comment_id: str, body: str, body_html: str, at: datetime) -> None:
        def work(tx: ManagedTransaction) -> None:
            lock(tx, "Comment", comment_id, "comment")
            tx.run("MATCH (c:Comment {id: $id}) SET c.body = $body, c.body_html = $html, c.edited_at = $at",
                   id=comment_id, body=body, html=body_html, at=stamp(at)["iso"]).consume()

        self.graph.write(work)

    def set_status(self, comment_id: str, status: str, *, action: str, reason: str, actor: str | None,
                   at: datetime, expected: list[str], erase: bool = False, resolve_flags: bool = False) -> str:
        """Move a comment to `status` if it is in one of `expected`; record who did it and why.

        Returns the status it had before. `erase` blanks the text (the author deleting it).
        """

        def work(tx: ManagedTransaction) -> str:
            lock(tx, "Comment", comment_id, "comment")
            current = tx.run("MATCH (c:Comment {id: $id}) RETURN c.status AS status", id=comment_id).single()
            assert current is not None
            if current["status"] not in expected:
                raise Invalid(f"a {current['status']} comment cannot be changed that way",
                              fields={"action": [f"the comment is {current['status']}"]})
            tx.run(
                """
                MATCH (c:Comment {id: $id})
                SET c.status = $status,
                    c.body = CASE WHEN $erase THEN '' ELSE c.body END,
                    c.body_html = CASE WHEN $erase THEN '' ELSE c.body_html END
                WITH c
                CALL (c) {
                  WITH c WHERE $resolve
                  MATCH (:Member)-[f:FLAGGED {status: 'open'}]->(c)
                  SET f.status = 'resolved'
                }
                SET c.open_flags = COUNT { (:Member)-[:FLAGGED {status: 'open'}]->(c) }
                """,
                id=comment_id, status=status, erase=erase, resolve=resolve_flags,
            ).consume()
            tx.run(RECORD_ACTION, comment=comment_id, action=action, reason=reason, at=stamp(at)["iso"],
                   actor=actor, from_status=current["status"], to_status=status).consume()
            tx.run(_RECOUNT, id=comment_id, counted=COUNTED).consume()
            return str(current["status"])

        return self.graph.write(work)

    def flag(self, comment_id: str, member_id: str, reason: str, at: datetime, threshold: int) -> tuple[int, str]:
        """One open flag per member (a repeat updates the reason); at the threshold a visible comment
        is hidden pending review. Returns (open flags, status)."""
        when = stamp(at)

        def work(tx: ManagedTransaction) -> tuple[int, str]:
            lock(tx, "Comment", comment_id, "comment")
            record = tx.run(
                """
                MATCH (c:Comment {id: $id}), (m:Member {id: $member})
                MERGE (m)-[f:FLAGGED]->(c)
                ON CREATE SET f.status = 'open', f.at = $at, f.reason = $reason
                ON MATCH SET f.reason = CASE WHEN f.status = 'open' THEN $reason ELSE f.reason END
                WITH c
                SET c.open_flags = COUNT { (:Member)-[:FLAGGED {status: 'open'}]->(c) }
                RETURN c.open_flags AS flags, c.status AS status
                """,
                id=comment_id, member=member_id, at=when["iso"], reason=reason,
            ).single()
            if record is None:
                raise NotFound("no member with that id")
            flags, status = int(record["flags"]), str(record["status"])
            if flags >= threshold and status == "visible":
                tx.run("MATCH (c:Comment {id: $id}) SET c.status = 'hidden'", id=comment_id).consume()
                tx.run(RECORD_ACTION, comment=comment_id, action="auto_hide", at=when["iso"], actor=None,
                       reason=f"{flags} open flags: hidden pending review", from_status=status,
                       to_status="hidden").consume()
                status = "hidden"
            return flags, status

        return self.graph.write(work)

    def flags_of(self, comment_id: str) -> list[dict[str, Any]]:
        return self.graph.query(
            "MATCH (m:Member)-[f:FLAGGED]->(:Comment {id: $id}) "
            "RETURN f.reason AS reason, f.at AS at, f.status AS status, m.id AS member_id ORDER BY f.at",
            id=comment_id)

    def history(self, comment_id: str) -> list[ModerationAction]:
        rows = self.graph.query(
            """
            MATCH (a:ModerationAction)-[:CONCERNS]->(:Comment {id: $id})
            OPTIONAL MATCH (m:Member)-[:TOOK]->(a)
            RETURN a {.id, .action, .reason, .at, .from_status, .to_status} AS action,
                   CASE WHEN m IS NULL THEN null ELSE m {.id, .name} END AS moderator
            ORDER BY a.at, a.id
            """,
            id=comment_id)
        return [ModerationAction(**row["action"], moderator=ref(row["moderator"])) for row in rows]

    def posted_on(self, comment_ids: list[str]) -> dict[str, dict[str, str]]:
        """Where each comment was posted: {comment id: {"kind": idea|project, "id", "title"}}."""
        rows = self.graph.query(
            "UNWIND $ids AS id MATCH (c:Comment {id: id})-[:ON]->(t) "
            "RETURN c.id AS comment, CASE WHEN t:Idea THEN 'idea' ELSE 'project' END AS kind, t.id AS id, "
            "t.title AS title", ids=comment_ids)
        return {r["comment"]: {"kind": r["kind"], "id": r["id"], "title": r["title"] or ""} for r in rows}

    def queue(self, limit: int) -> list[Comment]:
        """Comments waiting for a coordinator: hidden, or visible with open flags; most flagged first."""
        rows = self.graph.query(
            "MATCH (c:Comment) WHERE c.status = 'hidden' OR (c.status = 'visible' AND c.open_flags > 0) "
            "WITH c ORDER BY c.open_flags DESC, c.created_ms LIMIT $limit RETURN "
            + COMMENT_PROJECTION + " AS comment", limit=limit)
        return [Comment.from_row(row["comment"]) for row in rows]
