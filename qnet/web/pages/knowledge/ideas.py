"""Ideas as pages: browse and search, post (with similar ideas shown first), the idea page and its
discussion, supporting and following, and who could help."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for

from qnet.core.errors import Invalid
from qnet.core.records import Member
from qnet.core.vocabulary import IDEA_STATUSES
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.web import listings
from qnet.web.forms import Form, load, optional, text, words_list
from qnet.web.listings import listed_page
from qnet.web.pages.buttons import button
from qnet.web.pages.common import done, dump
from qnet.web.pages.knowledge.discussion import editable_ids, shows_discussion
from qnet.web.schemas.knowledge.comments import ThreadSchema
from qnet.web.schemas.knowledge.ideas import (
    DraftSchema,
    HelperReportSchema,
    IdeaCreateSchema,
    IdeaListArgsSchema,
    IdeaPageSchema,
    IdeaSchema,
    IdeaSearchArgsSchema,
    IdeaSearchResultSchema,
    SimilarWorkSchema,
)
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("ideas", __name__)

BROWSE_FIELDS = ("topic", "region", "status", "author", "sort", "cursor")
SIMILAR_SHOWN = 5
SORT_NAMES = {"newest": "Newest", "most_supported": "Most supported", "most_discussed": "Most discussed",
              "trending": "Trending"}


@bp.get("/ideas")
@member_required
def browse() -> tuple[str, int]:
    """Browse with the API's filters and sorts, or search ideas by meaning and words when q is given."""
    knowledge = services().knowledge
    typed = {k: request.args.get(k, "").strip() for k in (*BROWSE_FIELDS, "q")}
    if typed["q"]:
        form = load(IdeaSearchArgsSchema(), {"q": typed["q"]}, typed)
        hits = knowledge.ideas.search_ideas(current_member(), typed["q"], 20) if form.ok else []
        found = dump(IdeaSearchResultSchema(), {"results": hits})["results"]
        return render_template("pages/ideas/browse.html", form=form, ideas=[h["idea"] for h in found],
                               next_cursor=None, sorts=SORT_NAMES, statuses=IDEA_STATUSES), 200 if form.ok else 400
    form, listed = listed_page("ideas", listings.ideas, IdeaListArgsSchema(), IdeaPageSchema(), BROWSE_FIELDS)
    return render_template("pages/ideas/browse.html", form=form, **listed,
                           sorts=SORT_NAMES, statuses=IDEA_STATUSES), 200 if form.ok else 400


def _idea_input(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The API's IdeaCreateSchema body from the posting form, and the values to show again."""
    raw: dict[str, Any] = {"title": text(form, "title"), "summary": text(form, "summary"),
                           "topics": words_list(form.get("topics", "")), "body": form.get("body", ""),
                           "region": optional(form, "region"),
                           "status": "draft" if form.get("draft") == "on" else "open"}
    return raw, {**raw, "topics": form.get("topics", ""), "draft": form.get("draft") == "on"}


def _similar(raw: dict[str, Any]) -> dict[str, Any]:
    """Existing ideas and projects close to a draft (what the page script fetches as you type)."""
    ideas, projects = services().knowledge.ideas.similar_to_draft(raw["title"], raw["summary"], raw["topics"],
                                                                  raw["body"], SIMILAR_SHOWN)
    return dump(SimilarWorkSchema(), {"ideas": ideas, "projects": projects})  # type: ignore[no-any-return]


@bp.route("/ideas/new", methods=["GET", "POST"])
@member_required
def new() -> Any:
    """Post an idea. "Check for similar ideas" (or typing, with JavaScript) shows related work first."""
    form, similar = Form(values={"draft": False}), None
    if request.method == "POST":
        raw, values = _idea_input(request.form)
        if request.form.get("action") == "check":
            draft = {k: raw[k] for k in ("title", "summary", "topics", "body")}
            form = load(DraftSchema(), draft, values)
            similar = _similar(form.data or draft) if form.ok else None
            return render_template("pages/ideas/new.html", form=form, similar=similar), 200 if form.ok else 400
        form = load(IdeaCreateSchema(), raw, values)
        if form.ok:
            data = form.data or {}
            try:
                idea = services().knowledge.ideas.create(current_member(), IdeaInput.from_dict(data), data["status"])
            except Invalid as error:
                form.refuse(error)
            else:
                posted = "saved as a draft" if idea.status == "draft" else "posted"
                return done(f"Your idea is {posted}.", url_for(".show", idea_id=idea.id))
        return render_template("pages/ideas/new.html", form=form, similar=None), 400
    return render_template("pages/ideas/new.html", form=form, similar=similar)


@shows_discussion("idea")
def _idea_page(idea_id: str, comment_form: Form | None = None, flag_form: Form | None = None,
               status: int = 200) -> tuple[str, int]:
    """The idea, its threaded discussion, similar work, and the forms (with any errors) on it."""
    knowledge, me = services().knowledge, current_member()
    idea = dump(IdeaSchema(), knowledge.ideas.get(idea_id, me))
    thread = dump(ThreadSchema(), {"comments": knowledge.comments.thread(me, "idea", idea_id)})["comments"]
    ideas, projects = knowledge.ideas.similar_to_idea(me, idea_id, SIMILAR_SHOWN)
    similar = dump(SimilarWorkSchema(), {"ideas": ideas, "projects": projects})
    return render_template("pages/ideas/show.html", idea=idea, comments=thread, similar=similar,
                           comment_form=comment_form or Form(), flag_form=flag_form or Form(),
                           editable=editable_ids(thread, me)), status


@bp.get("/ideas/<idea_id>")
@member_required
def show(idea_id: str) -> tuple[str, int]:
    return _idea_page(idea_id)


@button(bp, "/ideas/<idea_id>/support", ".show", "You support this idea.")
def support(me: Member, idea_id: str) -> None:
    services().knowledge.ideas.support(me, idea_id)


@button(bp, "/ideas/<idea_id>/support/withdraw", ".show", "You no longer support this idea.")
def withdraw_support(me: Member, idea_id: str) -> None:
    services().knowledge.ideas.withdraw_support(me, idea_id)


@button(bp, "/ideas/<idea_id>/follow", ".show", "You follow this idea.")
def follow(me: Member, idea_id: str) -> None:
    services().knowledge.ideas.follow(me, "idea", idea_id)


@button(bp, "/ideas/<idea_id>/unfollow", ".show", "You no longer follow this idea.")
def unfollow(me: Member, idea_id: str) -> None:
    services().knowledge.ideas.unfollow(me, "idea", idea_id)


@bp.get("/ideas/<idea_id>/helpers")
@member_required
def helpers(idea_id: str) -> str:
    """Who could help: members whose skills and lived experience fill what the idea's team lacks."""
    me = current_member()
    idea = dump(IdeaSchema(), services().knowledge.ideas.get(idea_id, me))
    report = dump(HelperReportSchema(), services().knowledge.collaborators.helpers(me, idea_id, 10))
    return render_template("pages/ideas/helpers.html", idea=idea, report=report)
