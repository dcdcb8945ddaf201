"""Accounts over the API: register (when sign-up is open), sign in and out (here or everywhere),
change the password, CSRF token, personal API tokens."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from qnet.core.records import Member
from qnet.matching.people.profiles import ProfileInput
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.membership.auth import (
    CsrfSchema,
    LoginSchema,
    NewTokenSchema,
    PasswordChangeSchema,
    RegisterSchema,
    SessionSchema,
    TokenCreateSchema,
    TokenListSchema,
)
from qnet.web.security import (
    csrf_token,
    current_member,
    end_session,
    end_sessions_everywhere,
    start_session,
)
from qnet.web.services import services
from qnet.web.signin import change_password, check_password, remember_device

F = TypeVar("F", bound=Callable[..., Any])
bp = Blueprint("auth", __name__, url_prefix=f"{PREFIX}/auth", description="Accounts and API tokens")


def _start_session(member_id: str) -> dict[str, Any]:
    member = services().profiles.get(member_id)
    return {"member": member, "csrf_token": start_session(member)}


def register_member(data: dict[str, Any]) -> Member:
    """Create a member account from a loaded RegisterSchema body (the API and the sign-up page share it);
    qnet.matching.membership.registration decides whether self sign-up is allowed at all."""
    email, password = data.pop("email"), data.pop("password")
    return services().registration.register(email, ProfileInput.from_dict(data), password)


def _while_sign_up_is_open(view: F) -> F:
    """Refuse before the body is read: a closed sign-up is 403 whatever was sent."""

    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        services().registration.ensure_open()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


@bp.post("/register")
@_while_sign_up_is_open
@bp.arguments(RegisterSchema)
@bp.response(201, SessionSchema)
@bp.alt_response(403, response="FORBIDDEN")
@bp.alt_response(409, response="CONFLICT")
def register(data: dict[str, Any]) -> dict[str, Any]:
    """Create a member account and sign in, only where open sign-up is switched on (QNET_OPEN_SIGNUP).

    Membership is by application, so by default this is 403 with code `sign_up_closed`: accounts
    come from accepted applications (the invitation link) or an operator. 409 when the email is
    already a member's or has an application in progress."""
    member = register_member(data)
    remember_device(member.email)
    return _start_session(member.id)


@bp.operation("POST", "/login", body=LoginSchema, gives=SessionSchema, who=None)
def login(data: dict[str, Any]) -> dict[str, Any]:
    """Sign in with email and password. Repeated failures are throttled (429): a client that signed in
    to the account before keeps its own allowance (its device cookie), so others cannot lock it out."""
    return _start_session(check_password(data["email"], data["password"]))


@bp.operation("POST", "/logout", status=204, who=None)
def logout() -> None:
    """Sign out of this browser session; the server forgets it, so a saved cookie no longer works."""
    end_session()


@bp.operation("POST", "/logout-everywhere", status=204)
def logout_everywhere() -> None:
    """Sign out of every browser session of my account, this one included (API tokens stay: revoke
    them one by one)."""
    end_sessions_everywhere(current_member())


@bp.operation("POST", "/password", body=PasswordChangeSchema, status=204)
def set_password(data: dict[str, str]) -> None:
    """Change my password (send the current one too); all my other browser sessions end."""
    change_password(current_member(), data["current_password"], data["new_password"])


@bp.operation("GET", "/csrf", gives=CsrfSchema, who=None)
def csrf() -> dict[str, str]:
    """The CSRF token to send as X-CSRF-Token with state-changing requests made with the session cookie."""
    return {"csrf_token": csrf_token()}


@bp.operation("GET", "/tokens", gives=TokenListSchema)
def list_tokens() -> dict[str, Any]:
    """My personal API tokens (never their secrets)."""
    return {"tokens": services().accounts.tokens(current_member().id)}


@bp.operation("POST", "/tokens", body=TokenCreateSchema, gives=NewTokenSchema, status=201)
def create_token(data: dict[str, Any]) -> dict[str, Any]:
    """Create a personal API token for scripts: send it as `Authorization: Bearer <token>`."""
    token, secret = services().accounts.create_token(current_member().id, data["name"])
    return {**token.__dict__, "token": secret}


@bp.operation("DELETE", "/tokens/<token_id>", status=204)
def revoke_token(token_id: str) -> None:
    """Revoke one of my tokens; it stops working at once."""
    services().accounts.revoke_token(current_member().id, token_id)
