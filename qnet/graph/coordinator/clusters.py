"""Clustering runs and their results: (:ClusterRun), (:Cluster)-[:IN_RUN]->(run), (:Member)-[:IN_CLUSTER {run}]->(:Cluster).

One run at a time: a running run carries `active = 'clusters'`, and a uniqueness constraint on
ClusterRun.active makes a second concurrent start fail inside the graph, whichever app process
tries. A run whose heartbeat is older than STALE_S (its process died) is marked failed when the
next run starts. Finished runs are kept, so each run can be compared with the one before.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.core.errors import Conflict, NotFound
from qnet.core.records import ClusterRun
from qnet.graph.driver import Graph

STALE_S = 900
WRITE_BATCH = 5_000  # rows a transaction: the cheapest batch for the server (docs/BENCHMARKS.md)

WRITE_CLUSTERS: LiteralString = """
MATCH (r:ClusterRun {id: $run})
UNWIND $rows AS row
CREATE (c:Cluster {id: row.id, run_id: $run, number: row.number, size: row.size, label: row.label,
                   unplaced: row.unplaced, description: row.description})-[:IN_RUN]->(r)
RETURN collect(row.number) AS numbers, collect(row.id) AS ids, collect(id(c)) AS nodes
"""

WRITE_MEMBERSHIPS: LiteralString = """
UNWIND $rows AS row
MATCH (m:Member) WHERE id(m) = row[0]
MATCH (c:Cluster) WHERE id(c) = row[1]
CREATE (m)-[ic:IN_CLUSTER]->(c)
SET ic = row[2], ic.run = $run
"""

ASSIGNMENT_NODES: LiteralString = """
MATCH (:ClusterRun {id: $run})<-[:IN_RUN]-(c:Cluster)<-[:IN_CLUSTER]-(m:Member)
RETURN collect(id(m)) AS nodes, collect(c.number) AS numbers
"""

RUN_FIELDS: LiteralString = """
r {.id, .status, .stage, .progress, .error, .seed, .resolution, .members, .clusters, .modularity,
   .started_by, .previous_run, .timings, .changes, .moved, .joined_since, .left_since,
   started_at: toString(r.started_at), finished_at: toString(r.finished_at)}
"""

CLUSTER_FIELDS: LiteralString = "c {.id, .number, .size, .label, .unplaced, .description, run_id: c.run_id}"


@dataclass(frozen=True)
class StoredCluster:
    id: str
    run_id: str
    number: int
    size: int
    label: str
    unplaced: bool
    description: dict[str, Any]

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> StoredCluster:
        return cls(r["id"], r["run_id"], int(r["number"]), int(r["size"]), r["label"], bool(r.get("unplaced")),
                   json.loads(r.get("description") or "{}"))


@dataclass(frozen=True)
class ClusterMember:
    id: str
    name: str
    role: str
    region: str
    organisation: str | None
    cluster_number: int
    cluster_label: str
    centrality: float
    ties: int
    bridge_score: float
    bridges: list[int]
    isolated: str | None
    moved_from: int | None

    @classmethod
    def from_row(cls, r: dict[str, Any]) -> ClusterMember:
        return cls(r["id"], r["name"], r.get("role") or "", r.get("region") or "", r.get("organisation"),
                   int(r["cluster_number"]), r["cluster_label"], float(r.get("centrality") or 0.0),
                   int(r.get("ties") or 0), float(r.get("bridge_score") or 0.0), list(r.get("bridges") or []),
                   r.get("isolated"), r.get("moved_from"))


MEMBER_IN_CLUSTER: LiteralString = """
{.id, .name, .role, .region, .organisation, cluster_number: c.number, cluster_label: c.label,
 centrality: ic.centrality, ties: ic.ties, bridge_score: ic.bridge_score, bridges: ic.bridges,
 isolated: ic.isolated, moved_from: ic.moved_from}
