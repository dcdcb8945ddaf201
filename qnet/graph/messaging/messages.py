"""One-to-one conversations between members: all Cypher for conversations and their messages.

(:Member)-[:IN_CONVERSATION {read_seq}]->(:Conversation {id, key, seq, last_ms, introduction,
introduced_round, introduced_ms})<-[:IN]-(:Message {id, seq, body, sender, status, created_at,
created_ms, open_flags})<-[:SENT]-(:Member); a pairing introduction adds
(:Conversation)-[:INTRODUCED_BY]->(:Pairing).

A conversation's `key` is its two members' ids in order, unique, so both members writing first at
the same moment share one conversation. Every message takes the conversation's write lock before it
numbers itself (`seq`), so two members writing at once lose nothing and keep one order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Forbidden, NotFound
from qnet.core.knowledge_records import Ref, ref
from qnet.graph.driver import Graph
from qnet.graph.messaging.blocks import not_blocked

# Who may write to whom: the rule itself, as one Cypher condition over `me` and `other`.
MAY_MESSAGE: LiteralString = (
    not_blocked("me", "other")
    + " AND (EXISTS { (me)-[:CONNECTED_TO]-(other) }"
    + " OR EXISTS { (me)-[:PAIRED_IN]->(:Pairing)<-[:PAIRED_IN]-(other) })"
)
# The one refusal for every reason (not connected, not introduced, blocked either way), so that a
# member cannot tell that they were blocked.
REFUSAL = "you can only message members you are connected to or were introduced to"

STANDING: LiteralString = (
    """
MATCH (me:Member {id: $me}), (other:Member {id: $other})
OPTIONAL MATCH (me)-[:IN_CONVERSATION]->(c:Conversation {key: $key})
RETURN """
    + MAY_MESSAGE
    + """ AS allowed, c.id AS conversation, other.name AS name,
       c {.introduction, .introduced_round} AS introduction
"""
)

OPEN: LiteralString = """
MATCH (me:Member {id: $me}), (other:Member {id: $other})
MERGE (c:Conversation {key: $key})
ON CREATE SET c.id = randomUUID(), c.seq = 0, c.created_at = $at, c.last_ms = $ms
MERGE (me)-[p:IN_CONVERSATION]->(c) ON CREATE SET p.read_seq = 0
MERGE (other)-[q:IN_CONVERSATION]->(c) ON CREATE SET q.read_seq = 0
RETURN c.id AS id
"""

LOCK: LiteralString = "MATCH (c:Conversation {id: $id}) SET c._lock = true REMOVE c._lock RETURN c.id AS id"

MESSAGE_FIELDS: LiteralString = "m {.id, .seq, .body, .sender, .status, .created_at, .open_flags}"

APPEND: LiteralString = (
    """
MATCH (me:Member {id: $me})-[p:IN_CONVERSATION]->(c:Conversation {id: $id})
SET c.seq = c.seq + 1, c.last_ms = CASE WHEN c.last_ms > $ms THEN c.last_ms ELSE $ms END
CREATE (me)-[:SENT]->(m:Message {id: randomUUID(), seq: c.seq, body: $body, sender: $me, status: 'sent',
                                 created_at: $at, created_ms: $ms, open_flags: 0})-[:IN]->(c)
SET p.read_seq = c.seq
RETURN """
    + MESSAGE_FIELDS
    + " AS message, me.name AS name"
)

CONVERSATIONS: LiteralString = """
MATCH (me:Member {id: $me})-[p:IN_CONVERSATION]->(c:Conversation)
WHERE $after_ms IS NULL OR c.last_ms < $after_ms OR (c.last_ms = $after_ms AND c.id > $after_id)
WITH me, p, c ORDER BY c.last_ms DESC, c.id LIMIT $limit
CALL (me, c) {
  OPTIONAL MATCH (other:Member)-[:IN_CONVERSATION]->(c) WHERE other <> me
  RETURN other LIMIT 1
}
CALL (c) {
  OPTIONAL MATCH (last:Message)-[:IN]->(c) WHERE last.seq = c.seq
  RETURN last LIMIT 1
}
RETURN c.id AS id, c.last_ms AS last_ms, c.introduction AS introduction, c.introduced_round AS introduced_round,
       CASE WHEN other IS NULL THEN null ELSE other {.id, .name} END AS member,
       CASE WHEN last IS NULL THEN null ELSE last {.id, .seq, .body, .sender, .status, .created_at, .open_flags}
       END AS last,
       COUNT { (m:Message)-[:IN]->(c) WHERE m.seq > p.read_seq AND coalesce(m.sender, '') <> $me } AS unread
ORDER BY c.last_ms DESC, c.id
"""

THREAD: LiteralString = (
    """
