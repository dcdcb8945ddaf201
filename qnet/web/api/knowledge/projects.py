"""Improvement projects: aims, teams, join requests (approved by the lead), follows; work for me."""

from __future__ import annotations

from typing import Any

from qnet.core.knowledge_records import Project
from qnet.core.records import Page
from qnet.matching.knowledge.projects import ProjectInput
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.api.knowledge.follows import add_follow_operations
from qnet.web.listings import paginated
from qnet.web.schemas.knowledge.projects import (
    DecisionSchema,
    JoinRequestCreatedSchema,
    JoinRequestListArgsSchema,
    JoinRequestListSchema,
    JoinRequestWriteSchema,
    ProjectListArgsSchema,
    ProjectPageSchema,
    ProjectSchema,
    ProjectWriteSchema,
    SuggestionArgsSchema,
    WorkSuggestionsSchema,
)
from qnet.web.security import current_member
from qnet.web.services import services

bp = Blueprint("projects", __name__, url_prefix=PREFIX, description="Improvement projects and their teams")


@bp.operation("POST", "/projects", body=ProjectWriteSchema, gives=ProjectSchema, status=201)
def create_project(data: dict[str, Any]) -> Project:
    """Start a project; I become its lead."""
    return services().knowledge.projects.create(current_member(), ProjectInput.from_dict(data))


@bp.operation("GET", "/projects", query=ProjectListArgsSchema, gives=ProjectPageSchema)
@paginated("projects")
def browse_projects(args: dict[str, Any]) -> Page[Project]:
    """Projects, newest first; filter by status, region or method (any spelling of a skill)."""
    return listings.projects(args)


@bp.operation("GET", "/projects/<project_id>", gives=ProjectSchema)
def get_project(project_id: str) -> Project:
    return services().knowledge.projects.get(project_id)


@bp.operation("PUT", "/projects/<project_id>", body=ProjectWriteSchema, gives=ProjectSchema)
def update_project(data: dict[str, Any], project_id: str) -> Project:
    """Replace a project's description: its lead only."""
    return services().knowledge.projects.update(current_member(), project_id, ProjectInput.from_dict(data))


@bp.operation("POST", "/projects/<project_id>/join-requests", body=JoinRequestWriteSchema,
              gives=JoinRequestCreatedSchema, status=201)
def request_to_join(data: dict[str, Any], project_id: str) -> dict[str, Any]:
    """Ask to join a project's team; its lead decides."""
    request_id = services().knowledge.projects.request_to_join(current_member(), project_id, data["message"])
    return {"request_id": request_id, "status": "pending"}


@bp.operation("GET", "/projects/<project_id>/join-requests", query=JoinRequestListArgsSchema,
              gives=JoinRequestListSchema)
def join_requests(args: dict[str, Any], project_id: str) -> dict[str, Any]:
    """The project's join requests: its lead only."""
    return {"requests": services().knowledge.projects.join_requests(current_member(), project_id,
                                                                    args.get("status"))}


@bp.operation("POST", "/projects/<project_id>/join-requests/<request_id>/decision", body=DecisionSchema,
              gives=ProjectSchema)
def decide(data: dict[str, Any], project_id: str, request_id: str) -> Project:
    """The lead approves (the member joins with the given role) or declines a request."""
    return services().knowledge.projects.decide(current_member(), project_id, request_id,
                                                data["decision"] == "approve", data["role"])


@bp.operation("DELETE", "/projects/<project_id>/team/me", gives=ProjectSchema)
def leave_project(project_id: str) -> Project:
    return services().knowledge.projects.leave(current_member(), project_id)


@bp.operation("GET", "/members/me/work-suggestions", query=SuggestionArgsSchema, gives=WorkSuggestionsSchema)
def work_suggestions(args: dict[str, Any]) -> dict[str, Any]:
    """Open ideas and active projects that fit my skills and profile, with reasons."""
    return {"suggestions": services().knowledge.collaborators.work_for(current_member(), args["limit"])}


add_follow_operations(bp, "/projects/<project_id>/follow", "project")
