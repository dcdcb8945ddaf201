"""Coordinator insight: clustering runs, clusters, insights, pairing rounds, CSV exports.

Coordinators and admins only; members get 403.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Response

from qnet.core.errors import NotFound
from qnet.core.records import ClusterRun
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.coordinator.clusters import (
    ClusterMembersSchema,
    ClusterSchema,
    ClustersSchema,
    InsightArgsSchema,
    InsightsSchema,
    PageArgsSchema,
    PairingRoundDetailSchema,
    PairingRoundListSchema,
    PairingRoundSchema,
    RunArgsSchema,
    RunListSchema,
    RunSchema,
    RunStartSchema,
    StartRoundSchema,
)
from qnet.web.security import current_member, role_required
from qnet.web.services import services
from qnet.web.spreadsheets import safe_rows

bp = Blueprint("coordinator", __name__, url_prefix=f"{PREFIX}/coordinator",
               description="Coordinator insight: clusters, insights and pairing rounds")
coordinator_only = role_required("coordinator")


def _run(run_id: str | None) -> ClusterRun | None:
    """The named run, or the latest finished one (None before the first run)."""
    return services().insight.run(run_id)


def _csv(rows: list[dict[str, Any]], columns: list[str], filename: str) -> Response:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(safe_rows(rows))  # names and labels can never run as spreadsheet formulas
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.operation("POST", "/clusters/runs", body=RunStartSchema, gives=RunSchema, status=202, who=coordinator_only)
def start_run(data: dict[str, Any]) -> ClusterRun:
    """Start a clustering run in the background (409 while another is running); poll its status."""
    return services().insight.clusters.start_in_background(current_member().id, data["seed"], data["resolution"])


@bp.operation("GET", "/clusters/runs", gives=RunListSchema, who=coordinator_only)
def list_runs() -> dict[str, Any]:
    """Recent runs, newest first, with status and progress."""
    return {"runs": services().insight.runs()}


@bp.operation("GET", "/clusters/runs/<run_id>", gives=RunSchema, who=coordinator_only)
def get_run(run_id: str) -> ClusterRun:
    """One run's status, progress, stage timings and changes since the run before."""
    return services().insight.get_run(run_id)


@bp.operation("GET", "/clusters", query=RunArgsSchema, gives=ClustersSchema, who=coordinator_only)
def clusters(args: dict[str, Any]) -> dict[str, Any]:
    """Every cluster of the latest finished run (or of `run`), with descriptions and links."""
    run = _run(args.get("run"))
    if run is None:
        return {"run": None, "clusters": []}
    return {"run": run, "clusters": services().insight.clusters_of(run)}


@bp.operation("GET", "/clusters/export.csv", query=RunArgsSchema, status=None, who=coordinator_only)
def export_clusters(args: dict[str, Any]) -> Response:
    """Every member's cluster in the latest run (or `run`), as CSV (no emails)."""
    run = _run(args.get("run"))
    if run is None:
        raise NotFound("there is no finished clustering run yet")
    rows = services().insight.export_rows(run.id)
    return _csv(rows, ["cluster", "label", "member_id", "name", "role", "region", "organisation", "centrality",
                       "bridge_score", "isolated"], f"clusters-{run.id[:8]}.csv")


@bp.operation("GET", "/clusters/<cluster_id>", gives=ClusterSchema, who=coordinator_only)
def cluster(cluster_id: str) -> dict[str, Any]:
    """One cluster's description: skills, topics, mix, cohesion, central members, links and bridges."""
    return services().insight.cluster(cluster_id)


@bp.operation("GET", "/clusters/<cluster_id>/members", query=PageArgsSchema, gives=ClusterMembersSchema,
              who=coordinator_only)
def cluster_members(args: dict[str, Any], cluster_id: str) -> dict[str, Any]:
    """A cluster's members, most central first."""
    return {"members": services().insight.cluster_members(cluster_id, args["limit"], args["offset"])}


@bp.operation("GET", "/insights", query=InsightArgsSchema, gives=InsightsSchema, who=coordinator_only)
def insights(args: dict[str, Any]) -> dict[str, Any]:
    """Isolated members, bridges between clusters, and how clusters changed since the previous run."""
    run = _run(args.get("run"))
    if run is None:
        return {"run": None, "previous_run": None, "isolated_count": 0, "isolated": [], "bridges": [],
                "moved": [], "changes": []}
    return services().insight.insights(run, args["limit"])


@bp.operation("GET", "/pairing-rounds", gives=PairingRoundListSchema, who=coordinator_only)
def pairing_rounds() -> dict[str, Any]:
    """Pairing rounds, newest first."""
    return {"rounds": services().insight.pairing_rounds()}


@bp.operation("POST", "/pairing-rounds", body=StartRoundSchema, gives=PairingRoundSchema, status=201,
              who=coordinator_only)
def start_pairing_round(_: dict[str, Any]) -> Any:
    """Pair every opted-in member (one trio if the count is odd), never repeating an earlier pair."""
    return services().insight.pairing.start_round(current_member().id)


@bp.operation("GET", "/pairing-rounds/<round_id>", gives=PairingRoundDetailSchema, who=coordinator_only)
def pairing_round(round_id: str) -> dict[str, Any]:
    """A round's pairs (and trio), each with the reason for the introduction."""
    return services().insight.pairing_round(round_id)


@bp.operation("GET", "/pairing-rounds/<round_id>/export.csv", status=None, who=coordinator_only)
def export_pairing_round(round_id: str) -> Response:
    """A round's pairs as CSV: one row per pair (or trio), members by id and name (no emails)."""
    detail = services().insight.pairing_round(round_id)
    found = detail["round"]
    rows = [{"round": found.number, "pair": k + 1,
              "member_ids": ";".join(m.id for m in p.members), "names": ";".join(m.name for m in p.members),
              "reason": p.reason, "score": p.score} for k, p in enumerate(detail["pairings"])]
    return _csv(rows, ["round", "pair", "member_ids", "names", "reason", "score"], f"pairing-round-{found.number}.csv")
