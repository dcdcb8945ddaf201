"""A member's privacy: visibility flags, everything the graph holds about them, and erasure.

Erasure is one write transaction. It removes the Member node and everything personal hanging off it
(tokens, invitations, applications, subscriptions, mail to them, sign-in throttling for their
email) and only *detaches* what they contributed to others: comments and ideas keep their text and
lose their WROTE/AUTHORED relationship, so they read as by a "former member".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from neo4j import ManagedTransaction
from neo4j.time import Date, DateTime, Duration, Time

from qnet.core.errors import NotFound
from qnet.graph.driver import Graph
from qnet.graph.messaging.message_privacy import erase_messages, messages_of


@dataclass(frozen=True)
class Related:
    """One relationship of the member: its type, direction, and both sides' properties."""

    type: str
    outgoing: bool
    labels: list[str]
    relationship: dict[str, Any]
    node: dict[str, Any]


@dataclass(frozen=True)
class MemberRecord:
    """Everything stored about one member, as plain JSON-ready values."""

    member: dict[str, Any]
    related: list[Related]
    applications: list[dict[str, Any]]
    subscriptions: list[dict[str, Any]]
    mail: list[dict[str, Any]]
    messages: list[dict[str, Any]]
    notifications: list[dict[str, Any]] = field(default_factory=list)


def plain(value: Any) -> Any:
    """Neo4j values as JSON-ready Python: temporals as ISO strings, containers recursively."""
    if isinstance(value, (DateTime, Date, Time)):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value


class PrivacyRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def set_visibility(self, member_id: str, searchable: bool, suggestable: bool) -> None:
        rows = self.graph.execute(
            "MATCH (m:Member {id: $id}) SET m.searchable = $searchable, m.suggestable = $suggestable "
            "RETURN m.id AS id",
            id=member_id, searchable=searchable, suggestable=suggestable,
        )
        if not rows:
            raise NotFound("no member with that id")

    def start_profile_draft(self, member_id: str) -> None:
        """A profile started for someone (from an application) stays out of search and suggestions."""
        self.graph.execute("MATCH (m:Member {id: $id}) SET m.profile_draft = true, m.searchable = false, "
                           "m.suggestable = false", id=member_id)

    def confirm_profile(self, member_id: str) -> bool:
        """The member confirms her drafted profile: she can be found from now on. False: no draft was waiting."""
        rows = self.graph.execute(
            "MATCH (m:Member {id: $id}) WHERE m.profile_draft = true "
            "SET m.profile_draft = false, m.searchable = true, m.suggestable = true RETURN m.id AS id", id=member_id)
        return bool(rows)

    def profile_is_draft(self, member_id: str) -> bool:
        rows = self.graph.query("MATCH (m:Member {id: $id}) RETURN m.profile_draft = true AS draft", id=member_id)
        return bool(rows and rows[0]["draft"])

    def record_of(self, member_id: str) -> MemberRecord:
        """Read the member, every relationship they have, and what is filed under their email."""

        def work(tx: ManagedTransaction) -> MemberRecord:
            found = tx.run("MATCH (m:Member {id: $id}) RETURN properties(m) AS props", id=member_id).single()
            if found is None:
                raise NotFound("no member with that id")
            member = plain(found["props"])
            related = [
                Related(r["type"], r["outgoing"], r["labels"], plain(r["rel"]), plain(r["node"]))
                for r in tx.run(
                    "MATCH (m:Member {id: $id})-[r]-(n) "
                    "RETURN type(r) AS type, startNode(r) = m AS outgoing, labels(n) AS labels, "
                    "properties(r) AS rel, properties(n) AS node",
                    id=member_id,
                )
            ]
            email = member.get("email")
            applications = [plain(r["a"]) for r in tx.run(
                "MATCH (a:Application {email: $email}) RETURN properties(a) AS a", email=email)]
            subscriptions = [plain(r["s"]) for r in tx.run(
                "MATCH (s:Subscription {email: $email}) RETURN properties(s) AS s", email=email)]
            mail = [plain(r["m"]) for r in tx.run(
                "MATCH (m:Mail {to: $email}) RETURN m {.subject, .kind, .status, .created_at, .sent_at} AS m "
                "ORDER BY m.created_at", email=email)]
            notifications = [plain(r["n"]) for r in tx.run(
                "MATCH (n:Notification) WHERE n.recipient = $id AND n.created_ms IS NOT NULL "
                "RETURN n {.kind, .text, .link, .created_at, .read, .mail} AS n ORDER BY n.created_ms", id=member_id)]
            return MemberRecord(member, related, applications, subscriptions, mail, messages_of(tx, member_id),
                                notifications)

        return self.graph.read(work)

    def erase(self, member_id: str) -> None:
        """Delete the member and their personal data; keep (detached) what they wrote for others."""

        def work(tx: ManagedTransaction) -> None:
            found = tx.run(
                "MATCH (m:Member {id: $id}) SET m.erasing = true "
                "RETURN m.email AS email, m.name AS name, m.key AS key",
                id=member_id,
            ).single()
            if found is None:
                raise NotFound("no member with that id")
            email, identity = found["email"], [member_id, found["email"], found["name"], found["key"]]
            erase_messages(tx, member_id)
            # What survives them must not name them: clear any property of a neighbour that does.
            for row in tx.run(
                "MATCH (m:Member {id: $id})--(n) WHERE NOT n:Member "
                "AND NOT (n:ApiToken OR n:Invitation OR n:Application) "
                "WITH DISTINCT n, [k IN keys(n) WHERE n[k] IN $identity] AS naming WHERE size(naming) > 0 "
                "RETURN elementId(n) AS node, naming",
                id=member_id, identity=identity,
            ):
                tx.run("MATCH (n) WHERE elementId(n) = $node SET n += $cleared",
                       node=row["node"], cleared={k: None for k in row["naming"]}).consume()
            tx.run(
                """
                MATCH (m:Member {id: $id})
                CALL (m) { MATCH (m)-[r:WROTE|AUTHORED]->() DELETE r }
                CALL (m) { MATCH (m)-[:HAS_TOKEN|HAS_SESSION|HAS_INVITATION|SUBMITTED]->(x) DETACH DELETE x }
                CALL () {
                  MATCH (a:Application {email: $email})
                  OPTIONAL MATCH (mail:Mail {ref: a.id})
                  WITH a, collect(mail) AS mails
                  FOREACH (x IN mails | DETACH DELETE x)
                  DETACH DELETE a
                }
                CALL () {
                  MATCH (s:Subscription {email: $email})
                  OPTIONAL MATCH (mail:Mail {ref: s.id})
                  WITH s, collect(mail) AS mails
                  FOREACH (x IN mails | DETACH DELETE x)
                  DETACH DELETE s
                }
                CALL () { MATCH (mail:Mail {to: $email}) DETACH DELETE mail }
                CALL () { MATCH (t:LoginThrottle {key: $throttle}) DELETE t }
                CALL () { MATCH (n:Notification) WHERE n.recipient = $id AND n.created_ms IS NOT NULL DELETE n }
                CALL () { MATCH (n:Notification) WHERE n.actor = $id DELETE n }
                CALL () { MATCH (b:Ballot) WHERE b.member = $id DELETE b }
                CALL () { MATCH (p:PairingRound) WHERE p.created_by = $id SET p.created_by = null }
                CALL (m) {
                  WITH m WHERE EXISTS { (m)-[:REVIEWED|DECIDED]->(:Application) }
                  CREATE (f:FormerMember {id: randomUUID()})
                  WITH m, f
                  MATCH (m)-[v:REVIEWED|DECIDED]->(a:Application)
                  CALL (f, v, a) {
                    WITH f, v, a WHERE type(v) = 'REVIEWED'
                    CREATE (f)-[w:REVIEWED]->(a) SET w = properties(v)
                  }
                  CALL (f, v, a) {
                    WITH f, v, a WHERE type(v) = 'DECIDED'
                    CREATE (f)-[w:DECIDED]->(a) SET w = properties(v)
                  }
                }
                DETACH DELETE m
                """,
                id=member_id, email=email, throttle=f"email:{email.casefold()}",
            ).consume()

        self.graph.write(work)
