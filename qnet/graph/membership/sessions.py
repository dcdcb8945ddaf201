"""Browser sessions kept on the server: (:Member)-[:HAS_SESSION]->(:LoginSession {digest, expires_at}).

The session cookie carries a random session id; only its SHA-256 digest is stored, so reading the
graph never yields a usable cookie. A session counts only while its node exists and has not expired:
signing out deletes it, and "sign out everywhere" deletes them all.
"""

from __future__ import annotations

from datetime import datetime

from qnet.core.records import Member
from qnet.graph.driver import Graph
from qnet.graph.people.profiles import MEMBER_PROJECTION


class SessionRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def start(self, member_id: str, digest: str, expires_at: datetime) -> None:
        """Record a new session; the member's expired sessions are swept on the way."""
        self.graph.execute(
            """
            MATCH (m:Member {id: $member_id})
            CALL (m) {
              MATCH (m)-[:HAS_SESSION]->(old:LoginSession) WHERE old.expires_at <= datetime()
              DETACH DELETE old
            }
            CREATE (m)-[:HAS_SESSION]->(:LoginSession {digest: $digest, created_at: datetime(),
                                                       expires_at: $expires_at})
            """,
            member_id=member_id, digest=digest, expires_at=expires_at,
        )

    def member(self, digest: str) -> Member | None:
        """The member whose live session has this digest, or None (ended, expired or unknown).
        One read, as loading the member by id was before sessions lived here: it runs on every request."""
        rows = self.graph.query(
            "MATCH (m:Member)-[:HAS_SESSION]->(s:LoginSession {digest: $digest}) WHERE s.expires_at > datetime() "
            "RETURN " + MEMBER_PROJECTION + " AS member",
            digest=digest,
        )
        return Member.from_row(rows[0]["member"]) if rows else None

    def end(self, digest: str) -> None:
        self.graph.execute("MATCH (s:LoginSession {digest: $digest}) DETACH DELETE s", digest=digest)

    def end_all(self, member_id: str, keep: str | None = None) -> int:
        """End every session of a member except the one whose digest is `keep`; returns how many ended."""
        rows = self.graph.execute(
            """
            MATCH (:Member {id: $member_id})-[:HAS_SESSION]->(s:LoginSession)
            WHERE $keep IS NULL OR s.digest <> $keep
            DETACH DELETE s
            RETURN count(*) AS n
            """,
            member_id=member_id, keep=keep,
        )
        return int(rows[0]["n"]) if rows else 0

    def count(self, member_id: str) -> int:
        rows = self.graph.query(
            "MATCH (:Member {id: $member_id})-[:HAS_SESSION]->(s:LoginSession) WHERE s.expires_at > datetime() "
            "RETURN count(s) AS n",
            member_id=member_id,
        )
        return int(rows[0]["n"]) if rows else 0
