"""Comments on ideas and projects: threads, edits, flags, moderation and the published policy."""

from __future__ import annotations

from typing import Any

from qnet.matching.knowledge.comments import CommentView, policy
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.knowledge.comments import (
    CommentEditSchema,
    CommentSchema,
    CommentWriteSchema,
    FlagResultSchema,
    FlagSchema,
    ModerationHistorySchema,
    ModerationQueueSchema,
    ModerationSchema,
    PolicySchema,
    QueueArgsSchema,
    ThreadSchema,
)
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("comments", __name__, url_prefix=PREFIX, description="Comments and their moderation")


@bp.operation("GET", "/comments/policy", gives=PolicySchema, who=None)
def comments_policy() -> dict[str, Any]:
    """The comments policy: what is welcome, length limits, the edit window and how moderation works."""
    return policy()


@bp.operation("GET", "/ideas/<idea_id>/comments", gives=ThreadSchema)
def idea_thread(idea_id: str) -> dict[str, Any]:
    """The discussion on an idea, threaded: each comment carries its replies."""
    return {"comments": services().knowledge.comments.thread(current_member(), "idea", idea_id)}


@bp.operation("POST", "/ideas/<idea_id>/comments", body=CommentWriteSchema, gives=CommentSchema, status=201)
def comment_on_idea(data: dict[str, Any], idea_id: str) -> CommentView:
    """Comment on an idea, or reply to one of its comments (reply_to)."""
    return services().knowledge.comments.post(current_member(), "idea", idea_id, data["body"], data["reply_to"])


@bp.operation("GET", "/projects/<project_id>/comments", gives=ThreadSchema)
def project_thread(project_id: str) -> dict[str, Any]:
    return {"comments": services().knowledge.comments.thread(current_member(), "project", project_id)}


@bp.operation("POST", "/projects/<project_id>/comments", body=CommentWriteSchema, gives=CommentSchema, status=201)
def comment_on_project(data: dict[str, Any], project_id: str) -> CommentView:
    return services().knowledge.comments.post(current_member(), "project", project_id, data["body"],
                                              data["reply_to"])


@bp.operation("GET", "/comments/moderation-queue", query=QueueArgsSchema, gives=ModerationQueueSchema,
              who=role_required("coordinator"))
def moderation_queue(args: dict[str, Any]) -> dict[str, Any]:
    """Coordinators: hidden comments and flagged ones, with the reasons members gave."""
    comments = services().knowledge.comments
    items = comments.queue(args["limit"])
    where = comments.posted_on([view.id for view, _ in items])
    return {"items": [{"comment": view, "flag_reasons": reasons, "posted_on": where.get(view.id)}
                      for view, reasons in items]}


@bp.operation("GET", "/comments/<comment_id>", gives=CommentSchema)
def get_comment(comment_id: str) -> CommentView:
    return services().knowledge.comments.get(current_member(), comment_id)


@bp.operation("PUT", "/comments/<comment_id>", body=CommentEditSchema, gives=CommentSchema)
def edit_comment(data: dict[str, Any], comment_id: str) -> CommentView:
    """Edit my comment, within the edit window after posting."""
    return services().knowledge.comments.edit(current_member(), comment_id, data["body"])


@bp.operation("DELETE", "/comments/<comment_id>", status=204)
def delete_comment(comment_id: str) -> None:
    """Delete my comment: its text goes; replies to it stay in the thread."""
    services().knowledge.comments.delete(current_member(), comment_id)


@bp.operation("POST", "/comments/<comment_id>/flags", body=FlagSchema, gives=FlagResultSchema)
def flag_comment(data: dict[str, Any], comment_id: str) -> dict[str, Any]:
    """Flag a comment with a reason; enough open flags hide it until a coordinator reviews it."""
    flags, status = services().knowledge.comments.flag(current_member(), comment_id, data["reason"])
    return {"open_flags": flags, "status": status}


@bp.operation("POST", "/comments/<comment_id>/moderation", body=ModerationSchema, gives=CommentSchema,
              who=role_required("coordinator"))
def moderate_comment(data: dict[str, Any], comment_id: str) -> CommentView:
    """Coordinators hide, restore or remove a comment, saying why; the action is recorded."""
    return services().knowledge.comments.moderate(current_member(), comment_id, data["action"], data["reason"])


@bp.operation("GET", "/comments/<comment_id>/moderation", gives=ModerationHistorySchema,
              who=role_required("coordinator"))
def moderation_history(comment_id: str) -> dict[str, Any]:
    """Every moderation action on a comment: what, who and why."""
    return {"actions": services().knowledge.comments.history(comment_id)}
