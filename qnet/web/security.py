"""Who is asking: browser sessions (flask-login), personal API tokens, roles, and CSRF protection.

A browser session is a record on the server (qnet.matching.membership.sessions): the signed cookie holds only
its random id, so signing out, "sign out everywhere" and a password change end it wherever the
cookie was copied. A request with `Authorization: Bearer` is authenticated by that token alone (the
cookie is ignored), and only such a request, with a valid token, skips CSRF: a state-changing
request authenticated by the session cookie must carry the session's CSRF token (header
X-CSRF-Token for the API, hidden field csrf_token for forms).
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, g, request, session
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user

from qnet.core.errors import Forbidden, NotFound, Unauthorised
from qnet.core.permissions import has_role
from qnet.core.records import Member
from qnet.web.services import services

F = TypeVar("F", bound=Callable[..., Any])
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CSRF_SESSION_KEY = "csrf_token"
# Links that carry their own signed token and act without a session (a mail client's one-click
# unsubscribe sends no CSRF token, RFC 8058); a forged request could only do what the token allows.
CSRF_EXEMPT_ENDPOINTS = frozenset({"pages.notifications.unsubscribe"})


class SignedInMember(UserMixin):  # type: ignore[misc]
    """The member behind the current request, as flask-login sees them."""

    def __init__(self, member: Member, via_token: bool = False, session_id: str | None = None) -> None:
        self.member = member
        self.via_token = via_token
        self.session_id = session_id

    def get_id(self) -> str:
        """What flask-login keeps in the cookie: the server-side session's id, never the member's."""
        return self.session_id or self.member.id

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
    def load_user(session_id: str) -> SignedInMember | None:
        if _bearer(request) is not None:
            return None  # the token alone speaks for this request (load_from_token)
        member = services().sessions.member(session_id)
        if member is None:
            return None  # signed out, ended elsewhere, or expired: the cookie is worth nothing now
        return SignedInMember(member, session_id=session_id)

    @manager.request_loader
    def load_from_token(req: Any) -> SignedInMember | None:
        secret = _bearer(req)
        if secret is None:
            return None
        member_id = services().accounts.member_for_token(secret)
        if member_id is None:
            g.bad_token = True
            return None
        try:
            return SignedInMember(services().profiles.get(member_id), via_token=True)
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
        if _bearer(request) is not None and current_user.is_authenticated and current_user.via_token:
            return  # authenticated by a valid token alone: no cookie rides on this request
        if CSRF_SESSION_KEY not in session and not session.get("_user_id"):
            return  # no session to ride on (e.g. login, register)
        sent = request.headers.get("X-CSRF-Token") or request.form.get("csrf_token") or ""
        expected = session.get(CSRF_SESSION_KEY, "")
        if not expected or not hmac.compare_digest(sent, expected):
            raise Forbidden("missing or wrong CSRF token (send the X-CSRF-Token header)")


def _bearer(req: Any) -> str | None:
    """The token of an `Authorization: Bearer` header, or None when there is no such header."""
    header = req.headers.get("Authorization", "")
    return header[7:].strip() if header.lower().startswith("bearer ") else None


def start_session(member: Member) -> str:
    """Sign a member in on a fresh server-side session (defeats session fixation); returns its CSRF token."""
    session.clear()
    login_user(SignedInMember(member, session_id=services().sessions.start(member.id)))
    return csrf_token()


def current_session_id() -> str | None:
    """The id of the browser session behind this request (None for a token or no session)."""
    user = current_user
    return user.session_id if user.is_authenticated and not user.via_token else None


def end_session() -> None:
    """Sign out: the server forgets this session, so a saved copy of the cookie no longer works."""
    session_id = current_session_id()
    if session_id:
        services().sessions.end(session_id)
    logout_user()
    session.pop(CSRF_SESSION_KEY, None)


def end_sessions_everywhere(member: Member) -> int:
    """Sign out everywhere: every browser session of the member ends, this one included."""
    ended = services().sessions.end_all(member.id)
    logout_user()
    session.pop(CSRF_SESSION_KEY, None)
    return ended


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
            if not has_role(member, roles):
                raise Forbidden("this needs a coordinator or admin account")
            return view(*args, **kwargs)

        return wrapped  # type: ignore[return-value]

    return decorate
