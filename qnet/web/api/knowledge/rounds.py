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
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("rounds", __name__, url_prefix=PREFIX, description="Idea rounds: funding ideas by member vote")


@bp.operation("POST", "/rounds", body=RoundWriteSchema, gives=RoundSchema, status=201, who=role_required("coordinator"))
def open_round(data: dict[str, Any]) -> RoundView:
    """Coordinators open a round with the start of each phase and the votes each member has."""
    knowledge = services().knowledge
    moments = {k: data[k] for k in ("ideas_open_at", "shortlisting_at", "voting_at", "results_at")}
    round_ = knowledge.rounds.open_round(current_member(), data["name"], data["description"],
                                         data["votes_per_member"], moments)
    return knowledge.rounds.view(current_member(), round_.id)


@bp.operation("GET", "/rounds", gives=RoundListSchema)
def list_rounds() -> dict[str, Any]:
    return {"rounds": services().knowledge.rounds.all(current_member())}


@bp.operation("GET", "/rounds/<round_id>", gives=RoundSchema)
def get_round(round_id: str) -> RoundView:
    """A round, its current phase, and my votes in it."""
    return services().knowledge.rounds.view(current_member(), round_id)


@bp.operation("POST", "/rounds/<round_id>/ideas", body=EntrySchema, gives=RoundSchema, status=201)
def enter_idea(data: dict[str, Any], round_id: str) -> RoundView:
    """Enter my open idea while the round's ideas phase is on."""
    return services().knowledge.rounds.enter(current_member(), round_id, data["idea_id"])


@bp.operation("POST", "/rounds/<round_id>/votes", body=EntrySchema, gives=RoundSchema, status=201)
def vote(data: dict[str, Any], round_id: str) -> RoundView:
    """Vote for a shortlisted idea during voting: 409 outside the phase, over the limit, or twice."""
    return services().knowledge.rounds.vote(current_member(), round_id, data["idea_id"])


@bp.operation("DELETE", "/rounds/<round_id>/votes/<idea_id>", gives=RoundSchema)
def withdraw_vote(round_id: str, idea_id: str) -> RoundView:
    return services().knowledge.rounds.withdraw_vote(current_member(), round_id, idea_id)


@bp.operation("GET", "/rounds/<round_id>/results", gives=ResultsSchema)
def results(round_id: str) -> dict[str, Any]:
    """Exact vote counts per idea, once the results phase starts (coordinators: any time)."""
    return {"results": services().knowledge.rounds.results(current_member(), round_id)}


@bp.operation("POST", "/rounds/<round_id>/funded", body=FundingSchema, gives=ResultsSchema,
              who=role_required("coordinator"))
def fund(data: dict[str, Any], round_id: str) -> dict[str, Any]:
    """Coordinators record which ideas the round funds; they move to in_progress."""
    return {"results": services().knowledge.rounds.fund(current_member(), round_id, data["idea_ids"])}


@bp.operation("POST", "/ideas/<idea_id>/updates", body=ProgressUpdateWriteSchema, gives=ProgressUpdatesSchema,
              status=201)
def post_update(data: dict[str, Any], idea_id: str) -> dict[str, Any]:
    """A funded idea's team reports progress (Markdown)."""
    return {"updates": services().knowledge.rounds.post_update(current_member(), idea_id, data["body"])}


@bp.operation("GET", "/ideas/<idea_id>/updates", gives=ProgressUpdatesSchema)
def updates(idea_id: str) -> dict[str, Any]:
    return {"updates": services().knowledge.rounds.updates(current_member(), idea_id)}
