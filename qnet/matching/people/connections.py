"""Connections as a service: the repository's rules, and the member on the other side is told.

A request (with its optional introduction) tells the member asked; an acceptance, or a request that
completes a connection because they had already asked, tells the other member.
"""

from __future__ import annotations

from typing import Any

from qnet.graph.people.connections import (
    Connection,
    ConnectionRepository,
    ConnectionRequest,
    RequestOutcome,
)
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.messaging.notifications import Notifier

PREVIEW = 140


def preview(text: str, limit: int = PREVIEW) -> str:
    """The start of a member's words for a notification, on one line."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


class ConnectionService:
    def __init__(self, connections: ConnectionRepository, members: MemberRepository, notifier: Notifier) -> None:
        self.repository = connections
        self.members = members
        self.notifier = notifier

    def request(self, me: str, other: str, message: str | None = None) -> RequestOutcome:
        """Ask `other` to connect, with an optional introduction they read before accepting."""
        outcome = self.repository.request(me, other, message)
        if outcome.connected:
            self._tell_connected(me, other)
        else:
            note = f": “{preview(message)}”" if message else ""
            self.notifier.notify([other], "connection_requested", me,
                                 f"{self.members.get(me).name} asks to connect with you{note}",
                                 link="/connections", subject_id=me)
        return outcome

    def accept(self, me: str, other: str) -> None:
        self.repository.accept(me, other)
        self._tell_connected(me, other)

    def decline(self, me: str, other: str) -> None:
        self.repository.decline(me, other)

    def withdraw(self, me: str, other: str) -> None:
        self.repository.withdraw(me, other)

    def remove(self, me: str, other: str) -> None:
        self.repository.remove(me, other)

    def connections(self, me: str) -> list[Connection]:
        return self.repository.connections(me)

    def requests(self, me: str) -> list[ConnectionRequest]:
        return self.repository.requests(me)

    def dismiss(self, me: str, other: str) -> None:
        self.repository.dismiss(me, other)

    def connect_many(self, pairs: list[dict[str, Any]]) -> int:
        return self.repository.connect_many(pairs)

    def _tell_connected(self, me: str, other: str) -> None:
        self.notifier.notify([other], "connection_accepted", me,
                             f"You and {self.members.get(me).name} are now connected",
                             link=f"/members/{me}", subject_id=me)