"""


def _now() -> datetime:
    return datetime.now(UTC)


class ClusterRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    # -- run lifecycle -------------------------------------------------------------------------
    def start(self, started_by: str | None, seed: int, resolution: float | None) -> ClusterRun:
        """Create a running run, or Conflict if one is already running (enforced by a constraint)."""
        run_id = str(uuid.uuid4())

        def work(tx: ManagedTransaction) -> None:
            tx.run(
                """
                MATCH (r:ClusterRun {active: 'clusters'})
                WHERE r.heartbeat_at < datetime() - duration({seconds: $stale})
                SET r.status = 'failed', r.error = 'abandoned: its process stopped reporting',
                    r.finished_at = datetime()
                REMOVE r.active
                """,
                stale=STALE_S,
            ).consume()
            previous = tx.run(
                "MATCH (r:ClusterRun {status: 'done'}) RETURN r.id AS id ORDER BY r.started_at DESC LIMIT 1"
            ).single()
            tx.run(
                """
                CREATE (r:ClusterRun {id: $id, status: 'running', stage: 'queued', progress: 0.0,
                                      active: 'clusters', seed: $seed, resolution: $resolution,
                                      started_by: $by, previous_run: $previous,
                                      started_at: datetime(), heartbeat_at: datetime()})
                """,
                id=run_id, seed=seed, resolution=resolution, by=started_by,
                previous=previous["id"] if previous else None,
            ).consume()

        try:
            self.graph.write(work)
        except Conflict as exc:
            raise Conflict("a clustering run is already in progress; wait for it to finish") from exc
        return self.get(run_id)

    def progress(self, run_id: str, stage: str, progress: float) -> None:
        self.graph.execute(
            "MATCH (r:ClusterRun {id: $id}) SET r.stage = $stage, r.progress = $progress, r.heartbeat_at = datetime()",
            id=run_id, stage=stage, progress=round(progress, 3),
        )

    def fail(self, run_id: str, error: str) -> None:
        """Mark a run failed and remove whatever results it had written."""
        self.graph.run_autocommit(
            "MATCH (c:Cluster {run_id: $id}) CALL (c) { DETACH DELETE c } IN TRANSACTIONS OF 2000 ROWS", id=run_id
        )
        self.graph.execute(
            "MATCH (r:ClusterRun {id: $id}) SET r.status = 'failed', r.error = $error, r.finished_at = datetime() "
            "REMOVE r.active",
            id=run_id, error=error[:500],
        )

    def finish(self, run_id: str, summary: dict[str, Any]) -> None:
        self.graph.execute(
            """
            MATCH (r:ClusterRun {id: $id})
            SET r += $summary, r.status = 'done', r.stage = 'done', r.progress = 1.0, r.finished_at = datetime()
            REMOVE r.active
            """,
            id=run_id, summary=summary,
        )

    # -- writing results -------------------------------------------------------------------------
    def write_clusters(self, run_id: str, clusters: list[dict[str, Any]]) -> dict[int, tuple[str, int]]:
        """Create the run's Cluster nodes; returns cluster number -> (cluster id, internal node id)."""
        rows = [{**c, "id": str(uuid.uuid4())} for c in clusters]

        def work(tx: ManagedTransaction) -> dict[int, tuple[str, int]]:
            record = tx.run(WRITE_CLUSTERS, run=run_id, rows=rows).single()
            numbers, ids, nodes = (record["numbers"], record["ids"], record["nodes"]) if record else ([], [], [])
            return {int(n): (i, int(node)) for n, i, node in zip(numbers, ids, nodes)}

        return self.graph.write(work)

    def write_memberships(self, run_id: str, rows: list[list[Any]], progress: Any = None) -> None:
        """IN_CLUSTER relationships, WRITE_BATCH a transaction.

        rows: [member node id, cluster node id, properties]. Node ids come from this run's read-out,
        so no index is searched (checking each member's id as well cost the server 40% more). A member
        deleted during the run simply gets no row; only a new member created in those seconds
        in a reused node id could take the deleted member's place, until the next run.
        """
        for start in range(0, len(rows), WRITE_BATCH):
            batch = rows[start:start + WRITE_BATCH]
            self.graph.write(lambda tx, b=batch: tx.run(WRITE_MEMBERSHIPS, rows=b, run=run_id).consume())
            if progress:
                progress(min(1.0, (start + len(batch)) / max(len(rows), 1)))

    def previous_assignment(self, run_id: str) -> tuple[list[int], list[int]]:
        """(member node ids, cluster numbers) of a finished run, read from its clusters."""

        def work(tx: ManagedTransaction) -> tuple[list[int], list[int]]:
            record = tx.run(ASSIGNMENT_NODES, run=run_id).single()
            return (list(record["nodes"]), list(record["numbers"])) if record else ([], [])

        return self.graph.read(work)

    # -- reading ---------------------------------------------------------------------------------
    def get(self, run_id: str) -> ClusterRun:
        row = self.graph.query_one("MATCH (r:ClusterRun {id: $id}) RETURN " + RUN_FIELDS + " AS run",
                                   "no clustering run with that id", id=run_id)
        return ClusterRun.from_row(row["run"])

    def runs(self, limit: int = 20) -> list[ClusterRun]:
        rows = self.graph.query(
            "MATCH (r:ClusterRun) RETURN " + RUN_FIELDS + " AS run ORDER BY r.started_at DESC LIMIT $limit",
            limit=limit,
        )
        return [ClusterRun.from_row(r["run"]) for r in rows]

    def latest_done(self) -> ClusterRun | None:
        rows = self.graph.query(
            "MATCH (r:ClusterRun {status: 'done'}) RETURN " + RUN_FIELDS + " AS run ORDER BY r.started_at DESC LIMIT 1"
        )
        return ClusterRun.from_row(rows[0]["run"]) if rows else None

    def clusters(self, run_id: str) -> list[StoredCluster]:
        rows = self.graph.query(
            "MATCH (c:Cluster {run_id: $run}) RETURN " + CLUSTER_FIELDS + " AS cluster ORDER BY c.number", run=run_id
        )
        return [StoredCluster.from_row(r["cluster"]) for r in rows]

    def cluster(self, cluster_id: str) -> StoredCluster:
        rows = self.graph.query("MATCH (c:Cluster {id: $id}) RETURN " + CLUSTER_FIELDS + " AS cluster", id=cluster_id)
        if not rows:
            raise NotFound("no cluster with that id")
        return StoredCluster.from_row(rows[0]["cluster"])

    def members_of(self, cluster_id: str, limit: int, offset: int) -> list[ClusterMember]:
        """A cluster's members, most central first."""
        rows = self.graph.query(
            "MATCH (m:Member)-[ic:IN_CLUSTER]->(c:Cluster {id: $id}) "
            "WITH m, ic, c ORDER BY ic.centrality DESC, m.sort_name SKIP $offset LIMIT $limit "
            "RETURN m " + MEMBER_IN_CLUSTER + " AS member",
            id=cluster_id, limit=limit, offset=offset,
        )
        return [ClusterMember.from_row(r["member"]) for r in rows]

    def members_by_ids(self, run_id: str, ids: list[str]) -> dict[str, ClusterMember]:
        rows = self.graph.query(
            "UNWIND $ids AS id MATCH (m:Member {id: id})-[ic:IN_CLUSTER {run: $run}]->(c:Cluster) "
            "RETURN m " + MEMBER_IN_CLUSTER + " AS member",
            ids=ids, run=run_id,
        )
        return {r["member"]["id"]: ClusterMember.from_row(r["member"]) for r in rows}

    def isolated(self, run_id: str, limit: int) -> list[ClusterMember]:
        rows = self.graph.query(
            "MATCH (m:Member)-[ic:IN_CLUSTER {run: $run}]->(c:Cluster) WHERE ic.isolated IS NOT NULL "
            "WITH m, ic, c ORDER BY ic.ties, m.created_at DESC LIMIT $limit RETURN m " + MEMBER_IN_CLUSTER + " AS member",
            run=run_id, limit=limit,
        )
        return [ClusterMember.from_row(r["member"]) for r in rows]

    def count_isolated(self, run_id: str) -> int:
        rows = self.graph.query(
            "MATCH ()-[ic:IN_CLUSTER {run: $run}]->() WHERE ic.isolated IS NOT NULL RETURN count(*) AS n", run=run_id
        )
        return int(rows[0]["n"])

    def bridges(self, run_id: str, limit: int) -> list[ClusterMember]:
        rows = self.graph.query(
            "MATCH (m:Member)-[ic:IN_CLUSTER {run: $run}]->(c:Cluster) WHERE size(ic.bridges) > 0 "
            "WITH m, ic, c ORDER BY ic.bridge_score DESC, m.sort_name LIMIT $limit RETURN m " + MEMBER_IN_CLUSTER + " AS member",
            run=run_id, limit=limit,
        )
        return [ClusterMember.from_row(r["member"]) for r in rows]

    def moved(self, run_id: str, limit: int) -> list[ClusterMember]:
        rows = self.graph.query(
            "MATCH (m:Member)-[ic:IN_CLUSTER {run: $run}]->(c:Cluster) WHERE ic.moved_from IS NOT NULL "
            "WITH m, ic, c ORDER BY c.number, m.sort_name LIMIT $limit RETURN m " + MEMBER_IN_CLUSTER + " AS member",
            run=run_id, limit=limit,
        )
        return [ClusterMember.from_row(r["member"]) for r in rows]

    def assignments(self, run_id: str) -> tuple[list[str], list[int]]:
        """(member ids, cluster numbers) of a finished run, as parallel lists."""

        def work(tx: ManagedTransaction) -> tuple[list[str], list[int]]:
            record = tx.run(
                "MATCH (m:Member)-[ic:IN_CLUSTER {run: $run}]->(c:Cluster) "
                "RETURN collect(m.id) AS ids, collect(c.number) AS numbers",
                run=run_id,
            ).single()
            return (list(record["ids"]), list(record["numbers"])) if record else ([], [])

        return self.graph.read(work)

    def export_rows(self, run_id: str) -> list[dict[str, Any]]:
        """Every member's cluster in a run, for CSV export (no emails)."""
        return self.graph.query(
            "MATCH (m:Member)-[ic:IN_CLUSTER {run: $run}]->(c:Cluster) "
            "RETURN c.number AS cluster, c.label AS label, m.id AS member_id, m.name AS name, m.role AS role, "
            "m.region AS region, m.organisation AS organisation, ic.centrality AS centrality, "
            "coalesce(ic.bridge_score, 0.0) AS bridge_score, ic.isolated AS isolated ORDER BY c.number, ic.centrality DESC",
            run=run_id,
        )
