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

from qnet.graph.cluster_graph import ClusterGraphReader, MemberTable
from qnet.graph.clusters import ClusterRepository, ClusterRun
from qnet.matching.cluster_descriptions import ClusterDescription, describe, member_roles
from qnet.matching.clustering import detect
from qnet.matching.community_graph import (
    NEIGHBOURS,
    WEIGHTS,
    Memberships,
    TieSources,
    combine,
    explicit_edges,
    similarity_edges,
)
from qnet.matching.insights import compare, isolation_reasons
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


def _seats(seats: tuple[np.ndarray, list[str]]) -> Memberships:
    """Containers (projects, groups, ideas) numbered 0..k from their ids."""
    members, containers = seats
    numbers: dict[str, int] = {}
    container = np.asarray([numbers.setdefault(c, len(numbers)) for c in containers], np.int64)
    keep = members >= 0
    return Memberships(members[keep], container[keep])


def _items(per_member: list[list[str]]) -> tuple[np.ndarray, np.ndarray, list[str]]:
    """(member positions, item numbers, item names) from each member's list of skills or topics."""
    ids: dict[str, int] = {}
    members = [i for i, items in enumerate(per_member) for _ in items]
    numbers = [ids.setdefault(name, len(ids)) for items in per_member for name in items]
    return np.asarray(members, np.int64), np.asarray(numbers, np.int64), list(ids)


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
        n = len(table)
        index = {member_id: i for i, member_id in enumerate(table.ids)}
        stages.begin("reading ties")
        ties = TieSources(
            n=n,
            connections=self.reader.pairs("connections", index),
            projects=_seats(self.reader.seats("projects", index)),
            groups=_seats(self.reader.seats("groups", index)),
            supports=_seats(self.reader.seats("supports", index)),
            comments=_seats(self.reader.seats("comments", index)),
            replies=self.reader.pairs("replies", index),
        )
        skills = _items(table.skills)
        topics = _items(table.topics)
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
            skills=skills, topics=topics, roles_of_members=roles,
        )
        isolated = isolation_reasons(roles.ties, table.activity, table.joined, date.today())
        stages.begin("comparing")
        previous = np.zeros(n, np.int64)
        left = 0
        if run.previous_run:
            old_ids, old_numbers = self.runs.assignments(run.previous_run)
            for member_id, number in zip(old_ids, old_numbers):
                if member_id in index:
                    previous[index[member_id]] = number
            left = len(old_ids) - int((previous > 0).sum())
        comparison = compare(previous, partition.labels, left) if run.previous_run else None
        stages.begin("writing")
        numbers = self.runs.write_clusters(run.id, [self._cluster_row(d, table) for d in descriptions])
        rows = []
        moved = comparison.moved_from if comparison is not None else None
        for i in range(n):
            props: dict[str, Any] = {
                "centrality": round(float(roles.centrality[i]), 4), "ties": int(roles.ties[i]),
                "bridge_score": round(float(roles.bridge_score[i]), 4), "bridges": roles.bridged[i],
            }
            if isolated[i]:
                props["isolated"] = isolated[i]
            if moved is not None and moved[i]:
                props["moved_from"] = int(moved[i])
            rows.append({"member": table.ids[i], "cluster": numbers[int(partition.labels[i])], "props": props})
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


