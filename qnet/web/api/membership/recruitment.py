"""Recruitment phases: the public view of who may apply now, and coordinators' definitions."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from qnet.core.records import Phase
from qnet.matching.membership.recruitment import PhaseInput, RecruitmentView
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.membership.recruitment import (
    AnnouncementSchema,
    PhaseInputSchema,
    PhaseListSchema,
    PhaseSchema,
    RecruitmentSchema,
)
from qnet.web.security import role_required
from qnet.web.services import services

bp = Blueprint("recruitment", __name__, url_prefix=f"{PREFIX}/recruitment",
               description="Recruitment phases: who may apply, and when")


def _input(data: dict[str, Any]) -> PhaseInput:
    return PhaseInput(
        name=data["name"], opens_at=data["opens_at"], closes_at=data["closes_at"], routes=data["routes"],
        courses=data["courses"], organisations=data["organisations"],
        partners=[(p["name"], p["region"]) for p in data["partners"]], reviews_required=data["reviews_required"],
    )


@bp.operation("GET", "", gives=RecruitmentSchema, who=None)
def recruitment() -> RecruitmentView:
    """What is open now and for whom, what opens next, and the criteria every applicant addresses."""
    return services().membership.recruitment.view(datetime.now(UTC))


@bp.operation("GET", "/phases", gives=PhaseListSchema, who=role_required("coordinator"))
def list_phases() -> dict[str, Any]:
    """Every phase, past, present and future."""
    return {"phases": services().membership.recruitment.all()}


@bp.operation("POST", "/phases", body=PhaseInputSchema, gives=PhaseSchema, status=201, who=role_required("coordinator"))
def create_phase(data: dict[str, Any]) -> Phase:
    """Define a phase: its dates, routes and identified courses, organisations or regional partners."""
    return services().membership.recruitment.define(_input(data), datetime.now(UTC))


@bp.operation("GET", "/phases/<phase_id>", gives=PhaseSchema, who=role_required("coordinator"))
def get_phase(phase_id: str) -> Phase:
    return services().membership.recruitment.get(phase_id)


@bp.operation("PUT", "/phases/<phase_id>", body=PhaseInputSchema, gives=PhaseSchema, who=role_required("coordinator"))
def update_phase(data: dict[str, Any], phase_id: str) -> Phase:
    """Replace a phase (for example, to extend its closing date or add a course to its list)."""
    return services().membership.recruitment.define(_input(data), datetime.now(UTC), phase_id)


@bp.operation("DELETE", "/phases/<phase_id>", status=204, who=role_required("coordinator"))
def delete_phase(phase_id: str) -> None:
    """Remove a phase nobody has applied to."""
    services().membership.recruitment.delete(phase_id)


@bp.operation("POST", "/phases/<phase_id>/announce", gives=AnnouncementSchema, who=role_required("coordinator"))
def announce_phase(phase_id: str) -> dict[str, int]:
    """Mail confirmed subscribers that the phase is open (once per phase)."""
    return {"mailed": services().membership.recruitment.announce(phase_id, datetime.now(UTC))}
