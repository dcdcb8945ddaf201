"""Idea rounds: phases, entries, votes, results and funded ideas' progress updates. All Cypher for them.

(:Idea)-[:IN_ROUND {at}]->(:Round), (:Member)-[:VOTED {round, at}]->(:Idea),
(:Member)-[:POSTED]->(:ProgressUpdate)-[:UPDATES]->(:Idea).
Voting takes the lock of the member's (:Ballot {key: round:member}) node (MERGEd under a uniqueness
constraint), so one member's concurrent votes are counted one after another and the limit holds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, NotFound
from qnet.core.knowledge_records import Ref, ref
from qnet.graph.driver import Graph
from qnet.graph.knowledge.shared import stamp

PHASE_FIELDS = ("ideas_open_at", "shortlisting_at", "voting_at", "results_at")

ROUND_PROJECTION: LiteralString = """
r {
  .id, .name, .description, .votes_per_member, .created_at,
  .ideas_open_at, .shortlisting_at, .voting_at, .results_at,
  .ideas_open_ms, .shortlisting_ms, .voting_ms, .results_ms,
  idea_count: COUNT { (r)<-[:IN_ROUND]-(:Idea) }
}
"""

CAST_VOTE: LiteralString = """
MATCH (m:Member {id: $member}), (i:Idea {id: $idea})-[:IN_ROUND]->(r:Round {id: $round})
CREATE (m)-[:VOTED {round: $round, at: $at}]->(i)
WITH m
MATCH (b:Ballot {key: $key})
SET b.used = COUNT { (m)-[:VOTED {round: $round}]->(:Idea) }
RETURN b.used AS used
"""


@dataclass(frozen=True)
class Round:
    id: str
    name: str
    description: str
    votes_per_member: int
    ideas_open_at: str
    shortlisting_at: str
    voting_at: str
    results_at: str
    moments_ms: tuple[int, int, int, int]
    idea_count: int
    created_at: str

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Round:
        return cls(
            id=row["id"], name=row["name"], description=row.get("description") or "",
            votes_per_member=int(row["votes_per_member"]), ideas_open_at=row["ideas_open_at"],
            shortlisting_at=row["shortlisting_at"], voting_at=row["voting_at"], results_at=row["results_at"],
            moments_ms=(int(row["ideas_open_ms"]), int(row["shortlisting_ms"]), int(row["voting_ms"]),
                        int(row["results_ms"])),
            idea_count=int(row.get("idea_count") or 0), created_at=row["created_at"],
        )


@dataclass(frozen=True)
class Tally:
    idea: Ref
    status: str
    votes: int
    funded: bool


@dataclass(frozen=True)
class ProgressUpdate:
    id: str
    body: str
    body_html: str
    author: Ref | None
    at: str


class RoundRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def get(self, round_id: str) -> Round:
        rows = self.graph.query("MATCH (r:Round {id: $id}) RETURN " + ROUND_PROJECTION + " AS round", id=round_id)
        if not rows:
            raise NotFound("no round with that id")
        return Round.from_row(rows[0]["round"])

    def all(self) -> list[Round]:
        rows = self.graph.query("MATCH (r:Round) WITH r ORDER BY r.ideas_open_ms DESC, r.id RETURN "
                                + ROUND_PROJECTION + " AS round")
        return [Round.from_row(row["round"]) for row in rows]

    def create(self, name: str, description: str, votes_per_member: int, moments: dict[str, datetime],
               at: datetime) -> str:
        round_id = str(uuid.uuid4())
        props: dict[str, Any] = {"id": round_id, "name": name, "description": description,
                                 "votes_per_member": votes_per_member, "created_at": stamp(at)["iso"]}
        for name_at in PHASE_FIELDS:
            when = stamp(moments[name_at])
            props[name_at] = when["iso"]
            props[name_at.replace("_at", "_ms")] = when["ms"]
        self.graph.execute("CREATE (r:Round) SET r = $props", props=props)
        return round_id

    def start_phase_at(self, round_id: str, phase_field: str, at: datetime) -> None:
        """Move the start of one phase (one of PHASE_FIELDS) to `at`."""
        if phase_field not in PHASE_FIELDS:
            raise ValueError(f"not a phase: {phase_field}")
        when = stamp(at)
        moments = {phase_field: when["iso"], phase_field.replace("_at", "_ms"): when["ms"]}
        rows = self.graph.execute("MATCH (r:Round {id: $id}) SET r += $moments RETURN r.id AS id",
                                  id=round_id, moments=moments)
        if not rows:
            raise NotFound("no round with that id")

    def enter(self, round_id: str, idea_id: str, at: datetime) -> None:
        self.graph.execute("MATCH (i:Idea {id: $idea}), (r:Round {id: $round}) "
                           "MERGE (i)-[e:IN_ROUND]->(r) ON CREATE SET e.at = $at",
                           idea=idea_id, round=round_id, at=stamp(at)["iso"])

    def vote(self, round_id: str, member_id: str, idea_id: str, limit: int, at: datetime) -> int:
        """Cast one vote; Conflict when it would be a second vote for the idea or over the limit.

        Returns how many votes the member has now used in the round.
        """
        key = f"{round_id}:{member_id}"

        def work(tx: ManagedTransaction) -> int:
            tx.run("MERGE (b:Ballot {key: $key}) ON CREATE SET b.round = $round, b.member = $member, b.used = 0 "
                   "SET b._lock = true REMOVE b._lock", key=key, round=round_id, member=member_id).consume()
            state = tx.run(
                """
                MATCH (m:Member {id: $member})
                OPTIONAL MATCH (i:Idea {id: $idea})-[:IN_ROUND]->(:Round {id: $round})
                RETURN i IS NOT NULL AS entered, i.status AS status,
                       COUNT { (m)-[:VOTED {round: $round}]->(:Idea) } AS used,
                       EXISTS { (m)-[:VOTED {round: $round}]->(:Idea {id: $idea}) } AS again
                """, member=member_id, idea=idea_id, round=round_id).single()
            if state is None:
                raise NotFound("no member with that id")
            if not state["entered"]:
                raise NotFound("that idea is not in this round")
            if state["status"] != "shortlisted":
                raise Conflict("only shortlisted ideas can be voted for")
            if state["again"]:
                raise Conflict("you have already voted for this idea in this round")
            if state["used"] >= limit:
                raise Conflict(f"you have used all {limit} of your votes in this round")
            record = tx.run(CAST_VOTE, member=member_id, idea=idea_id, round=round_id, key=key,
                            at=stamp(at)["iso"]).single()
            assert record is not None
            return int(record["used"])

        return self.graph.write(work)

    def withdraw_vote(self, round_id: str, member_id: str, idea_id: str) -> int:
        key = f"{round_id}:{member_id}"

        def work(tx: ManagedTransaction) -> int:
            tx.run("MERGE (b:Ballot {key: $key}) ON CREATE SET b.round = $round, b.member = $member "
                   "SET b._lock = true REMOVE b._lock", key=key, round=round_id, member=member_id).consume()
            record = tx.run(
                """
                MATCH (m:Member {id: $member})
                OPTIONAL MATCH (m)-[v:VOTED {round: $round}]->(:Idea {id: $idea})
                DELETE v
                WITH DISTINCT m
                MATCH (b:Ballot {key: $key})
                SET b.used = COUNT { (m)-[:VOTED {round: $round}]->(:Idea) }
                RETURN b.used AS used
                """, member=member_id, idea=idea_id, round=round_id, key=key).single()
            if record is None:
                raise NotFound("no member with that id")
            return int(record["used"])

        return self.graph.write(work)

    def my_votes(self, round_id: str, member_id: str) -> list[str]:
        rows = self.graph.query("MATCH (:Member {id: $member})-[:VOTED {round: $round}]->(i:Idea) RETURN i.id AS id",
                                member=member_id, round=round_id)
        return sorted(row["id"] for row in rows)

    def tally(self, round_id: str) -> list[Tally]:
        """Exact vote counts for every idea in the round, most votes first."""
        rows = self.graph.query(
            """
            MATCH (i:Idea)-[:IN_ROUND]->(:Round {id: $round})
            WITH i, COUNT { (:Member)-[:VOTED {round: $round}]->(i) } AS votes
            RETURN i.id AS id, i.title AS title, i.status AS status, votes, coalesce(i.funded_round = $round, false) AS funded
            ORDER BY votes DESC, i.title, i.id
            """, round=round_id)
        return [Tally(Ref(r["id"], r["title"]), r["status"], int(r["votes"]), bool(r["funded"])) for r in rows]

    def fund(self, round_id: str, idea_ids: list[str], at: datetime) -> int:
        rows = self.graph.execute(
            """
            UNWIND $ids AS id
            MATCH (i:Idea {id: id})-[:IN_ROUND]->(:Round {id: $round})
            SET i.funded = true, i.funded_round = $round, i.status = 'in_progress', i.updated_at = $at
            RETURN count(i) AS n
            """, ids=idea_ids, round=round_id, at=stamp(at)["iso"])
        return int(rows[0]["n"]) if rows else 0

    def post_update(self, idea_id: str, author_id: str, body: str, body_html: str, at: datetime) -> str:
        update_id = str(uuid.uuid4())
        rows = self.graph.execute(
            "MATCH (m:Member {id: $author}), (i:Idea {id: $idea}) "
            "CREATE (m)-[:POSTED]->(:ProgressUpdate {id: $id, body: $body, body_html: $html, at: $at})-[:UPDATES]->(i) "
            "RETURN $id AS id", author=author_id, idea=idea_id, id=update_id, body=body, html=body_html,
            at=stamp(at)["iso"])
        if not rows:
            raise NotFound("no idea with that id")
        return update_id

    def updates(self, idea_id: str) -> list[ProgressUpdate]:
        rows = self.graph.query(
            "MATCH (u:ProgressUpdate)-[:UPDATES]->(:Idea {id: $idea}) "
            "RETURN u {.id, .body, .body_html, .at} AS u, [(m:Member)-[:POSTED]->(u) | m {.id, .name}][0] AS author "
            "ORDER BY u.at DESC, u.id", idea=idea_id)
        return [ProgressUpdate(author=ref(r["author"]), **r["u"]) for r in rows]
