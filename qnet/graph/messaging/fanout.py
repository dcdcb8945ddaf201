"""Fan-out jobs: telling every follower of an idea, project or group (or every member) about one event.

(:Fanout {id, audience, target, exclude, after, status, claimed_ms} and the event's fields). The request
that caused the event writes only this small node; a background thread (or `qnet worker`, for a job
whose process died) works through the audience in batches. Each batch creates its notifications and moves the job's `after` keyset cursor in one
transaction, so a job that is resumed never notifies anyone twice.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph
from qnet.graph.messaging.notifications import NewNotifications, create

# The audience of a job, chosen from this allow-list (labels cannot be parameters). Each returns the
# next batch of member ids after $after, in id order, so a batch is a keyset page.
_AUDIENCES: dict[str, LiteralString] = {
    "followers:Idea": "MATCH (:Idea {id: $target})<-[:FOLLOWS]-(m:Member) WHERE m.id > $after "
                      "RETURN m.id AS id ORDER BY id LIMIT $batch",
    "followers:Project": "MATCH (:Project {id: $target})<-[:FOLLOWS]-(m:Member) WHERE m.id > $after "
                         "RETURN m.id AS id ORDER BY id LIMIT $batch",
    "followers:Group": "MATCH (:Group {id: $target})<-[:FOLLOWS]-(m:Member) WHERE m.id > $after "
                       "RETURN m.id AS id ORDER BY id LIMIT $batch",
    "members": "MATCH (m:Member) WHERE m.id > $after RETURN m.id AS id ORDER BY id LIMIT $batch",
}
AUDIENCES = tuple(_AUDIENCES)
CLAIM_STALE_MS = 120_000  # a job claimed longer ago than this belonged to a process that stopped


@dataclass(frozen=True)
class FanoutJob:
    id: str
    audience: str  # a key of _AUDIENCES
    target: str | None
    exclude: list[str]
    event: NewNotifications


def _job_from_node(node: dict[str, Any]) -> FanoutJob:
    event = NewNotifications(kind=node["kind"], actor_id=node.get("actor_id"), text=node["text"],
                             link=node.get("link"), subject_id=node.get("subject_id"),
                             default_mail=node["default_mail"], at_iso=node["at_iso"], at_ms=int(node["at_ms"]))
    return FanoutJob(node["id"], node["audience"], node.get("target"), list(node.get("exclude") or []), event)


class FanoutRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def add(self, audience: str, target: str | None, exclude: list[str], event: NewNotifications,
            now_ms: int) -> str:
        if audience not in _AUDIENCES:
            raise ValueError(f"unknown audience {audience!r}")
        job_id = str(uuid.uuid4())
        self.graph.execute(
            "CREATE (f:Fanout {id: $id, audience: $audience, target: $target, exclude: $exclude, after: '', "
            "status: 'pending', claimed_ms: $now}) SET f += $event",
            id=job_id, audience=audience, target=target, exclude=exclude, event=asdict(event), now=now_ms,
        )
        return job_id

    def claim(self, now_ms: int, job_id: str | None = None) -> list[FanoutJob]:
        """Pending jobs that no live process holds (or just `job_id`), marked as this process's."""
        rows = self.graph.execute(
            "MATCH (f:Fanout) WHERE f.status = 'pending' AND ($id IS NULL OR f.id = $id) "
            "AND ($id IS NOT NULL OR f.claimed_ms < $stale) "
            "SET f.claimed_ms = $now RETURN properties(f) AS f",
            id=job_id, now=now_ms, stale=now_ms - CLAIM_STALE_MS,
        )
        return [_job_from_node(r["f"]) for r in rows]

    def step(self, job: FanoutJob, batch: int, now_ms: int) -> int:
        """Notify the next batch of the audience; returns how many members the batch held (0: done)."""

        def work(tx: ManagedTransaction) -> int:
            record = tx.run("MATCH (f:Fanout {id: $id}) SET f.claimed_ms = $now RETURN f.after AS after",
                            id=job.id, now=now_ms).single()
            if record is None:
                return 0
            ids = [r["id"] for r in tx.run(_AUDIENCES[job.audience], target=job.target, after=record["after"],
                                           batch=batch)]
            if not ids:
                tx.run("MATCH (f:Fanout {id: $id}) DELETE f", id=job.id).consume()
                return 0
            excluded = set(job.exclude)
            create(tx, [i for i in ids if i not in excluded], job.event)
            tx.run("MATCH (f:Fanout {id: $id}) SET f.after = $after", id=job.id, after=ids[-1]).consume()
            return len(ids)

        return self.graph.write(work)

    def pending(self) -> int:
        rows = self.graph.query("MATCH (f:Fanout) WHERE f.status = 'pending' RETURN count(f) AS n")
        return int(rows[0]["n"]) if rows else 0
