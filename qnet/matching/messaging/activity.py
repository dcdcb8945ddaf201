"""The activity that notifies people, and the words it uses: every sentence members read is here.

Comments tell the comment's parent author (a reply), the owners of what was commented on (the idea's
author, the project's team) and then its followers, each member once, in that order of precedence.
Idea status changes tell the author and the followers; funded ideas and progress updates likewise.
Rounds that open for voting tell every member once. The actor is never told.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from qnet.core.dates import uk_date_time
from qnet.core.records import Member
from qnet.graph.messaging.activity import ActivityRepository, CloseMember, NewMember
from qnet.matching.messaging.notifications import Notifier

log = logging.getLogger(__name__)

STATUS_WORDS = {"open": "open", "shortlisted": "shortlisted", "in_progress": "in progress",
                "completed": "completed", "archived": "archived"}
TOLD_AUTHOR = {"shortlisted": "Your idea “{title}” has been shortlisted",
               "in_progress": "Your idea “{title}” is now in progress",
               "completed": "Your idea “{title}” is marked completed"}


NEARBY_K = 10  # members told about one new member, at most
NEARBY_MIN_COSINE = 0.55  # how close in meaning a profile must be to count as "close to your interests"


def _nearby_text(new: NewMember, close: CloseMember) -> str:
    who = f"{new.name}, {_article(new.role)} {new.role}," if new.role else new.name
    if close.interests:
        why = f"shares your interest in {', '.join(close.interests[:3])}"
    elif close.skills:
        why = f"shares your skills in {', '.join(close.skills[:3])}"
    else:
        why = "works on things close to your profile"
    return f"{who} joined qnet and {why}"


def _article(word: str) -> str:
    return "an" if word[:1].lower() in "aeiou" else "a"


def _link(kind: str, target_id: str, comment_id: str | None = None) -> str:
    path = f"/{'ideas' if kind == 'idea' else 'projects'}/{target_id}"
    return f"{path}#comment-{comment_id}" if comment_id else path


class ActivityNotices:
    def __init__(self, notifier: Notifier, activity: ActivityRepository) -> None:
        self.notifier = notifier
        self.activity = activity

    def _safely(self, what: str, action: Callable[[], None]) -> None:
        """A notification that cannot be stored must not undo what the member did (it is committed)."""
        try:
            action()
        except Exception:
            log.exception("could not notify about %s", what)

    def comment_posted(self, author: Member, comment_id: str, now: datetime | None = None) -> None:
        self._safely("a comment", lambda: self._comment_posted(author, comment_id, now))

    def _comment_posted(self, author: Member, comment_id: str, now: datetime | None) -> None:
        ctx = self.activity.comment(comment_id)
        if ctx is None:
            return
        link = _link(ctx.target_kind, ctx.target_id, comment_id)
        told = {author.id}
        if ctx.parent_author and ctx.parent_author not in told:
            self.notifier.notify([ctx.parent_author], "reply", author.id,
                                 f"{author.name} replied to your comment on “{ctx.title}”", link, ctx.target_id, now)
            told.add(ctx.parent_author)
        owners = [o for o in ctx.owners if o not in told]
        if owners:
            self.notifier.notify(owners, "comment_on_mine", author.id,
                                 f"{author.name} commented on your {ctx.target_kind} “{ctx.title}”", link,
                                 ctx.target_id, now)
            told.update(owners)
        self.notifier.notify_followers(ctx.target_kind, ctx.target_id, "followed_activity", author.id,
                                       f"{author.name} commented on “{ctx.title}”, which you follow", link,
                                       ctx.target_id, exclude=told, now=now)

    def idea_status_changed(self, actor: Member, idea_id: str, status: str, now: datetime | None = None) -> None:
        self._safely("an idea's status", lambda: self._idea_status(actor, idea_id, status, now))

    def _idea_status(self, actor: Member, idea_id: str, status: str, now: datetime | None) -> None:
        found = self.activity.idea_owner(idea_id)
        if found is None or status not in STATUS_WORDS:
            return
        title, authors = found
        link = _link("idea", idea_id)
        if status in TOLD_AUTHOR:
            self.notifier.notify(authors, "idea_status", actor.id, TOLD_AUTHOR[status].format(title=title), link,
                                 idea_id, now)
        self.notifier.notify_followers("idea", idea_id, "followed_activity", actor.id,
                                       f"“{title}”, which you follow, is now {STATUS_WORDS[status]}", link, idea_id,
                                       exclude=authors, now=now)

    def ideas_funded(self, actor: Member, idea_ids: list[str], round_name: str, now: datetime | None = None) -> None:
        for idea_id in idea_ids:
            self._safely("a funded idea", partial(self._funded, actor, idea_id, round_name, now))

    def _funded(self, actor: Member, idea_id: str, round_name: str, now: datetime | None) -> None:
        found = self.activity.idea_owner(idea_id)
        if found is None:
            return
        title, authors = found
        link = _link("idea", idea_id)
        self.notifier.notify(authors, "idea_status", actor.id,
                             f"Your idea “{title}” has been funded in the round “{round_name}”", link, idea_id, now)
        self.notifier.notify_followers("idea", idea_id, "followed_activity", actor.id,
                                       f"“{title}”, which you follow, has been funded", link, idea_id,
                                       exclude=authors, now=now)

    def progress_update(self, actor: Member, idea_id: str, now: datetime | None = None) -> None:
        def tell() -> None:
            found = self.activity.idea_owner(idea_id)
            if found is not None:
                self.notifier.notify_followers("idea", idea_id, "followed_activity", actor.id,
                                               f"{actor.name} posted a progress update on “{found[0]}”, which you "
                                               "follow", _link("idea", idea_id), idea_id, now=now)

        self._safely("a progress update", tell)

    def introduce_new_members(self, since: datetime, until: datetime) -> int:
        """Tell members about people who joined in the window and are close to their interests (by
        meaning), at most once a week each; returns how many were told."""
        told = 0
        week_ago_ms = int((until - timedelta(days=7)).timestamp() * 1000)
        for new in self.activity.new_members(since, until):
            for close in self.activity.close_to(new.id, NEARBY_K, NEARBY_MIN_COSINE, week_ago_ms):
                told += self.notifier.notify([close.id], "member_nearby", new.id, _nearby_text(new, close),
                                             f"/members/{new.id}", new.id, until)
        return told

    def announce_voting(self, now: datetime) -> int:
        """Tell every member about each round whose voting has begun (once per round); returns how many."""
        rounds = self.activity.claim_rounds_voting(int(now.timestamp() * 1000))
        for round_ in rounds:
            self.notifier.notify_everyone("round_voting", None,
                                          f"Voting is open in the idea round “{round_.name}” until "
                                          f"{uk_date_time(round_.closes)}", f"/rounds/{round_.id}", round_.id, now)
        return len(rounds)
