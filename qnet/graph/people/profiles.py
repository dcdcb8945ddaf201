"""Members and their skills, organisations, regions and interests: every Cypher statement for them."""

from __future__ import annotations

import uuid
from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.core.cursors import decode_cursor, encode_cursor
from qnet.core.errors import Conflict, Invalid, NotFound
from qnet.core.filters import MemberFilters
from qnet.core.records import Member, MemberWrite, Page
from qnet.graph.driver import Graph
from qnet.graph.people.member_writes import write_members
from qnet.graph.vector_indexes import features
from qnet.graph.vector_values import vector_value

# The public projection of a member; `email` rides along because the Member record carries it,
# and the output schemas drop it from every public representation.
MEMBER_PROJECTION: LiteralString = """
m {
  .id, .key, .email, .name, .role, .bio, .account_role, .searchable, .suggestable,
  region: m.region,
  organisation: m.organisation,
  joined_at: toString(m.created_at),
  skills: [(m)-[h:HAS_SKILL]->(s:Skill) | {key: s.key, name: s.name, level: h.level}],
  interests: [(m)-[:INTERESTED_IN]->(t:Topic) | t.name]
}
"""



class MemberRepository:
    """Reads and writes members; every method is one managed transaction."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    # -- reads ---------------------------------------------------------------------------------
    def get(self, member_id: str) -> Member:
        rows = self.graph.query(
            "MATCH (m:Member {id: $id}) RETURN " + MEMBER_PROJECTION + " AS member", id=member_id
        )
        if not rows:
            raise NotFound("no member with that id")
        return Member.from_row(rows[0]["member"])

    def find_by_email(self, email: str) -> Member | None:
        rows = self.graph.query(
            "MATCH (m:Member {email: $email}) RETURN " + MEMBER_PROJECTION + " AS member", email=email
        )
        return Member.from_row(rows[0]["member"]) if rows else None

    def get_many(self, ids: list[str]) -> dict[str, Member]:
        rows = self.graph.query(
            "UNWIND $ids AS id MATCH (m:Member {id: id}) RETURN " + MEMBER_PROJECTION + " AS member",
            ids=ids,
        )
        return {row["member"]["id"]: Member.from_row(row["member"]) for row in rows}

    def browse(self, filters: MemberFilters, limit: int, cursor: str | None = None) -> Page[Member]:
        """Members in name order, keyset-paginated so deep pages stay as fast as the first.

        Listing members is finding people, filtered or not, so members who chose not to appear in
        search (`searchable` false) are never listed; their own pages, ideas and comments stay.
        """
        after_name, after_id = decode_cursor(cursor, str, str) if cursor else ("", "")
        # Read in the order of the (sort_name, id) index and stop at the limit. The keyset test has
        # no top-level OR: the planner would answer an OR with a union of two index seeks and then
        # sort every member (slow at scale: docs/BENCHMARKS.md); the hint keeps the single ordered seek.
        rows = self.graph.query(
            """
            MATCH (m:Member) USING INDEX m:Member(sort_name, id)
            WHERE m.sort_name >= $after_name AND m.id IS NOT NULL
              AND NOT (m.sort_name = $after_name AND m.id <= $after_id)
              AND coalesce(m.searchable, true)
              AND ($region IS NULL OR m.region = $region)
              AND ($role IS NULL OR m.role = $role)
              AND ($skill IS NULL OR EXISTS { (m)-[:HAS_SKILL]->(:Skill {key: $skill}) })
              AND ($organisation IS NULL
                   OR EXISTS { (m)-[:WORKS_AT]->(:Organisation {key: $organisation}) })
            WITH m ORDER BY m.sort_name, m.id LIMIT $limit
            RETURN """
            + MEMBER_PROJECTION
            + " AS member, m.sort_name AS sort_name",
            after_name=after_name,
            after_id=after_id,
            region=filters.region,
            role=filters.role,
            skill=filters.skill,
            organisation=filters.organisation,
            limit=limit + 1,
        )
        members = [Member.from_row(row["member"]) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = rows[limit - 1]
            next_cursor = encode_cursor(last["sort_name"], last["member"]["id"])
        return Page(members, next_cursor)

    def count(self) -> int:
        return int(self.graph.query("MATCH (m:Member) RETURN count(m) AS n")[0]["n"])

    def embedding_hashes(self, keys: list[str]) -> dict[str, str | None]:
        rows = self.graph.query(
            "UNWIND $keys AS key MATCH (m:Member {key: key}) RETURN key, m.embedding_hash AS hash",
            keys=keys,
        )
        return {row["key"]: row["hash"] for row in rows}

    def project_titles(self, keys: list[str]) -> dict[str, list[str]]:
        """Titles of the projects each member works on (they are part of what a member is embedded from)."""
        rows = self.graph.query(
            "UNWIND $keys AS key MATCH (m:Member {key: key})-[:MEMBER_OF]->(p:Project) "
            "RETURN key, collect(p.title) AS titles",
            keys=keys,
        )
        return {row["key"]: sorted(t for t in row["titles"] if t) for row in rows}

    def page_by_key(self, after_key: str, limit: int) -> list[Member]:
        """Members in key order after `after_key` (for walking the whole graph, e.g. re-embedding)."""
        rows = self.graph.query(
            "MATCH (m:Member) WHERE m.key > $after WITH m ORDER BY m.key LIMIT $limit RETURN "
            + MEMBER_PROJECTION
            + " AS member",
            after=after_key,
            limit=limit,
        )
        return [Member.from_row(row["member"]) for row in rows]

    def write_embeddings(self, profiles: list[MemberWrite]) -> None:
        """Store new embeddings only (the profile itself is unchanged)."""
        packed = features(self.graph).vector_values
        rows = [
            {"key": p.key, "embedding": vector_value(p.embedding, packed),
             "search_embedding": vector_value(p.search_embedding, packed),
             "embedding_hash": p.embedding_hash,
             "segments": p.segments, "segment_vectors": p.segment_vectors}
            for p in profiles if p.embedding is not None
        ]
        self.graph.execute(
            """
            UNWIND $rows AS row
            MATCH (m:Member {key: row.key})
            CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)
            CALL db.create.setNodeVectorProperty(m, 'search_embedding', row.search_embedding)
            SET m.segment_vectors = row.segment_vectors, m.embedding_hash = row.embedding_hash,
                m.segments = row.segments
            """,
            rows=rows,
        )

    def owners_of_emails(self, emails: list[str]) -> dict[str, str]:
        """Map each email already in use to the key of the member who holds it."""
        rows = self.graph.query(
            "UNWIND $emails AS email MATCH (m:Member {email: email}) RETURN email, m.key AS key",
            emails=emails,
        )
        return {row["email"]: row["key"] for row in rows}

    # -- writes --------------------------------------------------------------------------------
    def create(self, profile: MemberWrite, *, password_hash: str | None, account_role: str) -> Member:
        """Create a new member; Conflict if the email or key is taken."""
        packed = features(self.graph).vector_values

        def work(tx: ManagedTransaction) -> str:
            taken = tx.run(
                "MATCH (m:Member) WHERE m.email = $email OR m.key = $key RETURN m.email = $email AS email",
                email=profile.email,
                key=profile.key,
            ).data()
            if taken:
                what = "email" if taken[0]["email"] else "key"
                raise Conflict(f"a member with that {what} already exists", fields={what: ["already registered"]})
            row = profile.row() | {"id": str(uuid.uuid4()), "account_role": account_role}
            (record,) = write_members(tx, [row], existing=(), packed=packed)
            tx.run(
                "MATCH (m:Member {id: $id}) SET m.password_hash = $hash", id=record["id"], hash=password_hash
            ).consume()
            return str(record["id"])

        return self.get(self.graph.write(work))

    def update(self, member_id: str, profile: MemberWrite) -> Member:
        """Replace a member's profile in one transaction; the key and email are kept."""
        packed = features(self.graph).vector_values

        def work(tx: ManagedTransaction) -> None:
            current = tx.run(
                "MATCH (m:Member {id: $id}) RETURN m.key AS key, m.email AS email", id=member_id
            ).single()
            if current is None:
                raise NotFound("no member with that id")
            if current["key"] != profile.key:
                raise Invalid("a member's key cannot change", fields={"key": ["cannot change"]})
            write_members(tx, [profile.row()], existing={profile.key}, packed=packed)

        self.graph.write(work)
        return self.get(member_id)

    def upsert_many(self, profiles: list[MemberWrite]) -> list[dict[str, str]]:
        """Create or update a batch of members by key, all in one transaction."""
        rows = [profile.row() for profile in profiles]
        packed = features(self.graph).vector_values
        return self.graph.write(lambda tx: write_members(tx, rows, packed=packed))

    def set_account_role(self, member_id: str, account_role: str) -> None:
        self.graph.execute("MATCH (m:Member {id: $id}) SET m.account_role = $role", id=member_id, role=account_role)
