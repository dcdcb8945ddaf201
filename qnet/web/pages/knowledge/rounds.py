"""Idea rounds as pages: the rounds, a round's ideas, entering my idea, voting with the votes I have left;
coordinators shortlist, move the round to its next phase and mark ideas funded on the same page."""

from __future__ import annotations

from flask import Blueprint, render_template, request, url_for
from werkzeug.wrappers import Response

from qnet.core.filters import IdeaFilters
from qnet.core.permissions import may_see_results
from qnet.matching.knowledge.rounds import PHASES
from qnet.web.pages.common import done, dump, is_coordinator
from qnet.web.schemas.knowledge.ideas import IdeaPageSchema
from qnet.web.schemas.knowledge.rounds import (
    EntrySchema,
    ResultsSchema,
    RoundListSchema,
    RoundSchema,
)
from qnet.web.security import current_member, member_required, role_required
from qnet.web.services import services

bp = Blueprint("rounds", __name__)

ROUND_IDEAS_SHOWN = 100
PHASE_NAMES = {"upcoming": "Not open yet", "ideas": "Ideas being entered", "shortlisting": "Shortlisting",
               "voting": "Voting open", "results": "Results"}


@bp.get("/rounds")
@member_required
def rounds() -> str:
    listed = dump(RoundListSchema(), {"rounds": services().knowledge.rounds.all(current_member())})
    return render_template("pages/rounds/list.html", rounds=listed["rounds"], phase_names=PHASE_NAMES)


@bp.get("/rounds/<round_id>")
@member_required
def show(round_id: str) -> str:
    """A round: its phase, its ideas (vote buttons while voting), my votes left, results when out."""
    me, knowledge = current_member(), services().knowledge
    round_ = dump(RoundSchema(), knowledge.rounds.view(me, round_id))
    page = knowledge.ideas.browse(me, IdeaFilters(round=round_id), "most_supported", ROUND_IDEAS_SHOWN, None)
    ideas = dump(IdeaPageSchema(), {"ideas": page.items, "next_cursor": None})["ideas"]
    results = None
    if may_see_results(me, round_["phase"]):
        results = dump(ResultsSchema(), {"results": knowledge.rounds.results(me, round_id)})["results"]
    mine: list[dict[str, object]] = []
    if round_["phase"] == "ideas":
        own = knowledge.ideas.browse(me, IdeaFilters(author=me.id, status="open"), "newest", 50, None)
        mine = [i for i in dump(IdeaPageSchema(), {"ideas": own.items})["ideas"] if round_id not in i["rounds"]]
    following = PHASES[PHASES.index(round_["phase"]) + 1] if round_["phase"] != PHASES[-1] else None
    return render_template("pages/rounds/show.html", round=round_, ideas=ideas, results=results, mine=mine,
                           phase_names=PHASE_NAMES, next_phase=following, coordinator=is_coordinator(me))


@bp.post("/rounds/<round_id>/votes")
@member_required
def vote(round_id: str) -> Response:
    """Vote for a shortlisted idea; over the limit or twice comes back as a message."""
    data = EntrySchema().load({"idea_id": request.form.get("idea_id", "")})
    view = services().knowledge.rounds.vote(current_member(), round_id, data["idea_id"])
    left = f"{view.votes_left} vote{'s' if view.votes_left != 1 else ''} left"
    return done(f"Your vote is counted. You have {left}.", url_for(".show", round_id=round_id) + "#ideas")


@bp.post("/rounds/<round_id>/votes/<idea_id>/withdraw")
@member_required
def withdraw_vote(round_id: str, idea_id: str) -> Response:
    services().knowledge.rounds.withdraw_vote(current_member(), round_id, idea_id)
    return done("Your vote is withdrawn.", url_for(".show", round_id=round_id) + "#ideas")


@bp.post("/rounds/<round_id>/shortlist")
@role_required("coordinator")
def shortlist(round_id: str) -> Response:
    """Put an entered idea on the shortlist (or take it off, with listed=no) while the round shortlists."""
    data = EntrySchema().load({"idea_id": request.form.get("idea_id", "")})
    listed = request.form.get("listed", "yes") != "no"
    services().knowledge.rounds.shortlist(current_member(), round_id, data["idea_id"], listed)
    said = "is on the shortlist" if listed else "is off the shortlist"
    return done(f"The idea {said}.", url_for(".show", round_id=round_id) + "#ideas")


@bp.post("/rounds/<round_id>/next-phase")
@role_required("coordinator")
def next_phase(round_id: str) -> Response:
    """Start the round's next phase now (for example, open voting once the shortlist is ready)."""
    view = services().knowledge.rounds.start_next_phase(current_member(), round_id)
    return done(f"The round is now in its next phase: {PHASE_NAMES[view.phase].lower()}.",
                url_for(".show", round_id=round_id))


@bp.post("/rounds/<round_id>/funded")
@role_required("coordinator")
def fund(round_id: str) -> Response:
    """Record that the round funds an idea (once its results are out); the idea moves to in progress."""
    data = EntrySchema().load({"idea_id": request.form.get("idea_id", "")})
    services().knowledge.rounds.fund(current_member(), round_id, [data["idea_id"]])
    return done("The idea is marked as funded and is now in progress.", url_for(".show", round_id=round_id) + "#results")


@bp.post("/rounds/<round_id>/ideas")
@member_required
def enter(round_id: str) -> Response:
    """Enter one of my open ideas while the round takes ideas."""
    data = EntrySchema().load({"idea_id": request.form.get("idea_id", "")})
    services().knowledge.rounds.enter(current_member(), round_id, data["idea_id"])
    return done("Your idea is entered in the round.", url_for(".show", round_id=round_id))