MATCH (m:Message)-[:IN]->(:Conversation {id: $id})
WHERE $before IS NULL OR m.seq < $before
WITH m ORDER BY m.seq DESC LIMIT $limit
RETURN """
    + MESSAGE_FIELDS
    + " AS message"
)

MARK_READ: LiteralString = """
MATCH (:Member {id: $me})-[p:IN_CONVERSATION]->(c:Conversation {id: $id})
SET p.read_seq = CASE WHEN c.seq > p.read_seq THEN c.seq ELSE p.read_seq END
"""

UNREAD: LiteralString = """
MATCH (:Member {id: $me})-[p:IN_CONVERSATION]->(c:Conversation)
RETURN sum(COUNT { (m:Message)-[:IN]->(c) WHERE m.seq > p.read_seq AND coalesce(m.sender, '') <> $me }) AS unread
"""

FORMER_MEMBERS_CONVERSATION: LiteralString = """
MATCH (me:Member {id: $me})-[:IN_CONVERSATION]->(c:Conversation {id: $id})
WHERE COUNT { (:Member)-[:IN_CONVERSATION]->(c) } = 1
RETURN c.id AS id, c {.introduction, .introduced_round} AS introduction
"""


@dataclass(frozen=True)
class Message:
    id: str
    seq: int
    body: str | None  # None once deleted by its author's erasure or removed by a moderator
    sender: str | None  # member id; None when the author has left qnet
    status: str  # sent | deleted | removed
    created_at: str
    open_flags: int

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> Message:
        return cls(r["id"], int(r["seq"]), r.get("body"), r.get("sender"), r.get("status") or "sent",
                   r["created_at"], int(r.get("open_flags") or 0))


@dataclass(frozen=True)
class ConversationSummary:
    id: str
    member: Ref | None  # the other member; None when they have left qnet
    last: Message | None
    unread: int
    last_ms: int
    introduction: str | None
    introduced_round: int | None


@dataclass(frozen=True)
class Standing:
    """Where I stand with another member: may I write, and our conversation if we have one."""

    allowed: bool
    conversation: str | None
    introduction: str | None
    introduced_round: int | None
    name: str | None = None  # the other member's name (None: they have left qnet)


def conversation_key(a: str, b: str) -> str:
    first, second = sorted((a, b))
    return f"{first}:{second}"


class MessageRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def standing(self, me: str, other: str) -> Standing:
        rows = self.graph.query(STANDING, me=me, other=other, key=conversation_key(me, other))
        if not rows:
            raise NotFound("no member with that id")
        intro = rows[0]["introduction"] or {}
        return Standing(bool(rows[0]["allowed"]), rows[0]["conversation"], intro.get("introduction"),
                        intro.get("introduced_round"), rows[0]["name"] or "")

    def former_members_conversation(self, me: str, conversation_id: str) -> Standing | None:
        """My conversation with someone who has since left qnet (it can be read, never answered)."""
        rows = self.graph.query(FORMER_MEMBERS_CONVERSATION, me=me, id=conversation_id)
        if not rows:
            return None
        intro = rows[0]["introduction"] or {}
        return Standing(False, rows[0]["id"], intro.get("introduction"), intro.get("introduced_round"))

    def send(self, me: str, other: str, body: str, at: dict[str, Any]) -> tuple[Message, str]:
        """Append a message if the rule allows it, in one transaction; returns it and its conversation id."""
        key = conversation_key(me, other)

        def work(tx: ManagedTransaction) -> tuple[Message, str]:
            state = tx.run(STANDING, me=me, other=other, key=key).single()
            if state is None:
                raise NotFound("no member with that id")
            if not state["allowed"]:
                raise Forbidden(REFUSAL)
            record = tx.run(OPEN, me=me, other=other, key=key, at=at["iso"], ms=at["ms"]).single()
            assert record is not None
            conversation = str(record["id"])
            tx.run(LOCK, id=conversation).consume()  # from here on, one writer at a time
            row = tx.run(APPEND, me=me, id=conversation, body=body, at=at["iso"], ms=at["ms"]).single()
            assert row is not None
            return Message.from_row(row["message"]), conversation

        return self.graph.write(work)

    def conversations(self, me: str, limit: int, after: tuple[Any, str | None]) -> list[ConversationSummary]:
        rows = self.graph.query(CONVERSATIONS, me=me, limit=limit, after_ms=after[0], after_id=after[1])
        return [ConversationSummary(
            r["id"], ref(r["member"]), Message.from_row(r["last"]) if r["last"] else None, int(r["unread"]),
            int(r["last_ms"] or 0), r["introduction"], r["introduced_round"]) for r in rows]

    def messages(self, conversation_id: str, limit: int, before: int | None) -> list[Message]:
        """Newest first, `limit` of them, older than message number `before` when given."""
        rows = self.graph.query(THREAD, id=conversation_id, limit=limit, before=before)
        return [Message.from_row(r["message"]) for r in rows]

    def mark_read(self, me: str, conversation_id: str) -> None:
        self.graph.execute(MARK_READ, me=me, id=conversation_id)

    def unread(self, me: str) -> int:
        rows = self.graph.query(UNREAD, me=me)
        return int(rows[0]["unread"] or 0) if rows else 0
