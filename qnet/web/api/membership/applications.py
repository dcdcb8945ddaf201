"""Applications: the public form and status link; the coordinators' queue, reviews and decisions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import request

from qnet.core.records import Application, Page
from qnet.matching.membership.applications import ApplicationInput, ApplicationView
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.listings import paginated
from qnet.web.schemas.membership.applications import (
    ApplicationDetailSchema,
    ApplicationInputSchema,
    DecisionInputSchema,
    PurgeSchema,
    QueueArgsSchema,
    QueuePageSchema,
    RetentionSchema,
    ReviewInputSchema,
    StatusSchema,
    SubmittedSchema,
)
from qnet.web.schemas.membership.updates import MessageSchema
from qnet.web.security import current_member, role_required
from qnet.web.services import services

bp = Blueprint("applications", __name__, url_prefix=f"{PREFIX}/applications",
               description="Applications to join, their review and decisions")


@bp.operation("POST", "", body=ApplicationInputSchema, gives=SubmittedSchema, status=201, who=None)
def submit(data: dict[str, Any]) -> dict[str, str]:
    """Apply to join. Refused (400) when no open phase admits the route or the course/organisation is
    not on its list; 409 when the email has an application in progress or belongs to a member; 429 after
    too many applications from one network address in an hour."""
    services().throttle.check("apply", request.remote_addr)
    application_id = services().membership.applications.submit(ApplicationInput(**data), datetime.now(UTC))
    return {"id": application_id, "status": "received",
            "message": "thank you: we have emailed you a private link to follow your application"}


@bp.operation("GET", "/status/<token>", gives=StatusSchema, who=None)
def status(token: str) -> Application:
    """The applicant's private view of their application, from the link in their acknowledgement mail."""
    return services().membership.applications.status(token)


@bp.operation("GET", "", query=QueueArgsSchema, gives=QueuePageSchema, who=role_required("coordinator"))
@paginated("applications")
def queue(args: dict[str, Any]) -> Page[ApplicationView]:
    """The review queue, oldest first; filter by phase, route, region and status."""
    return listings.applications(args)


@bp.operation("GET", "/retention", gives=RetentionSchema, who=role_required("coordinator"))
def get_retention() -> dict[str, int]:
    """How many days declined applications are kept after their decision."""
    return {"declined_retention_days": services().membership.applications.retention_days()}


@bp.operation("PUT", "/retention", body=RetentionSchema, gives=RetentionSchema, who=role_required("coordinator"))
def set_retention(data: dict[str, int]) -> dict[str, int]:
    days = services().membership.applications.set_retention_days(data["declined_retention_days"], datetime.now(UTC))
    return {"declined_retention_days": days}


@bp.operation("POST", "/purge", gives=PurgeSchema, who=role_required("coordinator"))
def purge() -> dict[str, int]:
    """Delete declined applications older than the retention period now (also `qnet applications purge`)."""
    service = services().membership.applications
    return {"purged": service.purge_declined(datetime.now(UTC)), "declined_retention_days": service.retention_days()}


@bp.operation("GET", "/<application_id>", gives=ApplicationDetailSchema, who=role_required("coordinator"))
def detail(application_id: str) -> ApplicationView:
    """One application with its answers, reviews, flags and reviewer assist highlights."""
    return services().membership.applications.detail(application_id)


@bp.operation("PUT", "/<application_id>/review", body=ReviewInputSchema, gives=ApplicationDetailSchema,
              who=role_required("coordinator"))
def review(data: dict[str, Any], application_id: str) -> ApplicationView:
    """My scores (1-4) and notes for each criterion; sending them again replaces my review."""
    membership = services().membership
    membership.decisions.review(application_id, current_member(), {k: v["score"] for k, v in data.items()},
                                {k: v["note"] for k, v in data.items()}, datetime.now(UTC))
    return membership.applications.detail(application_id)


@bp.operation("POST", "/<application_id>/decision", body=DecisionInputSchema, gives=ApplicationDetailSchema,
              who=role_required("coordinator"))
def decide(data: dict[str, Any], application_id: str) -> ApplicationView:
    """Accept, decline or waitlist, with a message. Acceptance creates the member and mails an invitation."""
    membership = services().membership
    membership.decisions.decide(application_id, current_member(), data["decision"], data["message"],
                                datetime.now(UTC))
    return membership.applications.detail(application_id)


@bp.operation("POST", "/<application_id>/invitation", gives=MessageSchema, status=202, who=role_required("coordinator"))
def reissue_invitation(application_id: str) -> dict[str, str]:
    """Send an accepted applicant a new invitation (the previous one stops working)."""
    services().membership.decisions.reissue_invitation(application_id, datetime.now(UTC))
    return {"message": "a new invitation has been sent"}
