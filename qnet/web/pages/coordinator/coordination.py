"""The coordinators' area as pages: the application review queue, reviews and decisions, moderation.

The cluster map, insights and pairing rounds are the coordinator page at /coordinator (its own
module, qnet/web/pages/coordinator/dashboard.py); this area links to it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, render_template, request, url_for

from qnet.core.errors import Conflict
from qnet.matching.membership.criteria import APPLICATION_STATUSES, CRITERIA, DECISIONS, ROUTES
from qnet.web import listings
from qnet.web.forms import Form, integer, load, text
from qnet.web.listings import listed_page
from qnet.web.pages.common import done, dump
from qnet.web.pages.messaging.messages import flagged_messages
from qnet.web.schemas.knowledge.comments import ModerationQueueSchema, ModerationSchema
from qnet.web.schemas.membership.applications import (
    ApplicationDetailSchema,
    DecisionInputSchema,
    QueueArgsSchema,
    QueuePageSchema,
    ReviewInputSchema,
)
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("coordination", __name__, url_prefix="/coordinator")

QUEUE_FIELDS = ("status", "route", "region", "phase", "cursor")
OUTCOMES = {"hide": "hidden", "restore": "visible again", "remove": "removed"}
SCORES = {1: "1: no evidence", 2: "2: some evidence", 3: "3: good evidence", 4: "4: strong evidence"}


@bp.get("/applications")
@role_required("coordinator")
def applications() -> tuple[str, int]:
    """The review queue, oldest first, filtered as in the API."""
    form, listed = listed_page("applications", listings.applications, QueueArgsSchema(), QueuePageSchema(),
                               QUEUE_FIELDS)
    return render_template("pages/coordination/applications.html", form=form, statuses=APPLICATION_STATUSES,
                           routes=ROUTES, **listed), 200 if form.ok else 400


def _application_page(application_id: str, review_form: Form | None = None, decision_form: Form | None = None,
                      status: int = 200) -> tuple[str, int]:
    detail = dump(ApplicationDetailSchema(), services().membership.applications.detail(application_id))
    me = current_member()
    if review_form is None:
        mine = next((r for r in detail["reviews"] if r["reviewer_id"] == me.id), None)
        values = {}
        for criterion in CRITERIA:
            values[f"{criterion.key}-score"] = (mine or {}).get("scores", {}).get(criterion.key, "")
            values[f"{criterion.key}-note"] = (mine or {}).get("notes", {}).get(criterion.key, "")
        review_form = Form(values=values)
    return render_template("pages/coordination/application.html", application=detail, criteria=CRITERIA,
                           scores=SCORES, decisions=DECISIONS, review_form=review_form,
                           decision_form=decision_form or Form()), status


@bp.get("/applications/<application_id>")
@role_required("coordinator")
def application(application_id: str) -> tuple[str, int]:
    return _application_page(application_id)


@bp.post("/applications/<application_id>/review")
@role_required("coordinator")
def review(application_id: str) -> Any:
    """My scores (1-4) and notes per criterion; sending again replaces my review."""
    raw = {c.key: {"score": integer(text(request.form, f"{c.key}-score")), "note": text(request.form, f"{c.key}-note")}
           for c in CRITERIA}
    values = {f"{k}-{part}": text(request.form, f"{k}-{part}") for k in raw for part in ("score", "note")}
    form = load(ReviewInputSchema(), raw, values)
    if form.ok:
        data = form.data or {}
        services().membership.decisions.review(application_id, current_member(),
                                               {k: v["score"] for k, v in data.items()},
                                               {k: v["note"] for k, v in data.items()}, datetime.now(UTC))
        return done("Your review is saved.", url_for(".application", application_id=application_id))
    return _application_page(application_id, review_form=form, status=400)


@bp.post("/applications/<application_id>/decision")
@role_required("coordinator")
def decide(application_id: str) -> Any:
    """Accept, decline or waitlist with a message; acceptance creates the member and mails an invitation."""
    raw = {"decision": text(request.form, "decision"), "message": text(request.form, "message")}
    form = load(DecisionInputSchema(), raw, raw)
    if form.ok:
        data = form.data or {}
        try:
            services().membership.decisions.decide(application_id, current_member(), data["decision"],
                                                   data["message"], datetime.now(UTC))
        except Conflict as error:
            form.refuse(error)
        else:
            return done(f"Decision recorded: {data['decision']}.",
                        url_for(".application", application_id=application_id))
    return _application_page(application_id, decision_form=form, status=400 if form.errors else 409)


@bp.post("/applications/<application_id>/invitation")
@role_required("coordinator")
def reissue_invitation(application_id: str) -> Any:
    """A new link to choose a password for an accepted applicant whose link expired or was lost."""
    services().membership.decisions.reissue_invitation(application_id, datetime.now(UTC))
    return done("A new invitation is on its way: the old link no longer works.",
                url_for(".application", application_id=application_id))


def _moderation_page(action_form: Form | None = None, status: int = 200) -> tuple[str, int]:
    comments = services().knowledge.comments
    queued = comments.queue(100)
    where = comments.posted_on([view.id for view, _ in queued])
    items = dump(ModerationQueueSchema(), {"items": [
        {"comment": view, "flag_reasons": reasons, "posted_on": where.get(view.id)} for view, reasons in queued
    ]})["items"]
    return render_template("pages/coordination/moderation.html", items=items,
                           action_form=action_form or Form(), flagged_messages=flagged_messages()), status


@bp.get("/moderation")
@role_required("coordinator")
def moderation() -> tuple[str, int]:
    """Hidden and flagged comments with the reasons members gave."""
    return _moderation_page()


@bp.post("/moderation/<comment_id>")
@role_required("coordinator")
def moderate(comment_id: str) -> Any:
    """Hide, restore or remove a comment, saying why (recorded with who did it)."""
    raw = {"action": text(request.form, "action"), "reason": text(request.form, "reason")}
    form = load(ModerationSchema(), raw, {**raw, "comment_id": comment_id})
    if form.ok:
        data = form.data or {}
        services().knowledge.comments.moderate(current_member(), comment_id, data["action"], data["reason"])
        return done(f"Done: the comment is {OUTCOMES[data['action']]}.", url_for(".moderation"))
    return _moderation_page(form, 400)
