"""Credentials, personal API tokens and login throttling: the account side of a member."""

from __future__ import annotations

import uuid

from neo4j import ManagedTransaction

from qnet.core.errors import NotFound
from qnet.core.records import ApiToken, Credentials
from qnet.graph.driver import Graph


class AccountRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def credentials(self, email: str) -> Credentials | None:
        rows = self.graph.query(
            "MATCH (m:Member {email: $email}) "
            "RETURN m.id AS id, m.password_hash AS hash, coalesce(m.account_role, 'member') AS role",
            email=email,
        )
        return Credentials(rows[0]["id"], rows[0]["hash"], rows[0]["role"]) if rows else None

    def set_password_hash(self, member_id: str, password_hash: str) -> None:
        rows = self.graph.execute(
            "MATCH (m:Member {id: $id}) SET m.password_hash = $hash RETURN m.id AS id",
            id=member_id,
            hash=password_hash,
        )
        if not rows:
            raise NotFound("no member with that id")

    # -- API tokens: only a hash of each token is stored -----------------------------------------
    def create_token(self, member_id: str, name: str, token_hash: str) -> ApiToken:
        rows = self.graph.execute(
            """
            MATCH (m:Member {id: $member_id})
            CREATE (m)-[:HAS_TOKEN]->(t:ApiToken {id: $id, name: $name, hash: $hash, created_at: datetime()})
            RETURN t.id AS id, t.name AS name, toString(t.created_at) AS created_at
            """,
            member_id=member_id,
            id=str(uuid.uuid4()),
            name=name,
            hash=token_hash,
        )
        if not rows:
            raise NotFound("no member with that id")
        return ApiToken(rows[0]["id"], rows[0]["name"], rows[0]["created_at"])

    def tokens(self, member_id: str) -> list[ApiToken]:
        rows = self.graph.query(
            """
            MATCH (:Member {id: $member_id})-[:HAS_TOKEN]->(t:ApiToken)
            RETURN t.id AS id, t.name AS name, toString(t.created_at) AS created_at,
                   toString(t.last_used_at) AS last_used_at
            ORDER BY t.created_at DESC
            """,
            member_id=member_id,
        )
        return [ApiToken(r["id"], r["name"], r["created_at"], r["last_used_at"]) for r in rows]

    def revoke_token(self, member_id: str, token_id: str) -> None:
        rows = self.graph.execute(
            "MATCH (:Member {id: $member_id})-[:HAS_TOKEN]->(t:ApiToken {id: $token_id}) "
            "DETACH DELETE t RETURN count(*) AS n",
            member_id=member_id,
            token_id=token_id,
        )
        if not rows or rows[0]["n"] == 0:
            raise NotFound("no such token")

    def member_id_for_token(self, token_hash: str) -> str | None:
        rows = self.graph.query(
            "MATCH (m:Member)-[:HAS_TOKEN]->(:ApiToken {hash: $hash}) RETURN m.id AS id", hash=token_hash
        )
        return rows[0]["id"] if rows else None

    # -- login throttling, kept in the graph so that every app process sees the same counts --------
    def recent_failures(self, key: str, window_s: int) -> int:
        rows = self.graph.query(
            """
            MATCH (t:LoginThrottle {key: $key})
            RETURN size([at IN t.failures WHERE at > datetime() - duration({seconds: $window})]) AS n
            """,
            key=key,
            window=window_s,
        )
        return int(rows[0]["n"]) if rows else 0

    def record_failure(self, key: str, window_s: int) -> int:
        def work(tx: ManagedTransaction) -> int:
            record = tx.run(
                """
                MERGE (t:LoginThrottle {key: $key})
                WITH t, [at IN coalesce(t.failures, []) WHERE at > datetime() - duration({seconds: $window})]
                        + [datetime()] AS recent
                SET t.failures = recent
                RETURN size(recent) AS n
                """,
                key=key,
                window=window_s,
            ).single()
            return int(record["n"]) if record else 0

        return self.graph.write(work)

    def clear_failures(self, key: str) -> None:
        self.graph.execute("MATCH (t:LoginThrottle {key: $key}) DELETE t", key=key)
