"""Passwords over HTTP, one way for the API and the pages: device cookies, throttling, password changes.

A client that signs in successfully is given a device cookie for that account (qnet.matching.membership.devices);
its later attempts spend only its own allowance of failures, so guessing from elsewhere never locks
the owner out.
"""

from __future__ import annotations

from flask import Response, after_this_request, request

from qnet.core.records import Member
from qnet.matching.membership.devices import DEVICE_COOKIE, DEVICE_COOKIE_LIFETIME
from qnet.web.security import current_session_id
from qnet.web.services import services


def _device_nonce(email: str) -> str | None:
    return services().devices.nonce_for(request.cookies.get(DEVICE_COOKIE), email)


def remember_device(email: str) -> None:
    """Give this client (a fresh nonce in) its device cookie for the account, on the response."""
    value = services().devices.remember(request.cookies.get(DEVICE_COOKIE), email)

    @after_this_request
    def set_device_cookie(response: Response) -> Response:
        response.set_cookie(DEVICE_COOKIE, value, max_age=int(DEVICE_COOKIE_LIFETIME.total_seconds()),
                            httponly=True, samesite="Lax", secure=services().settings.secure_cookies)
        return response


def check_password(email: str, password: str) -> str:
    """The member id for a right email and password (401 if wrong, 429 once this client's allowance
    is spent); success remembers this client as one of the account's devices."""
    email = email.strip().lower()
    member_id = services().accounts.authenticate(email, password, client=request.remote_addr or "",
                                                 device=_device_nonce(email))
    remember_device(email)
    return member_id


def change_password(member: Member, current: str, new: str) -> int:
    """Set a new password after checking the current one; every other session of the member ends
    (this one stays signed in). Returns how many sessions ended."""
    services().accounts.change_password(member.email, current, new, client=request.remote_addr or "",
                                        device=_device_nonce(member.email))
    return services().sessions.end_all(member.id, keep=current_session_id())
