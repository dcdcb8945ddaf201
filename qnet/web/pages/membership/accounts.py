"""Accounts as pages: sign up (when open), sign in and out, set a password from an invitation, the
account's security (password, signing out everywhere) and personal API tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.core.errors import QnetError, TooManyRequests, Unauthorised, Unavailable
from qnet.web.api.membership.auth import register_member
from qnet.web.forms import Form, load, optional, text
from qnet.web.pages.common import done, local_path, viewer
from qnet.web.schemas.membership.auth import (
    LoginSchema,
    PasswordChangeSchema,
    RegisterSchema,
    TokenCreateSchema,
    TokenSchema,
)
from qnet.web.schemas.membership.updates import InvitationAcceptSchema
from qnet.web.security import (
    current_member,
    end_session,
    end_sessions_everywhere,
    member_required,
    start_session,
)
from qnet.web.services import services
from qnet.web.signin import change_password, check_password, remember_device

bp = Blueprint("accounts", __name__)


def _next_page(default: str) -> str:
    return local_path(request.values.get("next")) or default


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up() -> Any:
    """Create an account with the essentials; skills and interests come next, on the profile page.
    Only where open sign-up is switched on: otherwise the page says how to apply (as a 404)."""
    if not services().registration.open_signup:
        return render_template("pages/accounts/sign_up_closed.html"), 404
    form = Form()
    if request.method == "POST":
        raw = {"name": text(request.form, "name"), "email": text(request.form, "email"),
               "password": request.form.get("password", ""), "role": text(request.form, "role"),
               "region": text(request.form, "region"), "organisation": optional(request.form, "organisation")}
        form = load(RegisterSchema(), raw, {k: v for k, v in raw.items() if k != "password"})
        if form.ok:
            try:
                member = register_member(dict(form.data or {}))
            except QnetError as error:
                if isinstance(error, Unavailable):
                    raise
                form.refuse(error)
            else:
                remember_device(member.email)
                start_session(member)
                return done("Welcome to qnet. Add your skills and interests so people can find you.",
                            url_for("pages.profiles.edit"))
    return render_template("pages/accounts/sign_up.html", form=form), 400 if form.errors or form.message else 200


@bp.route("/sign-in", methods=["GET", "POST"])
def sign_in() -> Any:
    """Sign in with email and password (repeated failures are throttled, as in the API)."""
    form = Form()
    if request.method == "POST":
        raw = {"email": text(request.form, "email"), "password": request.form.get("password", "")}
        form = load(LoginSchema(), raw, {"email": raw["email"]})
        status = 400
        if form.ok:
            data = form.data or {}
            try:
                member_id = check_password(data["email"], data["password"])
            except (Unauthorised, TooManyRequests) as error:
                form.refuse(error)
                status = error.status
                if isinstance(error, Unauthorised):
                    form.message = "The email or password is not right."
            else:
                destination = _next_page(url_for("pages.public.home"))
                start_session(services().profiles.get(member_id))
                return redirect(destination)
        return render_template("pages/accounts/sign_in.html", form=form, next=request.values.get("next")), status
    if viewer() is not None:
        return redirect(_next_page(url_for("pages.public.home")))
    return render_template("pages/accounts/sign_in.html", form=form, next=request.values.get("next"))


@bp.post("/sign-out")
def sign_out() -> Response:
    end_session()
    flash("You have signed out.", "success")
    return redirect(url_for("pages.public.home"))


@bp.route("/invitation/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Any:
    """An accepted applicant sets their password through the link in their invitation, then is signed in."""
    form = Form()
    if request.method == "POST":
        password = request.form.get("password", "")
        form = load(InvitationAcceptSchema(), {"password": password}, {})
        if password != request.form.get("confirm", ""):
            form.errors.setdefault("confirm", []).append("Enter the same password in both boxes")
        if form.ok:
            try:
                member_id = services().membership.decisions.accept_invitation(token, password, datetime.now(UTC))
            except QnetError as error:
                if isinstance(error, Unavailable):
                    raise
                form.refuse(error)
            else:
                member = services().profiles.get(member_id)
                remember_device(member.email)
                start_session(member)
                return done("Your password is set and you are signed in. Welcome to qnet: check the profile we "
                            "started from your application, then confirm it.", url_for("pages.profiles.edit"))
        return render_template("pages/accounts/invitation.html", form=form, token=token), 400
    return render_template("pages/accounts/invitation.html", form=form, token=token)


@bp.route("/account/security", methods=["GET", "POST"])
@member_required
def security() -> Any:
    """Change my password (my other sessions end) and see how many browser sessions are signed in."""
    me = current_member()
    form = Form()
    if request.method == "POST":
        raw = {"current_password": request.form.get("current_password", ""),
               "new_password": request.form.get("new_password", "")}
        form = load(PasswordChangeSchema(), raw, {})
        if raw["new_password"] != request.form.get("confirm", ""):
            form.errors.setdefault("confirm", []).append("the two new passwords are not the same")
        if form.ok:
            try:
                ended = change_password(me, raw["current_password"], raw["new_password"])
            except QnetError as error:
                if isinstance(error, Unavailable):
                    raise
                form.refuse(error)
            else:
                others = "" if not ended else (" You were signed out on the other browser." if ended == 1 else
                                               f" You were signed out on the {ended} other browsers.")
                return done("Your password is changed." + others, url_for(".security"))
    return render_template("pages/accounts/security.html", form=form, sessions=services().sessions.count(me.id)), \
        400 if form.errors or form.message else 200


@bp.post("/account/sign-out-everywhere")
@member_required
def sign_out_everywhere() -> Response:
    end_sessions_everywhere(current_member())
    flash("You have signed out everywhere, on this browser and any other.", "success")
    return redirect(url_for("pages.public.home"))


@bp.route("/account/tokens", methods=["GET", "POST"])
@member_required
def tokens() -> Any:
    """Personal API tokens for scripts: create one (its secret is shown once), see and revoke them."""
    me = current_member()
    form, secret = Form(), None
    if request.method == "POST":
        raw = {"name": text(request.form, "name")}
        form = load(TokenCreateSchema(), raw, raw)
        if form.ok:
            token, secret = services().accounts.create_token(me.id, (form.data or {})["name"])
            flash(f"Token “{token.name}” created. Copy it now: it is not shown again.", "success")
            form = Form()
    listed = TokenSchema(many=True).dump(services().accounts.tokens(me.id))
    return render_template("pages/accounts/tokens.html", form=form, tokens=listed, secret=secret), \
        400 if form.errors else 200


@bp.post("/account/tokens/<token_id>/revoke")
@member_required
def revoke_token(token_id: str) -> Response:
    services().accounts.revoke_token(current_member().id, token_id)
    return done("The token was revoked; it no longer works.", url_for(".tokens"))
