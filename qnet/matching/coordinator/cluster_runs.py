"""A clustering run from start to finish: read the graph out, build the weighted member graph,
find communities, describe them, compare with the previous run, write everything back.

The run's state (stage, progress, errors) lives on its (:ClusterRun) node, so any app process can
report it; `start_in_background` runs it on a thread of the web process, `run_now` (the CLI) in the
foreground. Each stage's wall time is recorded on the run.
"""

from __future__ import annotations

import json
import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import asdict
from datetime import date
from typing import Any

import numpy as np

from qnet.core.records import ClusterRun
from qnet.graph.coordinator.clusters import ClusterRepository
from qnet.graph.coordinator.community_graph import ClusterGraphReader, MemberTable
from qnet.matching.coordinator.cluster_descriptions import (
    ClusterDescription,
    MemberRoles,
    describe,
    member_roles,
)
from qnet.matching.coordinator.clustering import detect
from qnet.matching.coordinator.community_graph import (
    NEIGHBOURS,
    WEIGHTS,
    Memberships,
    TieSources,
    combine,
    explicit_edges,
    similarity_edges,
)
from qnet.matching.coordinator.insights import compare, isolation_reasons
from qnet.matching.neighbours import nearest_neighbours

log = logging.getLogger(__name__)
Progress = Callable[[str, float], None]

# Share of the progress bar each stage takes (roughly its share of the time at 100k members).
STAGES: dict[str, float] = {
    "reading members": 0.10, "reading ties": 0.10, "building graph": 0.05, "neighbours": 0.15,
    "communities": 0.20, "describing": 0.10, "comparing": 0.05, "writing": 0.25,
}


def default_resolution(members: int) -> float:
    """Modularity resolution that grows with the community (see docs/CLUSTERS.md): planted groups
    of a few hundred merge below ~3 and split above a bound that grows with their number."""
    return round(1.5 * max(1.0, math.sqrt(members / 2000)), 3)


class _Stages:
    """Times each stage and reports overall progress."""

    def __init__(self, report: Progress) -> None:
        self.report = report
        self.timings: dict[str, float] = {}
        self.done = 0.0
        self._name = ""
        self._started = 0.0

    def begin(self, name: str) -> None:
        self._close()
        self._name, self._started = name, time.perf_counter()
        self.report(name, self.done)

    def within(self, fraction: float) -> None:
        self.report(self._name, self.done + STAGES[self._name] * fraction)

    def _close(self) -> None:
        if self._name:
            self.timings[self._name] = round(time.perf_counter() - self._started, 2)
            self.done += STAGES[self._name]

    def finish(self) -> dict[str, float]:
        self._close()
        self._name = ""
        self.timings["total"] = round(sum(self.timings.values()), 2)
        return self.timings


