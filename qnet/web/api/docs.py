"""A human-readable page of the OpenAPI document, rendered on the server (works offline)."""

from __future__ import annotations

from flask import Blueprint, render_template

from qnet.web.api import PREFIX

bp = Blueprint("api_docs", __name__)


@bp.get(f"{PREFIX}/docs")
def docs() -> str:
    from flask import current_app

    spec = current_app.extensions["qnet.api"].spec.to_dict()
    return render_template("api_docs.html", spec=spec)
