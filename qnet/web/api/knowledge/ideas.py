"""Ideas: write, browse, search, find similar work, support and follow."""

from __future__ import annotations

from typing import Any

from qnet.core.knowledge_records import Idea
from qnet.core.records import Page
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.listings import paginated
from qnet.web.schemas.knowledge.ideas import (
    DraftSchema,
    DuplicateSchema,
    FollowSchema,
    HelperReportSchema,
    IdeaCreateSchema,
    IdeaListArgsSchema,
    IdeaPageSchema,
    IdeaSchema,
    IdeaSearchArgsSchema,
    IdeaSearchResultSchema,
    IdeaStatusSchema,
    IdeaWriteSchema,
    SimilarArgsSchema,
    SimilarWorkSchema,
    SupportSchema,
)
from qnet.web.security import current_member, member_required, role_required
from qnet.web.services import services

bp = Blueprint("ideas", __name__, url_prefix=f"{PREFIX}/ideas", description="Improvement ideas")


@bp.post("")
@bp.arguments(IdeaCreateSchema)
@bp.response(201, IdeaSchema)
@member_required
def create_idea(data: dict[str, Any]) -> Idea:
    """Post an idea (title, summary and topics are enough; the body is Markdown)."""
    return services().knowledge.ideas.create(current_member(), IdeaInput.from_dict(data), data["status"])


@bp.get("")
@bp.arguments(IdeaListArgsSchema, location="query")
@bp.response(200, IdeaPageSchema)
@member_required
@paginated("ideas")
def browse_ideas(args: dict[str, Any]) -> Page[Idea]:
    """Browse ideas: filter by topic, region, status, author or round; sort newest, most_supported,
    most_discussed or trending (supports and comments in the last 14 days)."""
    return listings.ideas(args)


@bp.get("/search")
@bp.arguments(IdeaSearchArgsSchema, location="query")
@bp.response(200, IdeaSearchResultSchema)
@member_required
def search_ideas(args: dict[str, Any]) -> dict[str, Any]:
    """Hybrid search over ideas: meaning and words, fused."""
    return {"results": services().knowledge.ideas.search_ideas(current_member(), args["q"], args["limit"])}


@bp.post("/similar")
@bp.arguments(DraftSchema)
@bp.response(200, SimilarWorkSchema)
@member_required
def similar_to_draft(data: dict[str, Any]) -> dict[str, Any]:
    """Existing ideas and projects that aim at the same thing as a draft, before it is posted."""
    ideas, projects = services().knowledge.ideas.similar_to_draft(data["title"], data["summary"], data["topics"],
                                                        data["body"], data["limit"])
    return {"ideas": ideas, "projects": projects}


@bp.get("/<idea_id>")
@bp.response(200, IdeaSchema)
@member_required
def get_idea(idea_id: str) -> Idea:
    return services().knowledge.ideas.get(idea_id, current_member())


@bp.put("/<idea_id>")
@bp.arguments(IdeaWriteSchema)
@bp.response(200, IdeaSchema)
@member_required
def update_idea(data: dict[str, Any], idea_id: str) -> Idea:
    """Replace an idea's content: authors only."""
    return services().knowledge.ideas.update(current_member(), idea_id, IdeaInput.from_dict(data))


@bp.delete("/<idea_id>")
@bp.response(200, IdeaSchema)
@member_required
def withdraw_idea(idea_id: str) -> Idea:
    """Withdraw my idea: it is archived and marked withdrawn."""
    return services().knowledge.ideas.withdraw(current_member(), idea_id)


@bp.put("/<idea_id>/status")
@bp.arguments(IdeaStatusSchema)
@bp.response(200, IdeaSchema)
@member_required
def change_status(data: dict[str, Any], idea_id: str) -> Idea:
    """Move an idea along; only coordinators move ideas into and out of shortlisted."""
    return services().knowledge.ideas.change_status(current_member(), idea_id, data["status"])


@bp.get("/<idea_id>/similar")
@bp.arguments(SimilarArgsSchema, location="query")
@bp.response(200, SimilarWorkSchema)
@member_required
def similar_to_idea(args: dict[str, Any], idea_id: str) -> dict[str, Any]:
    """Other ideas (and projects) that aim at the same thing as this idea, best first."""
    ideas, projects = services().knowledge.ideas.similar_to_idea(current_member(), idea_id, args["limit"])
    return {"ideas": ideas, "projects": projects}


@bp.post("/<idea_id>/duplicate-of")
@bp.arguments(DuplicateSchema)
@bp.response(200, IdeaSchema)
@role_required("coordinator")
def mark_duplicate(data: dict[str, Any], idea_id: str) -> Idea:
    """Coordinators: mark this idea a duplicate of another; supporters move to the original."""
    return services().knowledge.ideas.mark_duplicate(current_member(), idea_id, data["original_id"])


@bp.post("/<idea_id>/support")
@bp.response(200, SupportSchema)
@member_required
def support(idea_id: str) -> dict[str, Any]:
    """Support an idea (once per member; repeating it changes nothing)."""
    return {"supported": True, "support_count": services().knowledge.ideas.support(current_member(), idea_id)}


@bp.delete("/<idea_id>/support")
@bp.response(200, SupportSchema)
@member_required
def withdraw_support(idea_id: str) -> dict[str, Any]:
    return {"supported": False, "support_count": services().knowledge.ideas.withdraw_support(current_member(), idea_id)}


@bp.post("/<idea_id>/follow")
@bp.response(200, FollowSchema)
@member_required
def follow(idea_id: str) -> dict[str, Any]:
    return {"following": True, "follower_count": services().knowledge.ideas.follow(current_member(), "idea", idea_id)}


@bp.delete("/<idea_id>/follow")
@bp.response(200, FollowSchema)
@member_required
def unfollow(idea_id: str) -> dict[str, Any]:
    return {"following": False, "follower_count": services().knowledge.ideas.unfollow(current_member(), "idea", idea_id)}


@bp.get("/<idea_id>/helpers")
@bp.arguments(SimilarArgsSchema, location="query")
@bp.response(200, HelperReportSchema)
@member_required
def helpers(args: dict[str, Any], idea_id: str) -> Any:
    """Members whose skills and lived experience fill what the idea needs and its team lacks."""
    return services().knowledge.collaborators.helpers(current_member(), idea_id, args["limit"])
