"""Profiles as pages: my profile (skills with levels, interests, privacy choices) and members' public pages."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import logout_user
from werkzeug.wrappers import Response

from qnet.core.errors import Invalid, Unauthorised
from qnet.matching.people.profiles import ProfileInput
from qnet.matching.people.skills import taxonomy
from qnet.web.forms import Form, load, profile_input, skill_form_rows
from qnet.web.pages.common import done, dump
from qnet.web.schemas.coordinator.clusters import OptInSchema
from qnet.web.schemas.membership.privacy import DeleteAccountSchema, VisibilitySchema
from qnet.web.schemas.people.members import MemberPrivateSchema, MemberPublicSchema, ProfileSchema
from qnet.web.security import current_member, member_required
from qnet.web.services import services
from qnet.web.signin import check_password

bp = Blueprint("profiles", __name__)


def _relation(me: str, other: str) -> tuple[str, str | None]:
    """How I stand with another member (me, connected, requested (by me), asked (me), or none), and
    the note that came with a pending request."""
    if me == other:
        return "me", None
    connections = services().connections
    if any(c.member.id == other for c in connections.connections(me)):
        return "connected", None
    for pending in connections.requests(me):
        if pending.member.id == other:
            return ("asked" if pending.incoming else "requested"), pending.message
    return "none", None


@bp.get("/me")
@member_required
def me() -> Any:
    return redirect(url_for(".show", member_id=current_member().id))


@bp.get("/members/<member_id>")
@member_required
def show(member_id: str) -> str:
    """A member's public profile (never their email) and whether we are connected."""
    me = current_member().id
    member = dump(MemberPublicSchema(), services().profiles.get(member_id))
    relation, note = _relation(me, member_id)
    return render_template("pages/profiles/show.html", member=member, relation=relation, note=note,
                           may_message=services().messages.may_message(me, member_id),
                           blocked=services().messages.has_blocked(me, member_id))


def _edit_page(form: Form, privacy: dict[str, bool], status: int = 200,
               delete_form: Form | None = None) -> tuple[str, int]:
    rows = form.values.get("skills") or []
    names = sorted(s.name for s in taxonomy().skills.values())
    pairing = services().insight.opt_in(current_member().id)
    draft = services().membership.privacy.profile_is_draft(current_member().id)
    return render_template("pages/profiles/edit.html", form=form, skill_rows=skill_form_rows(rows),
                           skill_names=names, privacy=privacy, pairing=pairing, delete_form=delete_form or Form(),
                           draft=draft), status


def _saved_profile(member_id: str) -> tuple[Form, dict[str, bool]]:
    """My stored profile as form values, and my privacy choices."""
    mine = dump(MemberPrivateSchema(), services().profiles.get(member_id))
    values = {**mine, "interests": ", ".join(mine["interests"]),
              "skills": [{"name": s["name"], "level": s["level"]} for s in mine["skills"]]}
    return Form(values=values), {"searchable": mine["searchable"], "suggestable": mine["suggestable"]}


@bp.get("/profile")
@member_required
def edit() -> tuple[str, int]:
    return _edit_page(*_saved_profile(current_member().id))


@bp.post("/profile")
@member_required
def save() -> Any:
    """Replace my profile with the API's ProfileSchema; on a mistake, the form comes back as typed."""
    me_ = current_member()
    raw, values = profile_input(request.form)
    form = load(ProfileSchema(), raw, values)
    if form.ok:
        try:
            services().profiles.update(me_.id, ProfileInput.from_dict(form.data or {}))
        except Invalid as error:
            form.refuse(error)
        else:
            if services().membership.privacy.confirm_profile(me_.id):  # the draft from her application
                return done("Your profile is confirmed: members can now find you in search and suggestions.",
                            url_for(".show", member_id=me_.id))
            return done("Your profile is saved.", url_for(".show", member_id=me_.id))
    return _edit_page(form, {"searchable": me_.searchable, "suggestable": me_.suggestable}, 400)


@bp.post("/profile/privacy")
@member_required
def privacy() -> Response:
    """Choose whether I appear in people search and in other members' suggestions."""
    data = VisibilitySchema().load({"searchable": request.form.get("searchable") == "on",
                                    "suggestable": request.form.get("suggestable") == "on"})
    services().membership.privacy.set_visibility(current_member().id, data["searchable"], data["suggestable"])
    return done("Your privacy choices are saved.", url_for(".edit") + "#privacy")


@bp.post("/profile/pairing")
@member_required
def pairing() -> Response:
    """Take part in the monthly pairing rounds, or stop (members are not paired until they opt in)."""
    data = OptInSchema().load({"opt_in": request.form.get("opt_in") == "on"})
    services().insight.set_opt_in(current_member().id, data["opt_in"])
    return done("You will be paired in the next round." if data["opt_in"] else
                "You will not be paired in future rounds.", url_for(".edit") + "#pairing")


@bp.post("/profile/delete")
@member_required
def delete_account() -> Any:
    """Delete my account after checking my password (the API's rule); my comments stay, unattributed."""
    me_ = current_member()
    raw = {"password": request.form.get("password", "")}
    form = load(DeleteAccountSchema(), raw, {})
    if form.ok:
        try:
            check_password(me_.email, raw["password"])
        except Unauthorised:
            form.errors["password"] = ["That is not your password"]
        else:
            services().membership.privacy.erase(me_.id)
            logout_user()
            session.clear()
            return done("Your account and personal data have been deleted.", url_for("pages.public.home"))
    saved, choices = _saved_profile(me_.id)
    return _edit_page(saved, choices, 400, delete_form=form)
