"""The signed-in home: what is new for me, gathered from notifications, my work and my introductions.

Each part is one small function so that a part can change its source without touching the rest
(unread messages come from the "message" notifications that the messages service creates).
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet.graph.activity import ActivityRepository, Introduction
from qnet.graph.models import Member
from qnet.graph.notifications import Notification
from qnet.matching.collaborators import Collaborators, WorkSuggestion
from qnet.matching.notifications import Notifier

SHOWN = 5
ACTIVITY_KINDS = ["comment_on_mine", "reply", "connection_requested", "connection_accepted",
                              "pairing_introduction", "idea_status", "round_voting", "member_nearby"]


@dataclass(frozen=True)
class HomeView:
    unread: int
    unread_messages: list[Notification]
    notifications: list[Notification]
    followed: list[Notification]
    work: list[WorkSuggestion]
    introductions: list[Introduction]


class MemberHome:
    def __init__(self, notifier: Notifier, collaborators: Collaborators, activity: ActivityRepository) -> None:
        self.notifier = notifier
        self.collaborators = collaborators
        self.activity = activity

    def unread_messages(self, member: Member) -> list[Notification]:
        return self.notifier.page(member.id, SHOWN, unread_only=True, kinds=["message"]).notifications

    def view(self, member: Member) -> HomeView:
        unread = self.notifier.page(member.id, SHOWN, unread_only=True, kinds=ACTIVITY_KINDS)
        followed = self.notifier.page(member.id, SHOWN, kinds=["followed_activity"]).notifications
        return HomeView(
            unread=unread.unread,
            unread_messages=self.unread_messages(member),
            notifications=unread.notifications,
            followed=followed,
            work=self.collaborators.work_for(member, 4),
            introductions=self.activity.introductions(member.id, SHOWN),
        )
