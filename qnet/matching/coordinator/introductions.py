"""Telling members about their pairing introductions: each member of a pair (or trio) hears who they
were introduced to and why, with a link to the conversation the round opened between them."""

from __future__ import annotations

from qnet.graph.coordinator.pairing import PairingRepository, PairingRound
from qnet.matching.messaging.notifications import Notifier


class Introductions:
    def __init__(self, pairings: PairingRepository, notifier: Notifier) -> None:
        self.pairings = pairings
        self.notifier = notifier

    def tell(self, round_: PairingRound) -> int:
        """Notify every member the round paired; returns how many were told.

        One write per member: each hears different names, and a round is a monthly event.
        """
        told = 0
        for pairing in self.pairings.pairings(round_.id):
            for member in pairing.members:
                others = [m for m in pairing.members if m.id != member.id]
                names = " and ".join(m.name for m in others)
                told += self.notifier.notify(
                    [member.id], "pairing_introduction", None,
                    f"Pairing round {round_.number} introduces you to {names}. {pairing.reason}",
                    link=f"/messages/{others[0].id}", subject_id=pairing.id)
        return told
