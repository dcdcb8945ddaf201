"""Who is asking: browser sessions (flask-login), personal API tokens, roles, and CSRF protection.

A state-changing request authenticated by the session cookie must carry the session's CSRF token
(header X-CSRF-Token for the API, hidden field csrf_token for forms). Bearer-token requests carry
no cookie, so a forged cross-site request cannot use them and they need no CSRF token.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, g, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user

from qnet.errors import Forbidden, NotFound, Unauthorised
from qnet.graph.models import Member
from qnet.web.services import services

F = TypeVar("F", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_SESSION_KEY = "csrf_token"
# Links that carry their own signed token and act without a session (a mail client's one-click
# unsubscribe sends no CSRF token, RFC 8058); a forged request could only do what the token allows.
CSRF_EXEMPT_ENDPOINTS = frozenset({"pages.notifications.unsubscribe"})


class SignedInMember(UserMixin):  # type: ignore[misc]
    """The member behind the current request, as flask-login sees them."""

    def __init__(self, member: Member, via_token: bool = False) -> None:
        self.member = member
        self.via_token = via_token

    def get_id(self) -> str:
        return self.member.id

    @property
    def role(self) -> str:
        return self.member.account_role


def csrf_token() -> str:
    token = session.get(CSRF_SESSION_KEY)
    if not token:
        token = secrets.token_urlsafe(32)
        session[CSRF_SESSION_KEY] = token
    return str(token)


def init_app(app: Flask) -> None:
    manager = LoginManager()
    manager.session_protection = "basic"

    @manager.user_loader
    def load_user(member_id: str) -> SignedInMember | None:
        try:
            return SignedInMember(services().members.get(member_id))
        except NotFound:
            return None

    @manager.request_loader
    def load_from_token(req: Any) -> SignedInMember | None:
        header = req.headers.get("Authorization", "")
        if not header.lower().startswith("bearer "):
            return None
        member_id = services().accounts.member_for_token(header[7:].strip())
        if member_id is None:
            g.bad_token = True
            return None
        try:
            return SignedInMember(services().members.get(member_id), via_token=True)
        except NotFound:
            return None

    @manager.unauthorized_handler
    def unauthorised() -> Any:
        raise Unauthorised("sign in first, or send a personal API token")

    manager.init_app(app)
    app.jinja_env.globals["csrf_token"] = csrf_token

    @app.before_request
    def check_csrf() -> None:
        if request.method in SAFE_METHODS or request.endpoint in (None, "static") \
                or request.endpoint in CSRF_EXEMPT_ENDPOINTS:
            return
        if request.headers.get("Authorization", "").lower().startswith("bearer "):
            return  # no cookie involved
        if CSRF_SESSION_KEY not in session and not session.get("_user_id"):
            return  # no session to ride on (e.g. login, register)
        sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
        expected = session.get(CSRF_SESSION_KEY, "")
        if not expected or not hmac.compare_digest(sent, expected):
            raise Forbidden("missing or wrong CSRF token (send the X-CSRF-Token header)")


def start_session(member: Member) -> str:
    """Sign a member in on a fresh session (defeats session fixation); returns its new CSRF token."""
    session.clear()
    login_user(SignedInMember(member))
    return csrf_token()


def current_member() -> Member:
    """The signed-in member, or 401."""
    if getattr(g, "bad_token", False) and not current_user.is_authenticated:
        raise Unauthorised("that API token is not valid (revoked or mistyped)")
    if not current_user.is_authenticated:
        raise Unauthorised("sign in first, or send a personal API token")
    return current_user.member  # type: ignore[no-any-return]


def member_required(view: F) -> F:
    @wraps(view)
    def wrapped(*args: Any, **kwargs: Any) -> Any:
        current_member()
        return view(*args, **kwargs)

    return wrapped  # type: ignore[return-value]


def role_required(*roles: str) -> Callable[[F], F]:
    """Allow only members whose account role is one of `roles` (admins always pass)."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            member = current_member()
            if member.account_role not in roles and member.account_role != "admin":
                raise Forbidden("this needs a coordinator or admin account")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
