"""Public pages: what the community is, the three criteria, recruitment, applying, updates, the
comments policy, and the pages behind the links in membership mail."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, render_template, request, url_for

from qnet.core.errors import QnetError, Unavailable
from qnet.matching.knowledge.comments import policy
from qnet.matching.membership.applications import ApplicationInput
from qnet.matching.membership.criteria import ANSWER_MAX_CHARS, ANSWER_MIN_CHARS, CRITERIA, ROUTES
from qnet.web.api.membership.updates import SUBSCRIBE_REPLY
from qnet.web.forms import Form, load, optional, text, words_list
from qnet.web.pages.common import done, dump
from qnet.web.schemas.knowledge.comments import PolicySchema
from qnet.web.schemas.membership.applications import ApplicationInputSchema, StatusSchema
from qnet.web.schemas.membership.recruitment import RecruitmentSchema
from qnet.web.schemas.membership.updates import SubscribeSchema
from qnet.web.services import services

bp = Blueprint("public", __name__)


def _now() -> datetime:
    return datetime.now(UTC)


def _recruitment() -> dict[str, Any]:
    return dump(RecruitmentSchema(), services().membership.recruitment.view(_now()))  # type: ignore[no-any-return]


@bp.get("/")
def home() -> str:
    return render_template("pages/public/home.html", recruitment=_recruitment())


@bp.get("/about/criteria")
def criteria() -> str:
    return render_template("pages/public/criteria.html", criteria=CRITERIA, minimum=ANSWER_MIN_CHARS,
                           maximum=ANSWER_MAX_CHARS)


@bp.get("/join")
def join() -> str:
    """Recruitment status: who may apply now, until when, and what opens next."""
    return render_template("pages/public/join.html", recruitment=_recruitment(), routes=ROUTES)


def _application_input(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    raw: dict[str, Any] = {
        "name": text(form, "name"), "email": text(form, "email"), "organisation": optional(form, "organisation"),
        "region": text(form, "region"), "role": text(form, "role"), "route": text(form, "route"),
        "route_evidence": optional(form, "route_evidence"),
        "answers": {c.key: text(form, f"answers-{c.key}") for c in CRITERIA},
        "consent": form.get("consent") == "on",
    }
    values = {**{k: v for k, v in raw.items() if k != "answers"},
              **{f"answers-{k}": v for k, v in raw["answers"].items()}}
    return raw, values


@bp.route("/join/apply", methods=["GET", "POST"])
def apply() -> Any:
    """The application form: the API's schema and service, with every message beside its field."""
    form = Form()
    if request.method == "POST":
        raw, values = _application_input(request.form)
        form = load(ApplicationInputSchema(), raw, values)
        if form.ok:
            data = form.data or {}
            try:
                services().throttle.check("apply", request.remote_addr)
                services().membership.applications.submit(ApplicationInput(**data), _now())
            except QnetError as error:
                if isinstance(error, Unavailable):
                    raise
                form.refuse(error)
            else:
                return render_template("pages/public/applied.html")
    return render_template("pages/public/apply.html", form=form, criteria=CRITERIA, routes=ROUTES,
                           recruitment=_recruitment(), minimum=ANSWER_MIN_CHARS, maximum=ANSWER_MAX_CHARS), \
        400 if form.errors or form.message else 200


@bp.get("/join/status/<token>")
def application_status(token: str) -> str:
    """An applicant's private view of their application (the link in their acknowledgement)."""
    status = dump(StatusSchema(), services().membership.applications.status(token))
    return render_template("pages/public/application_status.html", application=status)


@bp.route("/updates", methods=["GET", "POST"])
def updates() -> Any:
    """Register for updates about when applications open (double opt-in; the reply never tells who is on it)."""
    form = Form()
    if request.method == "POST":
        raw = {"email": text(request.form, "email"), "interests": words_list(request.form.get("interests", "")),
               "region": optional(request.form, "region")}
        form = load(SubscribeSchema(), raw, {**raw, "interests": request.form.get("interests", "")})
        if form.ok:
            data = form.data or {}
            services().throttle.check("subscribe", request.remote_addr)
            services().membership.updates.subscribe(data["email"], data["interests"], data["region"], _now())
            return done(SUBSCRIBE_REPLY[:1].upper() + SUBSCRIBE_REPLY[1:] + ".", url_for(".updates"))
    return render_template("pages/public/updates.html", form=form), 400 if form.errors else 200


@bp.route("/updates/confirm/<token>", methods=["GET", "POST"])
def confirm_updates(token: str) -> Any:
    """The confirmation link: a button, so that a mail scanner following links confirms nothing."""
    if request.method == "POST":
        services().membership.updates.confirm(token, _now())
        return done("Confirmed: we will email you when applications open.", url_for(".join"))
    return render_template("pages/public/confirm.html", action="confirm", token=token)


@bp.route("/updates/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str) -> Any:
    if request.method == "POST":
        services().membership.updates.unsubscribe(token)
        return done("Unsubscribed: your address has been removed from the updates list.", url_for(".home"))
    return render_template("pages/public/confirm.html", action="unsubscribe", token=token)


@bp.get("/comments-policy")
def comments_policy() -> str:
    return render_template("pages/public/policy.html", policy=dump(PolicySchema(), policy()))
