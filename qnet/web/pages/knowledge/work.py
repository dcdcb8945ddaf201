"""Projects and special interest groups as pages: browse, a project (its discussion) or group, follow, join.
Starting a project or convening a group is in work_new.py."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.core.permissions import leads_project
from qnet.core.records import Member
from qnet.core.vocabulary import PROJECT_STATUSES
from qnet.web import listings
from qnet.web.forms import Form, load, text
from qnet.web.listings import listed_page
from qnet.web.pages.buttons import button
from qnet.web.pages.common import done, dump
from qnet.web.pages.knowledge.discussion import editable_ids, shows_discussion
from qnet.web.schemas.knowledge.comments import ThreadSchema
from qnet.web.schemas.knowledge.groups import GroupListArgsSchema, GroupPageSchema, GroupSchema
from qnet.web.schemas.knowledge.projects import (
    DecisionSchema,
    JoinRequestListSchema,
    JoinRequestSchema,
    JoinRequestWriteSchema,
    ProjectListArgsSchema,
    ProjectPageSchema,
    ProjectSchema,
)
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("work", __name__)


@bp.get("/projects")
@member_required
def projects() -> tuple[str, int]:
    form, listed = listed_page("projects", listings.projects, ProjectListArgsSchema(), ProjectPageSchema(),
                               ("status", "region", "method", "cursor"))
    return render_template("pages/work/projects.html", form=form, statuses=PROJECT_STATUSES, **listed), \
        200 if form.ok else 400


@shows_discussion("project")
def _project_page(project_id: str, join_form: Form | None = None, comment_form: Form | None = None,
                  flag_form: Form | None = None, status: int = 200) -> tuple[str, int]:
    me, projects = current_member(), services().knowledge.projects
    stored = projects.get(project_id)
    project = dump(ProjectSchema(), stored)
    thread = dump(ThreadSchema(), {"comments": services().knowledge.comments.thread(me, "project", project_id)})
    on_team = any(t["id"] == me.id for t in project["team"])
    pending = None if on_team else projects.my_pending_request(me, project_id)
    requests = None
    if leads_project(me, stored):
        requests = dump(JoinRequestListSchema(), {"requests": projects.join_requests(me, project_id, "pending")})
    return render_template("pages/work/project.html", project=project, comments=thread["comments"],
                           on_team=on_team, join_form=join_form or Form(), comment_form=comment_form or Form(),
                           flag_form=flag_form or Form(), editable=editable_ids(thread["comments"], me),
                           my_request=dump(JoinRequestSchema(), pending) if pending else None,
                           join_requests=requests["requests"] if requests else None), status


@bp.get("/projects/<project_id>")
@member_required
def project(project_id: str) -> tuple[str, int]:
    return _project_page(project_id)


@bp.post("/projects/<project_id>/join")
@member_required
def join_project(project_id: str) -> Any:
    """Ask the project's lead to join the team, with a message."""
    raw = {"message": text(request.form, "message")}
    form = load(JoinRequestWriteSchema(), raw, raw)
    if form.ok:
        services().knowledge.projects.request_to_join(current_member(), project_id, (form.data or {})["message"])
        return done("Your request has gone to the project's lead, who will accept or decline it.",
                    url_for(".project", project_id=project_id))
    return _project_page(project_id, join_form=form, status=400)


@bp.post("/projects/<project_id>/requests/<request_id>")
@member_required
def answer_join_request(project_id: str, request_id: str) -> Response:
    """The lead accepts (the member joins the team) or declines a request to join."""
    data = DecisionSchema().load({"decision": request.form.get("decision", "")})
    approve = data["decision"] == "approve"
    services().knowledge.projects.decide(current_member(), project_id, request_id, approve)
    said = "accepted: they are on the team now" if approve else "declined"
    return done(f"The request to join is {said}.", url_for(".project", project_id=project_id) + "#join-requests")


@button(bp, "/projects/<project_id>/follow", ".project", "You follow this project.")
def follow_project(me: Member, project_id: str) -> None:
    services().knowledge.ideas.follow(me, "project", project_id)


@bp.get("/groups")
@member_required
def groups() -> tuple[str, int]:
    form, listed = listed_page("groups", listings.groups, GroupListArgsSchema(), GroupPageSchema(), ("topic", "cursor"))
    return render_template("pages/work/groups.html", form=form, **listed), 200 if form.ok else 400


@bp.get("/groups/<group_id>")
@member_required
def group(group_id: str) -> str:
    me = current_member()
    found = dump(GroupSchema(), services().knowledge.groups.get(group_id))
    return render_template("pages/work/group.html", group=found,
                           in_group=any(m["id"] == me.id for m in found["members"]))


@button(bp, "/groups/<group_id>/join", ".group", "You have joined the group.")
def join_group(me: Member, group_id: str) -> None:
    services().knowledge.groups.join(me, group_id)


@button(bp, "/groups/<group_id>/leave", ".group", "You have left the group.")
def leave_group(me: Member, group_id: str) -> None:
    services().knowledge.groups.leave(me, group_id)
