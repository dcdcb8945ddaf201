"""The coordinator's page: the cluster map, the insights tables and the pairing round (HTML + a small script)."""

from __future__ import annotations

from flask import Blueprint, render_template

from qnet.web.pages.common import register_page_handlers
from qnet.web.security import current_member, role_required

bp = Blueprint("coordinator_page", __name__)
# A page, not an API: a signed-out visitor is sent to sign in, a member sees the error page.
register_page_handlers(bp)


@bp.get("/coordinator")
@role_required("coordinator")
def coordinator_page() -> str:
    """Rendered on the server; the script fetches /api/v1/coordinator/* with the session cookie."""
    return render_template("coordinator/clusters.html", me=current_member(), me_coordinator=True,
                           section="coordinator")
