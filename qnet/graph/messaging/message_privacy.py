"""A member's messages in their data export, and what erasing a member does to their messages.

Erasure keeps each conversation for the member who stays, but what the leaver wrote loses its text
and its author: both sides see it as deleted. The conversation loses its key (which held the
leaver's id), so it can no longer be found from their side.
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import ManagedTransaction

MY_CONVERSATIONS: LiteralString = """
MATCH (me:Member {id: $id})-[:IN_CONVERSATION]->(c:Conversation)
CALL (me, c) {
  OPTIONAL MATCH (other:Member)-[:IN_CONVERSATION]->(c) WHERE other <> me
  RETURN other LIMIT 1
}
CALL (c) {
  MATCH (m:Message)-[:IN]->(c)
  WITH m ORDER BY m.seq
  RETURN collect(m {.id, .body, .status, .created_at, .sender}) AS messages
}
RETURN c.id AS id, CASE WHEN other IS NULL THEN null ELSE other {.id, .name} END AS member,
       c.introduction AS introduction, messages
ORDER BY c.last_ms DESC
"""

ERASE: LiteralString = """
MATCH (me:Member {id: $id})
CALL (me) { MATCH (me)-[:SENT]->(m:Message) SET m.body = null, m.status = 'deleted', m.sender = null }
CALL (me) { MATCH (me)-[:IN_CONVERSATION]->(c:Conversation) SET c.key = null }
CALL (me) {
  MATCH (me)-[f:FLAGGED]->(m:Message)
  DELETE f
  WITH DISTINCT m
  SET m.open_flags = COUNT { (:Member)-[:FLAGGED {status: 'open'}]->(m) }
}
"""


def messages_of(tx: ManagedTransaction, member_id: str) -> list[dict[str, Any]]:
    """Every conversation of the member with every message in it (theirs marked `mine`)."""
    conversations = []
    for row in tx.run(MY_CONVERSATIONS, id=member_id):
        messages = [{"mine": m.pop("sender", None) == member_id, **m} for m in row["messages"]]
        conversations.append({"id": row["id"], "with": row["member"], "introduction": row["introduction"],
                              "messages": messages})
    return conversations


def erase_messages(tx: ManagedTransaction, member_id: str) -> None:
    """Inside the erasure's transaction: blank what the member wrote and unkey their conversations."""
    tx.run(ERASE, id=member_id).consume()
