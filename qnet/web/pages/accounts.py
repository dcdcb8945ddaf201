"""Accounts as pages: sign up, sign in and out, set a password from an invitation, personal API tokens."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_login import logout_user
from werkzeug.wrappers import Response

from qnet.errors import QnetError, TooManyRequests, Unauthorised, Unavailable
from qnet.web.api.auth import register_member
from qnet.web.forms import Form, load, optional, text
from qnet.web.pages.common import done, local_path, viewer
from qnet.web.schemas.auth import LoginSchema, RegisterSchema, TokenCreateSchema, TokenSchema
from qnet.web.schemas.updates import InvitationAcceptSchema
from qnet.web.security import CSRF_SESSION_KEY, current_member, member_required, start_session
from qnet.web.services import services

bp = Blueprint("accounts", __name__)


def _next_page(default: str) -> str:
    return local_path(request.values.get("next")) or default


@bp.route("/sign-up", methods=["GET", "POST"])
def sign_up() -> Any:
    """Create an account with the essentials; skills and interests come next, on the profile page."""
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
                member_id = services().accounts.authenticate(data["email"].strip().lower(), data["password"],
                                                             client=request.remote_addr or "")
            except (Unauthorised, TooManyRequests) as error:
                form.refuse(error)
                status = error.status
                if isinstance(error, Unauthorised):
                    form.message = "The email or password is not right."
            else:
                destination = _next_page(url_for("pages.public.home"))
                start_session(services().members.get(member_id))
                return redirect(destination)
        return render_template("pages/accounts/sign_in.html", form=form, next=request.values.get("next")), status
    if viewer() is not None:
        return redirect(_next_page(url_for("pages.public.home")))
    return render_template("pages/accounts/sign_in.html", form=form, next=request.values.get("next"))


@bp.post("/sign-out")
def sign_out() -> Response:
    logout_user()
    session.pop(CSRF_SESSION_KEY, None)
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
                start_session(services().members.get(member_id))
                return done("Your password is set and you are signed in. Welcome to qnet: check the profile we "
                            "started from your application, then confirm it.", url_for("pages.profiles.edit"))
        return render_template("pages/accounts/invitation.html", form=form, token=token), 400
    return render_template("pages/accounts/invitation.html", form=form, token=token)


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
    listed = TokenSchema(many=True).dump(services().accounts.accounts.tokens(me.id))
    return render_template("pages/accounts/tokens.html", form=form, tokens=listed, secret=secret), \
        400 if form.errors else 200


@bp.post("/account/tokens/<token_id>/revoke")
@member_required
def revoke_token(token_id: str) -> Response:
    services().accounts.accounts.revoke_token(current_member().id, token_id)
    return done("The token was revoked; it no longer works.", url_for(".tokens"))
