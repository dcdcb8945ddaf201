"""Ideas: write, browse, search, find similar work, support and follow."""

from __future__ import annotations

from typing import Any

from qnet.core.knowledge_records import Idea
from qnet.core.records import Page
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.api.knowledge.follows import add_follow_operations
from qnet.web.listings import paginated
from qnet.web.schemas.knowledge.ideas import (
    DraftSchema,
    DuplicateSchema,
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
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("ideas", __name__, url_prefix=f"{PREFIX}/ideas", description="Improvement ideas")


@bp.operation("POST", "", body=IdeaCreateSchema, gives=IdeaSchema, status=201)
def create_idea(data: dict[str, Any]) -> Idea:
    """Post an idea (title, summary and topics are enough; the body is Markdown)."""
    return services().knowledge.ideas.create(current_member(), IdeaInput.from_dict(data), data["status"])


@bp.operation("GET", "", query=IdeaListArgsSchema, gives=IdeaPageSchema)
@paginated("ideas")
def browse_ideas(args: dict[str, Any]) -> Page[Idea]:
    """Browse ideas: filter by topic, region, status, author or round; sort newest, most_supported,
    most_discussed or trending (supports and comments in the last 14 days)."""
    return listings.ideas(args)


@bp.operation("GET", "/search", query=IdeaSearchArgsSchema, gives=IdeaSearchResultSchema)
def search_ideas(args: dict[str, Any]) -> dict[str, Any]:
    """Hybrid search over ideas: meaning and words, fused."""
    return {"results": services().knowledge.ideas.search_ideas(current_member(), args["q"], args["limit"])}


@bp.operation("POST", "/similar", body=DraftSchema, gives=SimilarWorkSchema)
def similar_to_draft(data: dict[str, Any]) -> dict[str, Any]:
    """Existing ideas and projects that aim at the same thing as a draft, before it is posted."""
    ideas, projects = services().knowledge.ideas.similar_to_draft(data["title"], data["summary"], data["topics"],
                                                        data["body"], data["limit"])
    return {"ideas": ideas, "projects": projects}


@bp.operation("GET", "/<idea_id>", gives=IdeaSchema)
def get_idea(idea_id: str) -> Idea:
    return services().knowledge.ideas.get(idea_id, current_member())


@bp.operation("PUT", "/<idea_id>", body=IdeaWriteSchema, gives=IdeaSchema)
def update_idea(data: dict[str, Any], idea_id: str) -> Idea:
    """Replace an idea's content: authors only."""
    return services().knowledge.ideas.update(current_member(), idea_id, IdeaInput.from_dict(data))


@bp.operation("DELETE", "/<idea_id>", gives=IdeaSchema)
def withdraw_idea(idea_id: str) -> Idea:
    """Withdraw my idea: it is archived and marked withdrawn."""
    return services().knowledge.ideas.withdraw(current_member(), idea_id)


@bp.operation("PUT", "/<idea_id>/status", body=IdeaStatusSchema, gives=IdeaSchema)
def change_status(data: dict[str, Any], idea_id: str) -> Idea:
    """Move an idea along; only coordinators move ideas into and out of shortlisted."""
    return services().knowledge.ideas.change_status(current_member(), idea_id, data["status"])


@bp.operation("GET", "/<idea_id>/similar", query=SimilarArgsSchema, gives=SimilarWorkSchema)
def similar_to_idea(args: dict[str, Any], idea_id: str) -> dict[str, Any]:
    """Other ideas (and projects) that aim at the same thing as this idea, best first."""
    ideas, projects = services().knowledge.ideas.similar_to_idea(current_member(), idea_id, args["limit"])
    return {"ideas": ideas, "projects": projects}


@bp.operation("POST", "/<idea_id>/duplicate-of", body=DuplicateSchema, gives=IdeaSchema,
              who=role_required("coordinator"))
def mark_duplicate(data: dict[str, Any], idea_id: str) -> Idea:
    """Coordinators: mark this idea a duplicate of another; supporters move to the original."""
    return services().knowledge.ideas.mark_duplicate(current_member(), idea_id, data["original_id"])


@bp.operation("POST", "/<idea_id>/support", gives=SupportSchema)
def support(idea_id: str) -> dict[str, Any]:
    """Support an idea (once per member; repeating it changes nothing)."""
    return {"supported": True, "support_count": services().knowledge.ideas.support(current_member(), idea_id)}


@bp.operation("DELETE", "/<idea_id>/support", gives=SupportSchema)
def withdraw_support(idea_id: str) -> dict[str, Any]:
    return {"supported": False, "support_count": services().knowledge.ideas.withdraw_support(current_member(), idea_id)}


@bp.operation("GET", "/<idea_id>/helpers", query=SimilarArgsSchema, gives=HelperReportSchema)
def helpers(args: dict[str, Any], idea_id: str) -> Any:
    """Members whose skills and lived experience fill what the idea needs and its team lacks."""
    return services().knowledge.collaborators.helpers(current_member(), idea_id, args["limit"])


add_follow_operations(bp, "/<idea_id>/follow", "idea")
