"""Reviews and decisions on applications, each one transaction that re-checks the application's state.

(:Member)-[:REVIEWED {score_a..c, note_a..c, at, conflict_of_interest}]->(:Application)  one per reviewer
(:Member)-[:DECIDED {outcome, at}]->(:Application)                                       who decided
(:Member)-[:SUBMITTED]->(:Application)                                                   the member it became
A reviewer or coordinator who erases their account is replaced by a nameless (:FormerMember) on their
REVIEWED and DECIDED relationships, so the record of how an application was judged survives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, NotFound
from qnet.graph.driver import Graph
from qnet.graph.mail import OutgoingMail, enqueue
from qnet.graph.membership.invitations import create_invitation

IN_PROGRESS_STATUSES = ["received", "under_review", "waitlisted"]

# Touching updated_at takes the application's write lock first, so that two reviewers or two
# coordinators acting at once are serialised and each sees the other's effect.
LOCK_APPLICATION: LiteralString = """
MATCH (a:Application {id: $id})-[:FOR_PHASE]->(p:RecruitmentPhase)
SET a.updated_at = $now
RETURN a.status AS status, p.reviews_required AS required,
       COUNT { ()-[:REVIEWED]->(a) } AS reviews
"""

WRITE_REVIEW: LiteralString = """
MATCH (r:Member {id: $reviewer_id}), (a:Application {id: $id})
MERGE (r)-[v:REVIEWED]->(a)
SET v.score_a = $score_a, v.score_b = $score_b, v.score_c = $score_c,
    v.note_a = $note_a, v.note_b = $note_b, v.note_c = $note_c, v.at = $now,
    v.conflict_of_interest = a.organisation_key IS NOT NULL
        AND EXISTS { (r)-[:WORKS_AT]->(:Organisation {key: a.organisation_key}) }
SET a.status = CASE a.status WHEN 'received' THEN 'under_review' ELSE a.status END
RETURN v.conflict_of_interest AS conflict
"""

DECIDE: LiteralString = """
MATCH (a:Application {id: $id}), (c:Member {id: $coordinator_id})
SET a.status = $outcome, a.decided_at = $now, a.decision_message = $message,
    a.active_email = CASE $outcome WHEN 'waitlisted' THEN a.email ELSE null END
CREATE (c)-[:DECIDED {outcome: $outcome, at: $now}]->(a)
WITH a
OPTIONAL MATCH (m:Member {id: $member_id})
FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | MERGE (m)-[:SUBMITTED]->(a))
RETURN a.id AS id
"""


@dataclass(frozen=True)
class ReviewWrite:
    scores: dict[str, int]
    notes: dict[str, str]


@dataclass(frozen=True)
class InvitationWrite:
    member_id: str
    token_hash: str
    expires_at: datetime


class ReviewRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def review(self, application_id: str, reviewer_id: str, review: ReviewWrite, now: datetime) -> bool:
        """Record (or replace) one reviewer's scores; returns whether a conflict of interest is flagged."""

        def work(tx: ManagedTransaction) -> bool:
            state = tx.run(LOCK_APPLICATION, id=application_id, now=now).single()
            if state is None:
                raise NotFound("no application with that id")
            if state["status"] not in IN_PROGRESS_STATUSES:
                raise Conflict(f"this application has been {state['status']}; reviews are closed")
            params: dict[str, Any] = {f"score_{k}": review.scores[k] for k in "abc"} | {
                f"note_{k}": review.notes.get(k) or None for k in "abc"}
            record = tx.run(WRITE_REVIEW, id=application_id, reviewer_id=reviewer_id, now=now, **params).single()
            if record is None:
                raise NotFound("no reviewer with that id")
            return bool(record["conflict"])

        return self.graph.write(work)

    def decide(self, application_id: str, coordinator_id: str, outcome: str, message: str, now: datetime,
               mails: list[OutgoingMail], invitation: InvitationWrite | None = None) -> list[str]:
        """Record the decision, link the new member and their invitation, queue the mail: all or nothing."""

        def work(tx: ManagedTransaction) -> list[str]:
            state = tx.run(LOCK_APPLICATION, id=application_id, now=now).single()
            if state is None:
                raise NotFound("no application with that id")
            check_decidable(state["status"], int(state["reviews"]), int(state["required"]))
            tx.run(DECIDE, id=application_id, coordinator_id=coordinator_id, outcome=outcome, message=message,
                   now=now, member_id=invitation.member_id if invitation else None).consume()
            if invitation is not None:
                create_invitation(tx, invitation.member_id, invitation.token_hash, now, invitation.expires_at)
            return [enqueue(tx, mail, now) for mail in mails]

        return self.graph.write(work)

    def discard_unused_member(self, member_id: str) -> None:
        """Undo a member created for an acceptance that did not go through (they never signed in)."""
        self.graph.execute(
            "MATCH (m:Member {id: $id}) WHERE m.password_hash IS NULL "
            "AND NOT EXISTS { (m)-[:SUBMITTED|HAS_INVITATION]->() } DETACH DELETE m",
            id=member_id,
        )


def check_decidable(status: str, reviews: int, required: int) -> None:
    """A decision needs an application still in progress and its full set of reviews."""
    if status not in IN_PROGRESS_STATUSES:
        raise Conflict(f"this application has already been {status}")
    if reviews < required:
        raise Conflict(f"this application has {reviews} of the {required} reviews it needs before a decision")
