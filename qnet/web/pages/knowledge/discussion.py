"""Comments on the idea and project pages: post or reply, flag, and edit (within the edit window) or
delete my own. The CommentService decides who may do what; replies to a deleted comment stay in the
thread, as in the API. Each action is one view, routed under ideas and projects alike (`kind` says
which); a form with a mistake shows its page again, as the page's module registered it
(`shows_discussion`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from flask import Blueprint, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.core.errors import Conflict, Forbidden
from qnet.core.permissions import may_change_comment
from qnet.core.records import Member
from qnet.web.forms import Form, load, optional, text
from qnet.web.pages.common import done, dump
from qnet.web.schemas.knowledge.comments import (
    CommentEditSchema,
    CommentSchema,
    CommentWriteSchema,
    FlagSchema,
)
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("discussion", __name__)
KINDS = {"idea": "/ideas/<target_id>", "project": "/projects/<target_id>"}
# The page that shows each kind's discussion: page(target_id, comment_form=..., flag_form=..., status=...).
_PAGES: dict[str, Callable[..., tuple[str, int]]] = {}
Page = TypeVar("Page", bound=Callable[..., tuple[str, int]])


def shows_discussion(kind: str) -> Callable[[Page], Page]:
    """Register the page (ideas.py's idea page, work.py's project page) that shows `kind`'s discussion."""

    def register(page: Page) -> Page:
        _PAGES[kind] = page
        return page

    return register


def _routed(action: str, **options: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Route one comment view under every kind: /ideas/<target_id>/comments... and /projects/<target_id>/comments..."""

    def route(view: Callable[..., Any]) -> Callable[..., Any]:
        for kind, prefix in KINDS.items():
            bp.add_url_rule(prefix + action, view_func=view, defaults={"kind": kind}, **options)
        return view

    return route


def editable_ids(comments: Iterable[dict[str, Any]], me: Member, now: datetime | None = None) -> set[str]:
    """My visible comments still inside the edit window (whose Edit link the page shows); the service
    checks the window again when the edit is sent."""
    window, now = services().knowledge.comments.edit_window, now or datetime.now(UTC)
    found: set[str] = set()
    for c in comments:
        if may_change_comment(me, c["author"].get("id")) and c["status"] == "visible" \
                and datetime.fromisoformat(c["created_at"]) + window > now:
            found.add(c["id"])
        found |= editable_ids(c.get("replies") or [], me, now)
    return found


def _url(kind: str, target_id: str) -> str:
    """The page of the idea or project a discussion is on."""
    if kind == "idea":
        return url_for("pages.ideas.show", idea_id=target_id)
    return url_for("pages.work.project", project_id=target_id)


def _target(kind: str, target_id: str, me: Member) -> dict[str, str]:
    """What the comment is on: its title and page (an idea the viewer cannot see is a 404)."""
    knowledge = services().knowledge
    title = knowledge.ideas.get(target_id, me).title if kind == "idea" else knowledge.projects.get(target_id).title
    return {"kind": kind, "id": target_id, "title": title, "url": _url(kind, target_id)}


@_routed("/comments", methods=["POST"])
@member_required
def comment(kind: str, target_id: str) -> Any:
    """Comment on an idea or project, or reply to a comment (reply_to); a mistake comes back beside
    the box, on the page again, with the text kept."""
    raw = {"body": request.form.get("body", ""), "reply_to": optional(request.form, "reply_to")}
    form = load(CommentWriteSchema(), raw, raw)
    if not form.ok:
        return _PAGES[kind](target_id, comment_form=form, status=400)
    data = form.data or {}
    posted = services().knowledge.comments.post(current_member(), kind, target_id, data["body"], data["reply_to"])
    return done("Your comment is posted.", _url(kind, target_id) + f"#comment-{dump(CommentSchema(), posted)['id']}")


@_routed("/comments/<comment_id>/flag", methods=["POST"])
@member_required
def flag(kind: str, target_id: str, comment_id: str) -> Any:
    """Flag a comment with a reason; enough flags hide it until a coordinator has looked."""
    raw = {"reason": text(request.form, "reason")}
    form = load(FlagSchema(), raw, {**raw, "comment_id": comment_id})
    if not form.ok:
        return _PAGES[kind](target_id, flag_form=form, status=400)
    _, status = services().knowledge.comments.flag(current_member(), comment_id, (form.data or {})["reason"])
    message = ("Thank you. The comment is hidden until a coordinator reviews it." if status == "hidden"
               else "Thank you. A coordinator will review the comment.")
    return done(message, _url(kind, target_id) + f"#comment-{comment_id}")


@_routed("/comments/<comment_id>/edit", methods=["GET", "POST"])
@member_required
def edit(kind: str, target_id: str, comment_id: str) -> Any:
    """Show my comment in an edit box, or save it with the API's schema; a refusal keeps the text."""
    me, comments = current_member(), services().knowledge.comments
    target = _target(kind, target_id, me)
    comment = dump(CommentSchema(), comments.get(me, comment_id))
    if not may_change_comment(me, comment["author"].get("id")):
        raise Forbidden("members can edit only their own comments")
    status, can_edit = 200, comment["id"] in editable_ids([comment], me)
    if request.method == "GET":
        form = Form(values={"body": comment["body"] or ""})
        if not can_edit:
            minutes = int(comments.edit_window.total_seconds() // 60)
            form.message = f"comments can be edited only within {minutes} minutes of posting, while visible"
    else:
        raw = {"body": request.form.get("body", "")}
        form, status = load(CommentEditSchema(), raw, raw), 400
        if form.ok:
            try:
                comments.edit(me, comment_id, (form.data or {})["body"])
            except Conflict as error:  # the edit window closed, or the comment was hidden meanwhile
                form.refuse(error)
                status = error.status
            else:
                return done("Your comment is saved.", f"{target['url']}#comment-{comment_id}")
    return render_template("pages/discussion/edit_comment.html", target=target, comment=comment, form=form,
                           can_edit=can_edit or request.method == "POST"), status


@_routed("/comments/<comment_id>/delete", methods=["POST"])
@member_required
def delete(kind: str, target_id: str, comment_id: str) -> Response:
    """Delete my comment: its text goes, its replies stay (others are refused, 403)."""
    me = current_member()
    target = _target(kind, target_id, me)
    services().knowledge.comments.delete(me, comment_id)
    return done("Your comment is deleted. Replies to it stay in the discussion.",
                f"{target['url']}#comment-{comment_id}")
