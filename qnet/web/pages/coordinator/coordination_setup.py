"""Coordinators set things up: recruitment phases (who may apply, when, how many reviews) and idea
rounds (when each phase starts, votes per member), with the API's schemas and the same services.

Dates and times are typed in UK time (the browser's date-and-time box sends them without an offset);
the page adds Europe/London's offset before the API's schema reads them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, render_template, request, url_for

from qnet.core.dates import UK
from qnet.core.errors import Invalid
from qnet.matching.membership.criteria import ROUTES
from qnet.matching.membership.recruitment import PhaseInput
from qnet.web.forms import Form, integer, load, text
from qnet.web.pages.common import done, dump, fold_item_errors
from qnet.web.schemas.knowledge.rounds import RoundWriteSchema
from qnet.web.schemas.membership.recruitment import PhaseInputSchema, PhaseListSchema, PhaseSchema
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("coordination_setup", __name__, url_prefix="/coordinator")

MAX_PARTNER_ROWS = 100
BLANK_PARTNER_ROWS = 3
PHASE_TIMES = ("opens_at", "closes_at")
ROUND_TIMES = ("ideas_open_at", "shortlisting_at", "voting_at", "results_at")


def uk_time(typed: str) -> str:
    """A date-and-time typed in UK time as ISO text with its offset; anything else unchanged (the
    schema refuses it with its own message)."""
    try:
        moment = datetime.fromisoformat(typed)
    except ValueError:
        return typed
    return (moment if moment.tzinfo else moment.replace(tzinfo=UK)).isoformat()


def shown_time(moment: str | None) -> str:
    """A stored moment as the date-and-time box shows it: UK time, to the minute."""
    return datetime.fromisoformat(moment).astimezone(UK).strftime("%Y-%m-%dT%H:%M") if moment else ""


def lines(value: str) -> list[str]:
    """One entry per line (course and organisation names may contain commas), tidied, blanks dropped."""
    return [" ".join(line.split()) for line in value.splitlines() if line.strip()]


def _times(form: Mapping[str, str], names: tuple[str, ...]) -> dict[str, str]:
    """The typed moments that are there (a missing one is the schema's "Missing data" message)."""
    return {name: uk_time(text(form, name)) for name in names if text(form, name)}


# -- recruitment phases ----------------------------------------------------------------------------
def _phase_input(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The API's PhaseInputSchema body from the form (partners as repeated name/region rows)."""
    rows = [{"name": text(form, f"partners-{i}-name"), "region": text(form, f"partners-{i}-region")}
            for i in range(MAX_PARTNER_ROWS + 10)]
    partners = [r for r in rows if r["name"] or r["region"]]
    raw: dict[str, Any] = {"name": text(form, "name"), **_times(form, PHASE_TIMES), "routes": form.getlist("routes"),
                           "courses": lines(form.get("courses", "")),
                           "organisations": lines(form.get("organisations", "")), "partners": partners}
    if text(form, "reviews_required"):
        raw["reviews_required"] = integer(text(form, "reviews_required"))
    values = {**raw, **{k: text(form, k) for k in (*PHASE_TIMES, "courses", "organisations", "reviews_required")}}
    return raw, values


def _phase_values(phase: dict[str, Any]) -> dict[str, Any]:
    """A stored phase (as the API shows it) as the form's values."""
    return {"name": phase["name"], "opens_at": shown_time(phase["opens_at"]),
            "closes_at": shown_time(phase["closes_at"]), "routes": [r["route"] for r in phase["routes"]],
            "courses": "\n".join(phase["courses"]), "organisations": "\n".join(phase["organisations"]),
            "partners": phase["partners"], "reviews_required": phase["reviews_required"]}


def _phase_page(form: Form, phase_id: str | None = None, status: int = 200) -> tuple[str, int]:
    rows = list(form.values.get("partners") or []) + [{"name": "", "region": ""}] * BLANK_PARTNER_ROWS
    return render_template("pages/coordination/phase.html", form=form, phase_id=phase_id, routes=ROUTES,
                           partner_rows=rows), status


def _save_phase(phase_id: str | None) -> Any:
    """Create or replace a phase; the schema's and the service's messages come back beside the fields."""
    raw, values = _phase_input(request.form)
    form = fold_item_errors(load(PhaseInputSchema(), raw, values), "routes", "courses", "organisations")
    if form.ok:
        data = form.data or {}
        phase = PhaseInput(name=data["name"], opens_at=data["opens_at"], closes_at=data["closes_at"],
                           routes=data["routes"], courses=data["courses"], organisations=data["organisations"],
                           partners=[(p["name"], p["region"]) for p in data["partners"]],
                           reviews_required=data["reviews_required"])
        try:
            saved = services().membership.recruitment.define(phase, datetime.now(UTC), phase_id)
        except Invalid as error:
            form.refuse(error)
        else:
            return done(f"The recruitment phase “{saved.name}” is saved.", url_for(".phases"))
    return _phase_page(form, phase_id, 400)


@bp.get("/recruitment")
@role_required("coordinator")
def phases() -> str:
    """Every recruitment phase, past, present and future, as the API lists them."""
    stored, now = services().membership.recruitment.all(), datetime.now(UTC)
    listed = dump(PhaseListSchema(), {"phases": stored})["phases"]
    for phase, shown in zip(stored, listed, strict=True):
        shown["timing"] = "open" if phase.is_open(now) else "upcoming" if now < phase.opens_at else "closed"
    return render_template("pages/coordination/phases.html", phases=listed)


@bp.get("/recruitment/new")
@role_required("coordinator")
def new_phase() -> tuple[str, int]:
    return _phase_page(Form(values={"routes": ["open"], "reviews_required": 2}))


@bp.post("/recruitment/new")
@role_required("coordinator")
def create_phase() -> Any:
    return _save_phase(None)


@bp.get("/recruitment/<phase_id>")
@role_required("coordinator")
def edit_phase(phase_id: str) -> tuple[str, int]:
    phase = dump(PhaseSchema(), services().membership.recruitment.get(phase_id))
    return _phase_page(Form(values=_phase_values(phase)), phase_id)


@bp.post("/recruitment/<phase_id>")
@role_required("coordinator")
def replace_phase(phase_id: str) -> Any:
    """Replace a phase (for example, to extend its closing date or add a course to its list)."""
    services().membership.recruitment.get(phase_id)  # a phase that is not there is a 404
    return _save_phase(phase_id)


@bp.post("/recruitment/<phase_id>/announce")
@role_required("coordinator")
def announce_phase(phase_id: str) -> Any:
    """Email everyone confirmed on the updates list (in the phase's regions) that the phase is open, once."""
    phase = services().membership.recruitment.get(phase_id)
    told = services().membership.recruitment.announce(phase_id, datetime.now(UTC))
    people = "1 person" if told == 1 else f"{told} people"
    return done(f"“{phase.name}” is announced: we are emailing {people} on the updates list.", url_for(".phases"))


# -- idea rounds -----------------------------------------------------------------------------------
@bp.get("/rounds/new")
@role_required("coordinator")
def new_round() -> str:
    return render_template("pages/coordination/round.html", form=Form(values={"votes_per_member": 3}))


@bp.post("/rounds/new")
@role_required("coordinator")
def open_round() -> Any:
    """Open a round with the start of each phase and the votes each member has (RoundWriteSchema)."""
    raw: dict[str, Any] = {"name": text(request.form, "name"), "description": text(request.form, "description"),
                           **_times(request.form, ROUND_TIMES)}
    if text(request.form, "votes_per_member"):
        raw["votes_per_member"] = integer(text(request.form, "votes_per_member"))
    values = {**raw, **{k: text(request.form, k) for k in (*ROUND_TIMES, "votes_per_member")}}
    form = load(RoundWriteSchema(), raw, values)
    if form.ok:
        data = form.data or {}
        try:
            round_ = services().knowledge.rounds.open_round(current_member(), data["name"], data["description"],
                                                            data["votes_per_member"],
                                                            {k: data[k] for k in ROUND_TIMES})
        except Invalid as error:
            form.refuse(error)
        else:
            return done(f"The round “{round_.name}” is set up.", url_for("pages.rounds.show", round_id=round_.id))
    return render_template("pages/coordination/round.html", form=form), 400
