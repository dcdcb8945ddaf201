"""Idea rounds: open a round, enter ideas, vote within the limit, count results, report progress."""

from __future__ import annotations

from typing import Any

from qnet.matching.knowledge.rounds import RoundView
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.knowledge.rounds import (
    EntrySchema,
    FundingSchema,
    ProgressUpdatesSchema,
    ProgressUpdateWriteSchema,
    ResultsSchema,
    RoundListSchema,
    RoundSchema,
    RoundWriteSchema,
)
from qnet.web.security import current_member, member_required, role_required
from qnet.web.services import services

bp = Blueprint("rounds", __name__, url_prefix=PREFIX, description="Idea rounds: funding ideas by member vote")


@bp.post("/rounds")
@bp.arguments(RoundWriteSchema)
@bp.response(201, RoundSchema)
@role_required("coordinator")
def open_round(data: dict[str, Any]) -> RoundView:
    """Coordinators open a round with the start of each phase and the votes each member has."""
    knowledge = services().knowledge
    moments = {k: data[k] for k in ("ideas_open_at", "shortlisting_at", "voting_at", "results_at")}
    round_ = knowledge.rounds.open_round(current_member(), data["name"], data["description"],
                                         data["votes_per_member"], moments)
    return knowledge.rounds.view(current_member(), round_.id)


@bp.get("/rounds")
@bp.response(200, RoundListSchema)
@member_required
def list_rounds() -> dict[str, Any]:
    return {"rounds": services().knowledge.rounds.all(current_member())}


@bp.get("/rounds/<round_id>")
@bp.response(200, RoundSchema)
@member_required
def get_round(round_id: str) -> RoundView:
    """A round, its current phase, and my votes in it."""
    return services().knowledge.rounds.view(current_member(), round_id)


@bp.post("/rounds/<round_id>/ideas")
@bp.arguments(EntrySchema)
@bp.response(201, RoundSchema)
@member_required
def enter_idea(data: dict[str, Any], round_id: str) -> RoundView:
    """Enter my open idea while the round's ideas phase is on."""
    return services().knowledge.rounds.enter(current_member(), round_id, data["idea_id"])


@bp.post("/rounds/<round_id>/votes")
@bp.arguments(EntrySchema)
@bp.response(201, RoundSchema)
@member_required
def vote(data: dict[str, Any], round_id: str) -> RoundView:
    """Vote for a shortlisted idea during voting: 409 outside the phase, over the limit, or twice."""
    return services().knowledge.rounds.vote(current_member(), round_id, data["idea_id"])


@bp.delete("/rounds/<round_id>/votes/<idea_id>")
@bp.response(200, RoundSchema)
@member_required
def withdraw_vote(round_id: str, idea_id: str) -> RoundView:
    return services().knowledge.rounds.withdraw_vote(current_member(), round_id, idea_id)


@bp.get("/rounds/<round_id>/results")
@bp.response(200, ResultsSchema)
@member_required
def results(round_id: str) -> dict[str, Any]:
    """Exact vote counts per idea, once the results phase starts (coordinators: any time)."""
    return {"results": services().knowledge.rounds.results(current_member(), round_id)}


@bp.post("/rounds/<round_id>/funded")
@bp.arguments(FundingSchema)
@bp.response(200, ResultsSchema)
@role_required("coordinator")
def fund(data: dict[str, Any], round_id: str) -> dict[str, Any]:
    """Coordinators record which ideas the round funds; they move to in_progress."""
    return {"results": services().knowledge.rounds.fund(current_member(), round_id, data["idea_ids"])}


@bp.post("/ideas/<idea_id>/updates")
@bp.arguments(ProgressUpdateWriteSchema)
@bp.response(201, ProgressUpdatesSchema)
@member_required
def post_update(data: dict[str, Any], idea_id: str) -> dict[str, Any]:
    """A funded idea's team reports progress (Markdown)."""
    return {"updates": services().knowledge.rounds.post_update(current_member(), idea_id, data["body"])}


@bp.get("/ideas/<idea_id>/updates")
@bp.response(200, ProgressUpdatesSchema)
@member_required
def updates(idea_id: str) -> dict[str, Any]:
    return {"updates": services().knowledge.rounds.updates(current_member(), idea_id)}
