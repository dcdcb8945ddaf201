"""Comments: threaded discussion on ideas and projects, the edit window, flags and moderation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from qnet.core.errors import Conflict, Forbidden, NotFound
from qnet.core.permissions import author_of, is_coordinator, may_change_comment
from qnet.core.records import Member
from qnet.graph.knowledge.comments import Comment, CommentRepository, ModerationAction
from qnet.graph.knowledge.shared import utc_now
from qnet.matching.knowledge.ideas import IdeaService
from qnet.matching.markdown import render_markdown
from qnet.matching.messaging.activity import ActivityNotices

EDIT_WINDOW = timedelta(minutes=15)
FLAG_THRESHOLD = 3
MAX_BODY = 5000
MIN_BODY = 2
THREAD_LIMIT = 1000
FORMER_MEMBER = "former member"

# What a moderator may do, from which statuses, and where the comment ends up.
MODERATION = {
    "hide": (["visible"], "hidden"),
    "restore": (["hidden", "removed", "visible"], "visible"),  # a flagged visible one: "it is fine", flags resolved
    "remove": (["visible", "hidden"], "removed"),
}


def policy() -> dict[str, object]:
    """The published comments policy, with the numbers the code enforces."""
    return {
        "summary": "Comments are for constructive discussion that helps ideas and projects improve care.",
        "rules": [
            "Be respectful: criticise ideas, not people.",
            "Do not share information that could identify a patient, carer or member of staff.",
            "No harassment, discrimination, advertising or spam.",
            "Say when you write on behalf of an organisation; declare interests.",
            "Stay on the topic of the idea or project.",
        ],
        "length": {"min": MIN_BODY, "max": MAX_BODY},
        "edit_window_minutes": int(EDIT_WINDOW.total_seconds() // 60),
        "flag_threshold": FLAG_THRESHOLD,
        "moderation": (f"Any member may flag a comment with a reason. A comment with {FLAG_THRESHOLD} open flags "
                       "is hidden until a coordinator reviews it. Coordinators hide, restore or remove comments; "
                       "every moderation action is recorded with who took it and why."),
        "privacy": "Your email address is never shown with your comments. Comments of members who leave "
                   "stay, attributed to a former member.",
    }


@dataclass
class CommentView:
    """A comment as one viewer sees it: text hidden unless visible (or the viewer may moderate)."""

    id: str
    status: str
    author: dict[str, str | None]
    body: str | None
    body_html: str | None
    reply_to: str | None
    created_at: str
    edited_at: str | None
    open_flags: int | None
    replies: list[CommentView] = field(default_factory=list)


class CommentService:
    def __init__(self, comments: CommentRepository, ideas: IdeaService, project_exists: Callable[[str], None],
                 clock: Callable[[], datetime] = utc_now, edit_window: timedelta = EDIT_WINDOW,
                 flag_threshold: int = FLAG_THRESHOLD) -> None:
        self.comments = comments
        self.ideas = ideas
        self.project_exists = project_exists
        self.clock = clock
        self.edit_window = edit_window
        self.flag_threshold = flag_threshold
        self.notices: ActivityNotices | None = None  # who to tell about new comments (set by Knowledge)

    def _check_target(self, viewer: Member, kind: str, target_id: str) -> None:
        if kind == "idea":
            self.ideas.get(target_id, viewer)  # someone else's draft is a 404
        else:
            self.project_exists(target_id)

    def post(self, author: Member, kind: str, target_id: str, body: str, reply_to: str | None = None,
             now: datetime | None = None) -> CommentView:
        self._check_target(author, kind, target_id)
        comment_id = self.comments.create(kind, target_id, author.id, body.strip(), render_markdown(body.strip()),
                                          reply_to, now or self.clock())
        if self.notices:
            self.notices.comment_posted(author, comment_id, now)
        return self.view(self.comments.get(comment_id), author)

    def thread(self, viewer: Member, kind: str, target_id: str) -> list[CommentView]:
        """The discussion as a tree: top-level comments oldest first, each with its replies."""
        self._check_target(viewer, kind, target_id)
        views = {c.id: self.view(c, viewer) for c in self.comments.thread(kind, target_id, THREAD_LIMIT)}
        roots: list[CommentView] = []
        for view in views.values():
            parent = views.get(view.reply_to) if view.reply_to else None
            (parent.replies if parent else roots).append(view)
        return roots

    def _readable(self, viewer: Member, comment_id: str) -> Comment:
        """The comment, if the viewer may read where it was posted: a comment on someone else's draft
        does not exist for them (404), whatever they try to do with it."""
        comment = self.comments.get(comment_id)
        if comment.target_kind == "idea":
            try:
                self.ideas.get(comment.target_id, viewer)
            except NotFound as exc:
                raise NotFound("no comment with that id") from exc
        return comment

    def edit(self, member: Member, comment_id: str, body: str, now: datetime | None = None) -> CommentView:
        comment = self._readable(member, comment_id)
        now = now or self.clock()
        if not may_change_comment(member, author_of(comment)):
            raise Forbidden("members can edit only their own comments")
        if comment.status != "visible":
            raise Conflict(f"a {comment.status} comment cannot be edited")
        if now.timestamp() * 1000 - comment.created_ms > self.edit_window.total_seconds() * 1000:
            minutes = int(self.edit_window.total_seconds() // 60)
            raise Conflict(f"comments can be edited only within {minutes} minutes of posting")
        self.comments.edit(comment_id, body.strip(), render_markdown(body.strip()), now)
        return self.view(self.comments.get(comment_id), member)

    def delete(self, member: Member, comment_id: str, now: datetime | None = None) -> None:
        """Authors delete their own comment: its text goes, its place in the thread stays."""
        comment = self._readable(member, comment_id)
        if not may_change_comment(member, author_of(comment)):
            raise Forbidden("members can delete only their own comments")
        self.comments.set_status(comment_id, "deleted", action="delete", reason="deleted by its author",
                                 actor=member.id, at=now or self.clock(), expected=["visible", "hidden"], erase=True)

    def flag(self, member: Member, comment_id: str, reason: str, now: datetime | None = None) -> tuple[int, str]:
        comment = self._readable(member, comment_id)
        if comment.status in ("deleted", "removed"):
            raise Conflict(f"a {comment.status} comment cannot be flagged")
        return self.comments.flag(comment_id, member.id, reason.strip(), now or self.clock(), self.flag_threshold)

    def moderate(self, coordinator: Member, comment_id: str, action: str, reason: str,
                 now: datetime | None = None) -> CommentView:
        """Hide, restore or remove a comment; restoring resolves its open flags. Always recorded."""
        if not is_coordinator(coordinator):
            raise Forbidden("only coordinators moderate comments")
        expected, status = MODERATION[action]
        self.comments.get(comment_id)
        self.comments.set_status(comment_id, status, action=action, reason=reason.strip(), actor=coordinator.id,
                                 at=now or self.clock(), expected=expected, resolve_flags=action != "hide")
        return self.view(self.comments.get(comment_id), coordinator)

    def history(self, comment_id: str) -> list[ModerationAction]:
        self.comments.get(comment_id)
        return self.comments.history(comment_id)

    def queue(self, limit: int) -> list[tuple[CommentView, list[str]]]:
        out = []
        for comment in self.comments.queue(limit):
            reasons = [f["reason"] for f in self.comments.flags_of(comment.id) if f["status"] == "open"]
            out.append((self.view(comment, None), reasons))
        return out

    def posted_on(self, comment_ids: list[str]) -> dict[str, dict[str, str]]:
        """The idea or project each comment is on (kind, id, title), so a moderator can read it in place."""
        return self.comments.posted_on(comment_ids) if comment_ids else {}

    def view(self, comment: Comment, viewer: Member | None) -> CommentView:
        """Text is shown when the comment is visible, or to coordinators (viewer None: the queue)."""
        moderator = viewer is None or is_coordinator(viewer)
        shown = comment.status == "visible" or (moderator and comment.status in ("hidden", "removed"))
        author: dict[str, str | None] = {"id": None, "name": FORMER_MEMBER}
        if comment.author:
            author = {"id": comment.author.id, "name": comment.author.name}
        return CommentView(
            id=comment.id, status=comment.status, author=author,
            body=comment.body if shown else None, body_html=comment.body_html if shown else None,
            reply_to=comment.reply_to, created_at=comment.created_at, edited_at=comment.edited_at,
            open_flags=comment.open_flags if moderator else None,
        )

    def get(self, viewer: Member, comment_id: str) -> CommentView:
        return self.view(self._readable(viewer, comment_id), viewer)
