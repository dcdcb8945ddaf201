"""Finding people as pages: search with filters and explanations, my suggestions, my connections."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.web import listings
from qnet.web.forms import Form, load
from qnet.web.pages.common import back, done, dump
from qnet.web.schemas.people.connections import (
    ConnectionListSchema,
    ConnectionRequestBodySchema,
    PendingRequestsSchema,
)
from qnet.web.schemas.people.search import PeopleSearchArgsSchema, SearchPageSchema
from qnet.web.schemas.people.suggestions import SuggestionListSchema
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("people", __name__)

SEARCH_FIELDS = ("q", "region", "role", "skill", "cursor")


@bp.get("/people")
@member_required
def search() -> tuple[str, int]:
    """People search: the API's query schema and the same hybrid search service, each result explained."""
    typed = {k: request.args.get(k, "").strip() for k in SEARCH_FIELDS}
    raw = {k: v for k, v in typed.items() if v}
    page, status = None, 200
    form = load(PeopleSearchArgsSchema(), raw, typed) if raw else Form(values=typed)
    asked = "q" in raw or "skill" in raw
    if asked and form.ok:
        args = form.data or {}
        page = dump(SearchPageSchema(), listings.people(args))
    elif raw and not form.ok:
        status = 400
    return render_template("pages/people/search.html", form=form, page=page, searched=asked), status


@bp.get("/suggestions")
@member_required
def suggestions() -> str:
    """People I might want to meet, each with the reasons, and a way to say "not for me"."""
    found = services().suggestions.suggest(current_member().id, 12)
    return render_template("pages/people/suggestions.html",
                           suggestions=dump(SuggestionListSchema(), {"suggestions": found})["suggestions"])


@bp.post("/suggestions/<member_id>/dismiss")
@member_required
def dismiss(member_id: str) -> Response:
    services().connections.dismiss(current_member().id, member_id)
    return done("We will not suggest that member again.", url_for(".suggestions"))


@bp.get("/connections")
@member_required
def connections() -> str:
    me = current_member().id
    pending = services().connections.requests(me)
    requests = dump(PendingRequestsSchema(), {"incoming": [r for r in pending if r.incoming],
                                              "outgoing": [r for r in pending if not r.incoming]})
    listed = dump(ConnectionListSchema(), {"connections": services().connections.connections(me)})
    return render_template("pages/people/connections.html", requests=requests,
                           connections=listed["connections"])


@bp.post("/connections/requests")
@member_required
def request_connection() -> Response:
    """Ask a member to connect; if they had already asked me, we are connected at once."""
    data = ConnectionRequestBodySchema().load({"member_id": request.form.get("member_id", ""),
                                               "message": request.form.get("message", "")})
    outcome = services().connections.request(current_member().id, data["member_id"], data["message"])
    flash("You are now connected." if outcome.connected else "Request sent: they will see it on their "
          "connections page.", "success")
    return back(url_for(".connections"))


def _answer(action: str, member_id: str) -> Response:
    me = current_member().id
    connections = services().connections
    operations: dict[str, Any] = {"accept": (connections.accept, "You are now connected."),
                                  "decline": (connections.decline, "Request declined."),
                                  "withdraw": (connections.withdraw, "Request withdrawn."),
                                  "remove": (connections.remove, "Connection removed.")}
    operation, message = operations[action]
    operation(me, member_id)
    flash(message, "success")
    return back(url_for(".connections"))


@bp.post("/connections/<member_id>/accept")
@member_required
def accept(member_id: str) -> Response:
    return _answer("accept", member_id)


@bp.post("/connections/<member_id>/decline")
@member_required
def decline(member_id: str) -> Response:
    return _answer("decline", member_id)


@bp.post("/connections/<member_id>/withdraw")
@member_required
def withdraw(member_id: str) -> Response:
    return _answer("withdraw", member_id)


@bp.post("/connections/<member_id>/remove")
@member_required
def remove(member_id: str) -> Response:
    return _answer("remove", member_id)
