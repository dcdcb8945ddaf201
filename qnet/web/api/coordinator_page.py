"""The coordinator's page: the cluster map, the insights tables and the pairing round (HTML + a small script)."""

from __future__ import annotations

from flask import Blueprint, render_template

from qnet.web.security import current_member, role_required

bp = Blueprint("coordinator_page", __name__)


@bp.get("/coordinator")
@role_required("coordinator")
def coordinator_page() -> str:
    """Rendered on the server; the script fetches /api/v1/coordinator/* with the session cookie."""
    return render_template("coordinator/clusters.html", me=current_member(), me_coordinator=True,
                           section="coordinator")
