"""The coordinator's tools in one place: clustering runs, their results, and pairing rounds."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from qnet.core.records import ClusterRun
from qnet.graph.coordinator.clusters import ClusterMember, ClusterRepository, StoredCluster
from qnet.graph.coordinator.community_graph import ClusterGraphReader
from qnet.graph.coordinator.pairing import PairingRepository, PairingRound
from qnet.graph.driver import Graph
from qnet.graph.messaging.fanout import FanoutRepository
from qnet.graph.messaging.notifications import NotificationRepository
from qnet.matching.coordinator.cluster_runs import ClusterService
from qnet.matching.coordinator.introductions import Introductions
from qnet.matching.coordinator.pairing import PairingService
from qnet.matching.messaging.notifications import Notifier


@dataclass
class CoordinatorInsight:
    clusters: ClusterService
    results: ClusterRepository
    pairing: PairingService
    pairings: PairingRepository

    @classmethod
    def build(cls, graph: Graph, notifier: Notifier | None = None) -> CoordinatorInsight:
        results, reader, pairings = ClusterRepository(graph), ClusterGraphReader(graph), PairingRepository(graph)
        notifier = notifier or Notifier(NotificationRepository(graph), FanoutRepository(graph))
        return cls(ClusterService(results, reader), results,
                   PairingService(pairings, results, reader, Introductions(pairings, notifier)), pairings)

    # -- clustering runs and their clusters ------------------------------------------------------
    def runs(self, limit: int = 20) -> list[ClusterRun]:
        """Recent runs, newest first."""
        return self.results.runs(limit)

    def get_run(self, run_id: str) -> ClusterRun:
        return self.results.get(run_id)

    def run(self, run_id: str | None) -> ClusterRun | None:
        """The named run, or the latest finished one (None before the first run)."""
        return self.results.get(run_id) if run_id else self.results.latest_done()

    def clusters_of(self, run: ClusterRun) -> list[dict[str, Any]]:
        """Every cluster of a run with its description unpacked and linked clusters named."""
        stored = self.results.clusters(run.id)
        by_number = {c.number: c for c in stored}
        return [cluster_view(c, by_number) for c in stored]

    def cluster(self, cluster_id: str) -> dict[str, Any]:
        """One cluster with its description unpacked and the clusters it links to named."""
        found = self.results.cluster(cluster_id)
        return cluster_view(found, {c.number: c for c in self.results.clusters(found.run_id)})

    def cluster_members(self, cluster_id: str, limit: int, offset: int) -> list[ClusterMember]:
        """A cluster's members, most central first (NotFound for an unknown cluster)."""
        self.results.cluster(cluster_id)
        return self.results.members_of(cluster_id, limit, offset)

    def export_rows(self, run_id: str) -> list[dict[str, Any]]:
        """Every member's cluster in a run, one row each, for a spreadsheet (no emails)."""
        return self.results.export_rows(run_id)

    def insights(self, run: ClusterRun, limit: int) -> dict[str, Any]:
        """Isolated members, bridges, movers and cluster changes since the run before `run`."""
        previous = self.results.get(run.previous_run) if run.previous_run else None
        old = {c.number: c for c in self.results.clusters(previous.id)} if previous else {}
        new = {c.number: c for c in self.results.clusters(run.id)}
        return {
            "run": run, "previous_run": previous,
            "isolated_count": self.results.count_isolated(run.id), "isolated": self.results.isolated(run.id, limit),
            "bridges": self.results.bridges(run.id, limit), "moved": self.results.moved(run.id, limit),
            "changes": changes_view(run.changes, old, new),
        }

    # -- pairing rounds --------------------------------------------------------------------------
    def pairing_rounds(self, limit: int = 24) -> list[PairingRound]:
        """Pairing rounds, newest first."""
        return self.pairings.rounds(limit)

    def pairing_round(self, round_id: str) -> dict[str, Any]:
        """A round and its pairs (and trio), each with the reason for the introduction."""
        return {"round": self.pairings.get_round(round_id), "pairings": self.pairings.pairings(round_id)}

    def next_round(self) -> dict[str, int]:
        """What starting a round now would do: its number, and how many members have opted in."""
        return {"number": self.pairings.next_number(), "opted_in": len(self.pairings.participants().ids)}

    def opt_in(self, member_id: str) -> bool:
        """Whether this member takes part in pairing rounds."""
        return self.pairings.opt_in(member_id)

    def set_opt_in(self, member_id: str, opt_in: bool) -> bool:
        return self.pairings.set_opt_in(member_id, opt_in)


def cluster_view(cluster: StoredCluster, by_number: dict[int, StoredCluster]) -> dict[str, Any]:
    """A stored cluster with its description unpacked and linked clusters named."""
    description = dict(cluster.description)
    description["links"] = [
        {**link, "cluster_id": by_number[link["other"]].id if link["other"] in by_number else None,
         "label": by_number[link["other"]].label if link["other"] in by_number else ""}
        for link in description.get("links", [])
    ]
    return {"id": cluster.id, "run_id": cluster.run_id, "number": cluster.number, "size": cluster.size,
            "label": cluster.label, "unplaced": cluster.unplaced, **description}


def changes_view(changes: list[dict[str, Any]], old: dict[int, StoredCluster],
                 new: dict[int, StoredCluster]) -> list[dict[str, Any]]:
    """Run-to-run changes with cluster numbers turned into {number, id, label}."""
    def named(numbers: list[int], clusters: dict[int, StoredCluster]) -> list[dict[str, Any]]:
        return [{"number": n, "id": clusters[n].id if n in clusters else None,
                 "label": clusters[n].label if n in clusters else ""} for n in numbers]

    return [{**c, "new": named(c["new"], new), "old": named(c["old"], old)} for c in changes]
