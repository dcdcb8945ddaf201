"""Accounts over the API: register, sign in and out, CSRF token, personal API tokens."""

from __future__ import annotations

from typing import Any

from flask import request, session
from flask_login import logout_user

from qnet.errors import Conflict
from qnet.graph.models import Member
from qnet.matching.accounts import hash_password
from qnet.matching.profiles import ProfileInput
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.auth import (
    CsrfSchema,
    LoginSchema,
    NewTokenSchema,
    RegisterSchema,
    SessionSchema,
    TokenCreateSchema,
    TokenListSchema,
)
from qnet.web.security import (
    CSRF_SESSION_KEY,
    csrf_token,
    current_member,
    member_required,
    start_session,
)
from qnet.web.services import services

bp = Blueprint("auth", __name__, url_prefix=f"{PREFIX}/auth", description="Accounts and API tokens")


def _start_session(member_id: str) -> dict[str, Any]:
    member = services().members.get(member_id)
    return {"member": member, "csrf_token": start_session(member)}


def register_member(data: dict[str, Any]) -> Member:
    """Create a member account from a loaded RegisterSchema body (the API and the sign-up page share it)."""
    email = data.pop("email").strip().lower()
    password = data.pop("password")
    if services().members.find_by_email(email) is not None:
        raise Conflict("a member with that email already exists", fields={"email": ["already registered"]})
    return services().profiles.register(email, ProfileInput.from_dict(data), password_hash=hash_password(password))


@bp.post("/register")
@bp.arguments(RegisterSchema)
@bp.response(201, SessionSchema)
def register(data: dict[str, Any]) -> dict[str, Any]:
    """Create a member account and sign in."""
    return _start_session(register_member(data).id)


@bp.post("/login")
@bp.arguments(LoginSchema)
@bp.response(200, SessionSchema)
def login(data: dict[str, Any]) -> dict[str, Any]:
    """Sign in with email and password; repeated failures are throttled."""
    member_id = services().accounts.authenticate(
        data["email"].strip().lower(), data["password"], client=request.remote_addr or ""
    )
    return _start_session(member_id)


@bp.post("/logout")
@bp.response(204)
def logout() -> None:
    """Sign out of this browser session."""
    logout_user()
    session.pop(CSRF_SESSION_KEY, None)


@bp.get("/csrf")
@bp.response(200, CsrfSchema)
def csrf() -> dict[str, str]:
    """The CSRF token to send as X-CSRF-Token with state-changing requests made with the session cookie."""
    return {"csrf_token": csrf_token()}


@bp.get("/tokens")
@bp.response(200, TokenListSchema)
@member_required
def list_tokens() -> dict[str, Any]:
    """My personal API tokens (never their secrets)."""
    return {"tokens": services().accounts.accounts.tokens(current_member().id)}


@bp.post("/tokens")
@bp.arguments(TokenCreateSchema)
@bp.response(201, NewTokenSchema)
@member_required
def create_token(data: dict[str, Any]) -> dict[str, Any]:
    """Create a personal API token for scripts: send it as `Authorization: Bearer <token>`."""
    token, secret = services().accounts.create_token(current_member().id, data["name"])
    return {**token.__dict__, "token": secret}


@bp.delete("/tokens/<token_id>")
@bp.response(204)
@member_required
def revoke_token(token_id: str) -> None:
    """Revoke one of my tokens; it stops working at once."""
    services().accounts.accounts.revoke_token(current_member().id, token_id)
