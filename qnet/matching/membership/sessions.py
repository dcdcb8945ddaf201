"""Browser sessions that the server can end: sign-out, "sign out everywhere", and a password change.

The signed session cookie holds only a random session id. The graph keeps the id's digest, so a
session lives exactly as long as its record: deleting the record ends it, wherever the cookie is.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from qnet.core.records import Member
from qnet.graph.membership.sessions import SessionRepository

SESSION_LIFETIME = timedelta(days=14)  # the longest a session lasts, however active


def session_digest(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8")).hexdigest()


class SessionService:
    def __init__(self, sessions: SessionRepository, lifetime: timedelta = SESSION_LIFETIME) -> None:
        self.sessions = sessions
        self.lifetime = lifetime

    def start(self, member_id: str) -> str:
        """A new session for the member; returns its id (for the cookie; never stored as such)."""
        session_id = secrets.token_urlsafe(32)
        self.sessions.start(member_id, session_digest(session_id), datetime.now(UTC) + self.lifetime)
        return session_id

    def member(self, session_id: str) -> Member | None:
        """Whose session this is, or None once it has ended or expired."""
        return self.sessions.member(session_digest(session_id))

    def end(self, session_id: str) -> None:
        self.sessions.end(session_digest(session_id))

    def end_all(self, member_id: str, keep: str | None = None) -> int:
        """End all of a member's sessions, except `keep` (the one asking, after a password change)."""
        return self.sessions.end_all(member_id, session_digest(keep) if keep else None)

    def count(self, member_id: str) -> int:
        return self.sessions.count(member_id)
