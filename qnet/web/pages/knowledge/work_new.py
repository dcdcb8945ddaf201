"""Starting a project (its creator becomes the lead) and convening a special interest group (its creator
becomes the convener), through the API's schemas and the same services."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from qnet.core.errors import Invalid, NotFound
from qnet.core.vocabulary import PROJECT_STATUSES
from qnet.matching.knowledge.groups import GroupInput
from qnet.matching.knowledge.projects import ProjectInput
from qnet.matching.people.skills import taxonomy
from qnet.web.forms import Form, load, optional, text, words_list
from qnet.web.pages.common import done, fold_item_errors
from qnet.web.schemas.knowledge.groups import GroupWriteSchema
from qnet.web.schemas.knowledge.projects import ProjectWriteSchema
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("work_new", __name__)

STATUS_NAMES = {"planning": "Planning", "active": "Active", "paused": "Paused", "completed": "Completed"}


def _project_page(form: Form, status: int = 200) -> tuple[str, int]:
    names = sorted(s.name for s in taxonomy().skills.values())
    statuses = [(s, STATUS_NAMES.get(s, s)) for s in PROJECT_STATUSES]
    return render_template("pages/work/new_project.html", form=form, skill_names=names,
                           statuses=statuses), status


@bp.get("/projects/new")
@member_required
def new_project() -> tuple[str, int]:
    return _project_page(Form(values={"status": "planning"}))


@bp.post("/projects/new")
@member_required
def create_project() -> Any:
    """Start a project with the API's ProjectWriteSchema; I become its lead."""
    raw: dict[str, Any] = {"title": text(request.form, "title"), "aim": text(request.form, "aim"),
                           "setting": text(request.form, "setting"),
                           "methods": words_list(request.form.get("methods", "")),
                           "region": optional(request.form, "region"), "status": text(request.form, "status")}
    form = fold_item_errors(load(ProjectWriteSchema(), raw, {**raw, "methods": request.form.get("methods", "")}),
                            "methods")
    if form.ok:
        try:
            project = services().knowledge.projects.create(current_member(), ProjectInput.from_dict(form.data or {}))
        except Invalid as error:
            form.refuse(error)
        else:
            return done("Your project is started and you are its lead.",
                        url_for("pages.work.project", project_id=project.id))
    return _project_page(form, 400)


@bp.get("/groups/new")
@member_required
def new_group() -> str:
    return render_template("pages/work/new_group.html", form=Form())


@bp.post("/groups/new")
@member_required
def convene_group() -> Any:
    """Convene a group around a learning question with the API's GroupWriteSchema; I am its convener."""
    raw: dict[str, Any] = {"name": text(request.form, "name"),
                           "learning_question": text(request.form, "learning_question"),
                           "topics": words_list(request.form.get("topics", "")),
                           "description": text(request.form, "description")}
    form = fold_item_errors(load(GroupWriteSchema(), raw, {**raw, "topics": request.form.get("topics", "")}),
                            "topics")
    if form.ok:
        try:
            group = services().knowledge.groups.convene(current_member(), GroupInput.from_dict(form.data or {}))
        except (Invalid, NotFound) as error:
            form.refuse(error)
        else:
            return done("Your group is convened and you are its convener.",
                        url_for("pages.work.group", group_id=group.id))
    return render_template("pages/work/new_group.html", form=form), 400
