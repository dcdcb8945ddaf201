"""Connections between members: requests, acceptance, removal, dismissed suggestions.

A connection is stored once as (:Member)-[:CONNECTED_TO {since}]->(:Member) and read undirected.
Every change locks both members in id order inside its transaction, so two members requesting each
other at the same moment end up with exactly one connection.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qnet.core.records import Member
from qnet.graph.driver import Graph
from qnet.graph.messaging.blocks import not_blocked
from qnet.graph.people.profiles import MEMBER_PROJECTION

LOCK_PAIR: LiteralString = """
MATCH (first:Member {id: $first}), (second:Member {id: $second})
SET first._lock = true, second._lock = true
RETURN count(*) AS found
"""


@dataclass(frozen=True)
class Connection:
    member: Member
    since: str


@dataclass(frozen=True)
class ConnectionRequest:
    member: Member
    at: str
    incoming: bool
    message: str | None = None  # the requester's introduction, read before accepting


@dataclass(frozen=True)
class RequestOutcome:
    connected: bool  # True when the other member had already asked: the request completed a connection


def _lock_pair(tx: ManagedTransaction, a: str, b: str) -> None:
    first, second = sorted((a, b))
    record = tx.run(LOCK_PAIR, first=first, second=second).single()
    if record is None or record["found"] == 0:
        raise NotFound("no member with that id")
    tx.run("MATCH (m:Member) WHERE m.id IN [$a, $b] REMOVE m._lock", a=a, b=b).consume()


STATE: LiteralString = (
    """
MATCH (me:Member {id: $me}), (other:Member {id: $other})
RETURN """
    + not_blocked("me", "other")
    + """ AS reachable,
       EXISTS { (me)-[:CONNECTED_TO]-(other) } AS connected,
       EXISTS { (me)-[:REQUESTED_CONNECTION]->(other) } AS outgoing,
       EXISTS { (other)-[:REQUESTED_CONNECTION]->(me) } AS incoming
"""
)
# Said for a block either way, so that nobody learns they were blocked.
UNREACHABLE = "you cannot ask this member to connect"


def _state(tx: ManagedTransaction, me: str, other: str) -> dict[str, bool]:
    record = tx.run(STATE, me=me, other=other).single()
    assert record is not None
    return dict(record)


class ConnectionRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def request(self, me: str, other: str, message: str | None = None) -> RequestOutcome:
        """Ask to connect, with an optional introduction; if `other` already asked me, this completes
        the connection instead. Refused (403) when either has blocked the other."""
        if me == other:
            raise Invalid("you cannot connect to yourself", fields={"member_id": ["is you"]})

        def work(tx: ManagedTransaction) -> RequestOutcome:
            _lock_pair(tx, me, other)
            state = _state(tx, me, other)
            if not state["reachable"]:
                raise Forbidden(UNREACHABLE)
            if state["connected"]:
                raise Conflict("you are already connected")
            if state["outgoing"]:
                raise Conflict("you have already asked to connect")
            if state["incoming"]:
                _connect(tx, me, other)
                return RequestOutcome(connected=True)
            tx.run(
                "MATCH (me:Member {id: $me}), (other:Member {id: $other}) "
                "CREATE (me)-[:REQUESTED_CONNECTION {at: datetime(), message: $message}]->(other)",
                me=me,
                other=other,
                message=message,
            ).consume()
            return RequestOutcome(connected=False)

        return self.graph.write(work)

    def accept(self, me: str, other: str) -> None:
        def work(tx: ManagedTransaction) -> None:
            _lock_pair(tx, me, other)
            if not _state(tx, me, other)["incoming"]:
                raise NotFound("no connection request from that member")
            _connect(tx, me, other)

        self.graph.write(work)

    def decline(self, me: str, other: str) -> None:
        self._delete_request(requester=other, recipient=me, missing="no connection request from that member")

    def withdraw(self, me: str, other: str) -> None:
        self._delete_request(requester=me, recipient=other, missing="you have no pending request to that member")

    def remove(self, me: str, other: str) -> None:
        rows = self.graph.execute(
            "MATCH (:Member {id: $me})-[c:CONNECTED_TO]-(:Member {id: $other}) DELETE c RETURN count(*) AS n",
            me=me,
            other=other,
        )
        if not rows or rows[0]["n"] == 0:
            raise NotFound("you are not connected to that member")

    def _delete_request(self, requester: str, recipient: str, missing: str) -> None:
        rows = self.graph.execute(
            "MATCH (:Member {id: $requester})-[r:REQUESTED_CONNECTION]->(:Member {id: $recipient}) "
            "DELETE r RETURN count(*) AS n",
            requester=requester,
            recipient=recipient,
        )
        if not rows or rows[0]["n"] == 0:
            raise NotFound(missing)

    def connections(self, me: str) -> list[Connection]:
        rows = self.graph.query(
            "MATCH (:Member {id: $me})-[c:CONNECTED_TO]-(m:Member) "
            "RETURN " + MEMBER_PROJECTION + " AS member, toString(c.since) AS since ORDER BY m.sort_name",
            me=me,
        )
        return [Connection(Member.from_row(r["member"]), r["since"]) for r in rows]

    def requests(self, me: str) -> list[ConnectionRequest]:
        rows = self.graph.query(
            """
            MATCH (me:Member {id: $me})-[r:REQUESTED_CONNECTION]-(m:Member)
            RETURN """
            + MEMBER_PROJECTION
            + """ AS member, toString(r.at) AS at, startNode(r) = m AS incoming, r.message AS message
            ORDER BY r.at DESC
            """,
            me=me,
        )
        return [ConnectionRequest(Member.from_row(r["member"]), r["at"], r["incoming"], r["message"]) for r in rows]

    def dismiss(self, me: str, other: str) -> None:
        """Never suggest `other` to me again."""
        if me == other:
            raise Invalid("you cannot dismiss yourself")
        rows = self.graph.execute(
            "MATCH (me:Member {id: $me}), (other:Member {id: $other}) "
            "MERGE (me)-[d:DISMISSED]->(other) ON CREATE SET d.at = datetime() RETURN count(*) AS n",
            me=me,
            other=other,
        )
        if not rows or rows[0]["n"] == 0:
            raise NotFound("no member with that id")

    def connect_many(self, pairs: list[dict[str, Any]]) -> int:
        """Bulk-create connections by member key (seeding and imports); existing ones are kept."""
        rows = self.graph.execute(
            """
            UNWIND $pairs AS pair
            MATCH (a:Member {key: pair.a}), (b:Member {key: pair.b})
            WHERE a <> b AND NOT EXISTS { (a)-[:CONNECTED_TO]-(b) }
            CREATE (a)-[:CONNECTED_TO {since: datetime()}]->(b)
            RETURN count(*) AS n
            """,
            pairs=pairs,
        )
        return int(rows[0]["n"]) if rows else 0


def _connect(tx: ManagedTransaction, me: str, other: str) -> None:
    tx.run(
        """
        MATCH (me:Member {id: $me}), (other:Member {id: $other})
        OPTIONAL MATCH (me)-[r:REQUESTED_CONNECTION]-(other)
        DELETE r
        WITH DISTINCT me, other
        MERGE (me)-[c:CONNECTED_TO]-(other)
        ON CREATE SET c.since = datetime()
        """,
        me=me,
        other=other,
    ).consume()
