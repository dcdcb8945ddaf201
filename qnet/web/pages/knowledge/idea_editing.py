"""An idea's author edits it (title, summary, Markdown body, topics, region, linked project), moves
its status, or withdraws it: the API's schemas and the same IdeaService, so the API's rules apply."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Blueprint, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qnet.core.permissions import AUTHOR_STATUSES, may_edit_idea
from qnet.core.records import Member
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.web.forms import Form, load, optional, text, words_list
from qnet.web.pages.common import done, dump, fold_item_errors
from qnet.web.schemas.knowledge.ideas import IdeaSchema, IdeaStatusSchema, IdeaWriteSchema
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("idea_editing", __name__)

STATUS_NAMES = {"draft": "Draft (only you can see it)", "open": "Open", "in_progress": "In progress",
                "completed": "Completed", "archived": "Archived"}
AUTHOR_STATUS_CHOICES = [(s, name) for s, name in STATUS_NAMES.items() if s in AUTHOR_STATUSES]


def _editable_idea(idea_id: str, me: Member) -> dict[str, Any]:
    """The idea as the API shows it; anyone but its author (or an admin) is refused, as by the API."""
    idea = services().knowledge.ideas.get(idea_id, me)
    if not may_edit_idea(me, idea):
        raise Forbidden("members can edit only their own ideas")
    return dump(IdeaSchema(), idea)  # type: ignore[no-any-return]


def _project_choices(me: Member, linked: dict[str, Any] | None) -> list[tuple[str, str]]:
    """Projects an idea can be linked to from the page: those I am on the team of, and the current one."""
    mine = services().knowledge.projects.titles_of_member(me)
    if linked:
        mine.setdefault(linked["id"], linked["title"])
    return sorted(mine.items(), key=lambda kv: kv[1].lower())


def _edit_input(form: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The API's IdeaWriteSchema body (PUT replaces the whole idea) and the values to show again."""
    raw: dict[str, Any] = {"title": text(form, "title"), "summary": text(form, "summary"),
                           "topics": words_list(form.get("topics", "")), "body": form.get("body", ""),
                           "region": optional(form, "region"), "project_id": optional(form, "project_id")}
    return raw, {**raw, "topics": form.get("topics", "")}


def _saved(idea: dict[str, Any]) -> Form:
    values = {k: idea.get(k) or "" for k in ("title", "summary", "body", "region")}
    values.update(topics=", ".join(idea["topics"]), project_id=(idea.get("project") or {}).get("id", ""),
                  status=idea["status"])
    return Form(values=values)


def _edit_page(idea: dict[str, Any], form: Form, status_form: Form | None = None,
               status: int = 200) -> tuple[str, int]:
    choices = _project_choices(current_member(), idea.get("project"))
    return render_template("pages/ideas/edit.html", idea=idea, form=form,
                           status_form=status_form or Form(values={"status": idea["status"]}),
                           projects=choices, statuses=AUTHOR_STATUS_CHOICES), status


@bp.get("/ideas/<idea_id>/edit")
@member_required
def edit(idea_id: str) -> tuple[str, int]:
    idea = _editable_idea(idea_id, current_member())
    return _edit_page(idea, _saved(idea))


@bp.post("/ideas/<idea_id>/edit")
@member_required
def save(idea_id: str) -> Any:
    """Replace the idea with what the form holds; mistakes come back beside their fields, as typed."""
    me = current_member()
    idea = _editable_idea(idea_id, me)
    raw, values = _edit_input(request.form)
    form, status = fold_item_errors(load(IdeaWriteSchema(), raw, values), "topics"), 400
    if form.ok:
        try:
            services().knowledge.ideas.update(me, idea_id, IdeaInput.from_dict(form.data or {}))
        except (Invalid, Conflict, NotFound) as error:  # NotFound: the linked project (the idea was found)
            form.refuse(error)
            status = error.status
        else:
            return done("Your idea is saved.", url_for("pages.ideas.show", idea_id=idea_id))
    return _edit_page(idea, form, status=status)


@bp.post("/ideas/<idea_id>/status")
@member_required
def change_status(idea_id: str) -> Any:
    """Move my idea along (publish a draft, mark it in progress...); refusals come back on the form."""
    me = current_member()
    idea = _editable_idea(idea_id, me)
    raw = {"status": text(request.form, "status")}
    form, status = load(IdeaStatusSchema(), raw, raw), 400
    if form.ok:
        wanted = (form.data or {})["status"]
        try:
            services().knowledge.ideas.change_status(me, idea_id, wanted)
        except (Forbidden, Conflict) as error:  # e.g. only coordinators move ideas out of the shortlist
            form.refuse(error)
            status = error.status
        else:
            return done(f"Your idea is now {wanted.replace('_', ' ')}.", url_for("pages.ideas.show", idea_id=idea_id))
    return _edit_page(idea, _saved(idea), status_form=form, status=status)


@bp.post("/ideas/<idea_id>/withdraw")
@member_required
def withdraw(idea_id: str) -> Response:
    """Withdraw my idea: the service archives it and marks it withdrawn (others are refused, 403)."""
    services().knowledge.ideas.withdraw(current_member(), idea_id)
    return done("Your idea is withdrawn. It stays visible, marked withdrawn.",
                url_for("pages.ideas.show", idea_id=idea_id))