class ClusterService:
    def __init__(self, runs: ClusterRepository, reader: ClusterGraphReader) -> None:
        self.runs = runs
        self.reader = reader

    def start(self, started_by: str | None = None, seed: int = 42, resolution: float | None = None) -> ClusterRun:
        """Record a new running run (Conflict if one is running)."""
        return self.runs.start(started_by, seed, resolution)

    def start_in_background(self, started_by: str | None = None, seed: int = 42,
                            resolution: float | None = None) -> ClusterRun:
        run = self.start(started_by, seed, resolution)
        thread = threading.Thread(target=self.execute, args=(run.id,), name=f"cluster-run-{run.id[:8]}", daemon=True)
        thread.start()
        return run

    def run_now(self, started_by: str | None = None, seed: int = 42, resolution: float | None = None,
                progress: Progress | None = None) -> ClusterRun:
        run = self.start(started_by, seed, resolution)
        return self.execute(run.id, progress)

    def execute(self, run_id: str, progress: Progress | None = None) -> ClusterRun:
        """Do the work of a started run; failures are recorded on the run, never raised to a thread."""
        last = {"at": 0.0}

        def report(stage: str, fraction: float) -> None:
            if progress:
                progress(stage, fraction)
            now = time.monotonic()
            if now - last["at"] > 1.0 or fraction == 0.0:
                last["at"] = now
                self.runs.progress(run_id, stage, fraction)

        try:
            self._execute(self.runs.get(run_id), _Stages(report))
        except Exception as exc:  # the run must end as failed whatever went wrong
            log.exception("clustering run %s failed", run_id)
            self.runs.fail(run_id, f"{type(exc).__name__}: {exc}")
        return self.runs.get(run_id)

    def _execute(self, run: ClusterRun, stages: _Stages) -> None:
        stages.begin("reading members")
        table = self.reader.members()
        n, index = len(table), table.index
        stages.begin("reading ties")
        got = self.reader.ties(index)
        ties = TieSources(
            n=n, connections=got["connections"], replies=got["replies"],
            **{name: Memberships(*got[name]) for name in ("projects", "groups", "supports", "comments")},
        )
        stages.begin("building graph")
        explicit = explicit_edges(ties, seed=run.seed)
        stages.begin("neighbours")
        neighbours, sims = nearest_neighbours(table.vectors, NEIGHBOURS, seed=run.seed)
        everything = combine(n, [(explicit.i, explicit.j, explicit.w), similarity_edges(neighbours, sims, WEIGHTS["similarity"])])
        stages.begin("communities")
        resolution = run.resolution or default_resolution(n)
        partition = detect(n, everything, seed=run.seed, resolution=resolution)
        stages.begin("describing")
        roles = member_roles(partition.labels, partition.count, everything, explicit)
        descriptions = describe(
            partition.labels, partition.count, partition.unplaced, everything=everything, explicit=explicit,
            resolution=resolution, regions=table.regions, roles=table.roles, organisations=table.organisations,
            skills=(table.skills.member, table.skills.item, table.skills.names),
            topics=(table.topics.member, table.topics.item, table.topics.names), roles_of_members=roles,
        )
        # Activity (ideas and comments written, supports given, projects and groups joined) is
        # counted from the ties already read rather than by one more query per member.
        activity = sum(np.bincount(m.member, minlength=n) for m in (ties.projects, ties.groups, ties.supports, ties.comments))
        isolated = isolation_reasons(roles.ties, np.asarray(activity, np.int64), table.joined, date.today())
        stages.begin("comparing")
        comparison = None
        if run.previous_run:
            old_nodes, old_numbers = self.runs.previous_assignment(run.previous_run)
            where = index.positions(old_nodes)
            previous = np.zeros(n, np.int64)
            previous[where[where >= 0]] = np.asarray(old_numbers, np.int64)[where >= 0]
            comparison = compare(previous, partition.labels, int((where < 0).sum()))
        stages.begin("writing")
        clusters = self.runs.write_clusters(run.id, [self._cluster_row(d, table) for d in descriptions])
        rows = self._membership_rows(table, partition.labels, clusters, roles, isolated,
                                     comparison.moved_from if comparison is not None else None)
        self.runs.write_memberships(run.id, rows, stages.within)
        timings = stages.finish()
        self.runs.finish(run.id, {
            "members": n, "clusters": partition.count, "modularity": round(partition.quality, 4),
            "resolution": resolution, "timings": json.dumps(timings),
            "changes": json.dumps([asdict(c) for c in comparison.changes]) if comparison else "[]",
            "moved": comparison.moved if comparison else None,
            "joined_since": comparison.joined if comparison else None,
            "left_since": comparison.left if comparison else None,
        })

    @staticmethod
    def _membership_rows(table: MemberTable, labels: np.ndarray, clusters: dict[int, tuple[str, int]],
                         roles: MemberRoles, isolated: list[str | None],
                         moved: np.ndarray | None) -> list[list[Any]]:
        """[member node, cluster node, properties] per member, ordered by cluster.

        Only centrality and ties are always stored; bridging, isolation and moves only where they
        apply (readers treat a missing one as 0 / none), which keeps the write small.
        """
        centrality = np.round(roles.centrality, 4).tolist()
        bridge_score = np.round(roles.bridge_score, 4).tolist()
        ties = roles.ties.tolist()
        moved_from = moved.tolist() if moved is not None else None
        cluster_node = {number: node for number, (_, node) in clusters.items()}
        nodes = table.nodes.tolist()
        rows = []
        for i in np.argsort(labels, kind="stable").tolist():
            props: dict[str, Any] = {"centrality": centrality[i], "ties": ties[i]}
            if bridge_score[i] > 0:
                props["bridge_score"] = bridge_score[i]
            if roles.bridged[i]:
                props["bridges"] = roles.bridged[i]
            if isolated[i]:
                props["isolated"] = isolated[i]
            if moved_from is not None and moved_from[i]:
                props["moved_from"] = moved_from[i]
            rows.append([nodes[i], cluster_node[int(labels[i])], props])
        return rows

    @staticmethod
    def _cluster_row(d: ClusterDescription, table: MemberTable) -> dict[str, Any]:
        """A Cluster node's properties; member indexes in the description become ids and names."""
        def person(i: int) -> dict[str, str]:
            return {"id": table.ids[i], "name": table.names[i]}

        description = {
            "skills": [asdict(s) for s in d.skills], "topics": [asdict(t) for t in d.topics],
            "regions": [asdict(s) for s in d.regions], "roles": [asdict(s) for s in d.roles],
            "organisations": [asdict(s) for s in d.organisations],
            "modularity": d.modularity, "internal_share": d.internal_share,
            "central": [person(i) for i in d.central],
            "links": [{"other": link.other, "weight": link.weight, "bridges": [person(i) for i in link.bridges]}
                      for link in d.links],
        }
        return {"number": d.number, "size": d.size, "label": d.label, "unplaced": d.unplaced,
                "description": json.dumps(description)}


