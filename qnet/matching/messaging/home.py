"""The signed-in home: what is new for me, gathered from notifications, my work and my introductions.

Each part is one small function so that a part can change its source without touching the rest
(unread messages are the conversations with unread messages, from the messaging service).
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet.core.records import Member, Notification
from qnet.graph.messaging.activity import ActivityRepository, Introduction
from qnet.matching.messaging.messages import ConversationView, MessagingService
from qnet.matching.messaging.notifications import Notifier
from qnet.matching.people.collaborators import Collaborators, WorkSuggestion

SHOWN = 5
ACTIVITY_KINDS = ["comment_on_mine", "reply", "connection_requested", "connection_accepted",
                              "pairing_introduction", "idea_status", "round_voting", "member_nearby"]


@dataclass(frozen=True)
class HomeView:
    unread: int
    unread_messages: list[ConversationView]
    notifications: list[Notification]
    followed: list[Notification]
    work: list[WorkSuggestion]
    introductions: list[Introduction]


class MemberHome:
    def __init__(self, notifier: Notifier, collaborators: Collaborators, activity: ActivityRepository,
                 messages: MessagingService) -> None:
        self.notifier = notifier
        self.collaborators = collaborators
        self.activity = activity
        self.messages = messages

    def unread_messages(self, member: Member) -> list[ConversationView]:
        """My conversations with unread messages, most recent first (among my 50 latest conversations)."""
        latest = self.messages.conversations(member.id, 50, None).items
        return [c for c in latest if c.unread][:SHOWN]

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
