"""The coordinator's page: the cluster map, the clusters in words, insights and pairing rounds.

Rendered on the server from the same services and schemas as the coordinator API, so it works
without JavaScript; the one script only follows a clustering run's progress and reloads when it is
done. Starting a pairing round (which writes introductions for every opted-in member) asks for
confirmation on a page of its own.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, url_for
from werkzeug.wrappers import Response

from qnet.core.dates import uk_date_time
from qnet.core.errors import Conflict, Invalid
from qnet.web.pages.common import done, dump, register_page_handlers
from qnet.web.pages.coordinator.cluster_map import ClusterMap, draw
from qnet.web.pages.coordinator.cluster_words import change_rows, describe, isolation
from qnet.web.schemas.coordinator.clusters import (
    ClusterSchema,
    InsightsSchema,
    PairingRoundDetailSchema,
    RunSchema,
)
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("coordinator_page", __name__)
# A page, not an API: a signed-out visitor is sent to sign in, a member sees the error page.
register_page_handlers(bp)

INSIGHT_ROWS = 8
PAIRS_SHOWN = 12
DETAILED = 40  # clusters described in full under the map (the ones it draws); the rest in a table
WIDE = (960, 560, 15, 40)  # SVG width, height, font size (user units), clusters drawn: wider than 40rem
NARROW = (360, 600, 14, 20)  # the same map laid out for a phone, fewer clusters so that they stay legible


_MAPS: dict[tuple[str, tuple[int, int, int, int]], ClusterMap] = {}  # a run's clusters never change


def _map(run_id: str, clusters: list[dict[str, Any]], size: tuple[int, int, int, int]) -> ClusterMap:
    """The laid-out map of a run, made once per process (laying it out is the page's slowest part)."""
    key = (run_id, size)
    if key not in _MAPS:
        if len(_MAPS) >= 16:
            _MAPS.pop(next(iter(_MAPS)))
        _MAPS[key] = draw(clusters, *size)
    return _MAPS[key]


def _clusters_context() -> dict[str, Any]:
    insight = services().insight
    runs = insight.runs(1)
    running = dump(RunSchema(), runs[0]) if runs and runs[0].status == "running" else None
    run = insight.run(None)
    if run is None:
        return {"run": None, "running": running, "clusters": [], "more": [], "wide": None, "narrow": None,
                "insights": None}
    clusters = dump(ClusterSchema(many=True), insight.clusters_of(run))
    insights = dump(InsightsSchema(), insight.insights(run, INSIGHT_ROWS))
    described = [describe(c) for c in clusters]
    return {
        "run": dump(RunSchema(), run), "finished": uk_date_time(run.finished_at), "running": running,
        "clusters": described[:DETAILED], "more": described[DETAILED:],
        "wide": _map(run.id, clusters, WIDE), "narrow": _map(run.id, clusters, NARROW),
        "insights": insights, "changes": change_rows(insights["changes"]),
        "isolation": isolation, "labels": {c["number"]: f"{c['number']}. {c['label']}" for c in clusters},
    }


def _round_context() -> dict[str, Any]:
    insight = services().insight
    rounds = insight.pairing_rounds(1)
    if not rounds:
        return {"round": None}
    detail = dump(PairingRoundDetailSchema(), insight.pairing_round(rounds[0].id))
    return {"round": detail["round"], "round_when": uk_date_time(detail["round"]["created_at"]),
            "pairings": detail["pairings"][:PAIRS_SHOWN], "more_pairings": max(0, len(detail["pairings"]) - PAIRS_SHOWN)}


@bp.get("/coordinator")
@role_required("coordinator")
def coordinator_page() -> str:
    return render_template("coordinator/clusters.html", me=current_member(), me_coordinator=True,
                           section="coordinator", **_clusters_context(), **_round_context())


@bp.post("/coordinator/clusters/run")
@role_required("coordinator")
def run_clustering() -> Response:
    """Start a clustering run in the background; the page shows its progress."""
    try:
        services().insight.clusters.start_in_background(current_member().id)
    except Conflict:
        return done("A clustering run is already under way.", url_for("coordinator_page.coordinator_page"))
    return done("Clustering has started. The map updates when it finishes, usually within a minute.",
                url_for("coordinator_page.coordinator_page"))


@bp.get("/coordinator/pairing-rounds/new")
@role_required("coordinator")
def confirm_pairing_round() -> str:
    """Ask before starting a round: it pairs everyone who opted in, and pairs are never undone."""
    return render_template("coordinator/start_round.html", me=current_member(), me_coordinator=True,
                           section="coordinator", **services().insight.next_round())


@bp.post("/coordinator/pairing-rounds/new")
@role_required("coordinator")
def start_pairing_round() -> Response:
    try:
        started = services().insight.pairing.start_round(current_member().id)
    except Invalid:
        return done("A round needs at least two members who have opted in to pairing.",
                    url_for("coordinator_page.coordinator_page") + "#pairing")
    except Conflict:
        return done("Another coordinator has just started a round; it is shown below.",
                    url_for("coordinator_page.coordinator_page") + "#pairing")
    return redirect(url_for("coordinator_page.coordinator_page", started=started.number) + "#pairing")
