"""Invitations to set a password: (:Member)-[:HAS_INVITATION]->(:Invitation {hash, expires_at, used_at}).

Only a hash of the secret is stored. An invitation works once and until it expires; a used one is
kept (without any secret) so that a second use is told it was already used.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, NotFound
from qnet.graph.driver import Graph
from qnet.graph.mail import OutgoingMail, enqueue

CREATE_INVITATION: LiteralString = """
MATCH (m:Member {id: $member_id})
OPTIONAL MATCH (m)-[:HAS_INVITATION]->(old:Invitation) WHERE old.used_at IS NULL
DETACH DELETE old
WITH DISTINCT m
CREATE (m)-[:HAS_INVITATION]->(i:Invitation {id: $id, hash: $hash, created_at: $now, expires_at: $expires_at})
RETURN i.id AS id
"""


@dataclass(frozen=True)
class InvitationUse:
    member_id: str
    expired: bool
    used: bool


def create_invitation(tx: ManagedTransaction, member_id: str, token_hash: str, now: datetime,
                      expires_at: datetime) -> str:
    """A new invitation inside the caller's transaction; earlier unused ones stop working."""
    record = tx.run(CREATE_INVITATION, member_id=member_id, id=str(uuid.uuid4()), hash=token_hash, now=now,
                    expires_at=expires_at).single()
    if record is None:
        raise NotFound("no member with that id")
    return str(record["id"])


class InvitationRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def accept(self, token_hash: str, password_hash: str, now: datetime) -> InvitationUse:
        """Set the password if the invitation is unused and unexpired; say which it was otherwise."""

        def work(tx: ManagedTransaction) -> InvitationUse:
            record = tx.run(
                "MATCH (m:Member)-[:HAS_INVITATION]->(i:Invitation {hash: $hash}) "
                "SET i.checked_at = $now "  # locks the invitation: two uses at once cannot both succeed
                "RETURN m.id AS member_id, i.used_at IS NOT NULL AS used, i.expires_at <= $now AS expired",
                hash=token_hash, now=now,
            ).single()
            if record is None:
                raise NotFound("this invitation link is not valid; check it was copied whole")
            use = InvitationUse(record["member_id"], bool(record["expired"]), bool(record["used"]))
            if use.used or use.expired:
                return use
            tx.run(
                "MATCH (m:Member {id: $member_id})-[:HAS_INVITATION]->(i:Invitation {hash: $hash}) "
                "SET m.password_hash = $password_hash, i.used_at = $now",
                member_id=use.member_id, hash=token_hash, password_hash=password_hash, now=now,
            ).consume()
            return use

        return self.graph.write(work)

    def reissue(self, member_id: str, token_hash: str, now: datetime, expires_at: datetime,
                mail: OutgoingMail) -> str:
        """A fresh invitation (and its mail) for a member who has not set a password yet."""

        def work(tx: ManagedTransaction) -> str:
            record = tx.run("MATCH (m:Member {id: $id}) RETURN m.password_hash IS NOT NULL AS has_password",
                            id=member_id).single()
            if record is None:
                raise NotFound("no member with that id")
            if record["has_password"]:
                raise Conflict("this member has already set a password")
            create_invitation(tx, member_id, token_hash, now, expires_at)
            return enqueue(tx, mail, now)

        return self.graph.write(work)
