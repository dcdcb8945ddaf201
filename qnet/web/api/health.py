"""GET /healthz: is the app up, and can it reach Neo4j?"""

from __future__ import annotations

from flask import Blueprint, Response, jsonify

from qnet.web.services import services

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    up = services().database_is_up()
    response = jsonify({"status": "ok" if up else "degraded", "neo4j": "up" if up else "down"})
    response.status_code = 200 if up else 503
    if not up:
        response.headers["Retry-After"] = "5"
    return response
