"""Flags on messages and the moderators' view of them: all Cypher for message moderation.

(:Member)-[:FLAGGED {reason, at, status}]->(:Message). A message is private to its two members;
a flag is the one thing that shows it to moderators (only that message, never the conversation).
(:Member)-[:TOOK]->(:ModerationAction {action, reason, at})-[:CONCERNS]->(:Message) records what a
moderator did, as it does for comments.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, Forbidden, NotFound
from qnet.core.knowledge_records import Ref, ref
from qnet.graph.driver import Graph
from qnet.graph.messaging.messages import Message

FLAG: LiteralString = """
MATCH (me:Member {id: $me})-[:IN_CONVERSATION]->(:Conversation)<-[:IN]-(m:Message {id: $id})
SET m._lock = true REMOVE m._lock
WITH me, m, m.sender = $me AS own, m.status AS status
CALL (me, m, own, status) {
  WITH me, m WHERE NOT own AND status = 'sent'
  MERGE (me)-[f:FLAGGED]->(m)
  ON CREATE SET f.status = 'open', f.at = $at, f.reason = $reason
  ON MATCH SET f.reason = $reason, f.at = $at, f.status = 'open'
  SET m.open_flags = COUNT { (:Member)-[:FLAGGED {status: 'open'}]->(m) }
}
RETURN own, status, m.open_flags AS open_flags
"""

QUEUE: LiteralString = """
MATCH (m:Message) WHERE m.open_flags > 0 AND m.status = 'sent'
WITH m ORDER BY m.created_ms LIMIT $limit
OPTIONAL MATCH (author:Member)-[:SENT]->(m)
RETURN m {.id, .seq, .body, .sender, .status, .created_at, .open_flags} AS message,
       CASE WHEN author IS NULL THEN null ELSE author {.id, .name} END AS author,
       [(:Member)-[f:FLAGGED {status: 'open'}]->(m) | f.reason] AS reasons
"""

MODERATE: LiteralString = """
MATCH (m:Message {id: $id}) WHERE m.open_flags > 0
SET m.status = CASE WHEN $action = 'remove' THEN 'removed' ELSE m.status END
WITH m
CALL (m) { MATCH (:Member)-[f:FLAGGED {status: 'open'}]->(m) SET f.status = 'resolved' }
SET m.open_flags = 0
WITH m
MATCH (moderator:Member {id: $moderator})
CREATE (moderator)-[:TOOK]->(:ModerationAction {id: randomUUID(), action: $action, reason: $reason, at: $at,
                                                from_status: 'sent', to_status: m.status})-[:CONCERNS]->(m)
RETURN m.status AS status
"""


@dataclass(frozen=True)
class FlaggedMessage:
    message: Message
    author: Ref | None
    reasons: list[str]


class MessageFlagRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def flag(self, me: str, message_id: str, reason: str, at: str) -> int:
        """Flag a message sent to me (a repeat replaces my reason); returns its open flags."""

        def work(tx: ManagedTransaction) -> int:
            record = tx.run(FLAG, me=me, id=message_id, reason=reason, at=at).single()
            if record is None:
                raise NotFound("no message with that id")  # not mine to see: the same as not there
            if record["own"]:
                raise Forbidden("you cannot flag your own message")
            if record["status"] != "sent":
                raise Conflict(f"a {record['status']} message cannot be flagged")
            return int(record["open_flags"] or 0)

        return self.graph.write(work)

    def queue(self, limit: int) -> list[FlaggedMessage]:
        """Messages with open flags, oldest first, with the reasons their recipients gave."""
        rows = self.graph.query(QUEUE, limit=limit)
        return [FlaggedMessage(Message.from_row(r["message"]), ref(r["author"]), list(r["reasons"])) for r in rows]

    def moderate(self, moderator: str, message_id: str, action: str, reason: str, at: str) -> str:
        """Dismiss the flags (the message is fine) or remove the message; recorded. Returns its status."""
        rows = self.graph.execute(MODERATE, id=message_id, moderator=moderator, action=action, reason=reason, at=at)
        if not rows:
            raise NotFound("no flagged message with that id")
        return str(rows[0]["status"])
