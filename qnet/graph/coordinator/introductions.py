"""Pairing introductions as conversations: a round opens one conversation for each pair it makes.

(:Conversation)-[:INTRODUCED_BY]->(:Pairing). A trio is three pairs, so three conversations. If the
two members already talk, their conversation is kept and gains the introduction.
"""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import ManagedTransaction

OPEN_INTRODUCTIONS: LiteralString = """
UNWIND $pairs AS pair
MATCH (a:Member {id: pair.a}), (b:Member {id: pair.b}), (p:Pairing {id: pair.pairing})
MERGE (c:Conversation {key: pair.key})
ON CREATE SET c.id = randomUUID(), c.seq = 0, c.created_at = $at
SET c.introduction = pair.reason, c.introduced_round = $number, c.introduced_ms = $ms, c.last_ms = $ms
MERGE (a)-[x:IN_CONVERSATION]->(c) ON CREATE SET x.read_seq = 0
MERGE (b)-[y:IN_CONVERSATION]->(c) ON CREATE SET y.read_seq = 0
MERGE (c)-[:INTRODUCED_BY]->(p)
"""

# For a PairingRound `r`: how many of its introductions led to a message (either member wrote in
# the conversation after the introduction was made).
MESSAGED: LiteralString = """COUNT {
  MATCH (r)<-[:IN_ROUND]-(p:Pairing)
  WHERE EXISTS { (p)<-[:INTRODUCED_BY]-(c:Conversation)<-[:IN]-(m:Message) WHERE m.created_ms >= c.introduced_ms }
}"""


def open_introductions(tx: ManagedTransaction, number: int, groups: list[dict[str, Any]], at: dict[str, Any]) -> None:
    """Inside the round's own transaction: a conversation for every pair within each group.

    `groups` rows carry `id` (the Pairing), `members` (ids) and `reason`.
    """
    pairs = [{"a": a, "b": b, "key": ":".join(sorted((a, b))), "pairing": g["id"], "reason": g["reason"]}
             for g in groups for k, a in enumerate(g["members"]) for b in g["members"][k + 1:]]
    tx.run(OPEN_INTRODUCTIONS, pairs=pairs, number=number, at=at["iso"], ms=at["ms"]).consume()
