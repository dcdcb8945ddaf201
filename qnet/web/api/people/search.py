"""Expertise search: find members by what they know and have done."""

from __future__ import annotations

from typing import Any

from qnet.core.filters import SearchFilters
from qnet.matching.people.search import PeopleQuery, SearchPage
from qnet.matching.people.skills import taxonomy
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.people.search import PeopleSearchArgsSchema, SearchPageSchema
from qnet.web.security import current_member, member_required
from qnet.web.services import services

bp = Blueprint("search", __name__, url_prefix=f"{PREFIX}/search", description="Expertise search")


@bp.get("/people")
@bp.arguments(PeopleSearchArgsSchema, location="query")
@bp.response(200, SearchPageSchema)
@member_required
def search_people(args: dict[str, Any]) -> SearchPage:
    """Hybrid search over members (meaning, words, skills, role, closeness to you), each result explained."""
    filters = SearchFilters(
        region=args.get("region"),
        role=args.get("role"),
        skill=taxonomy().resolve(args["skill"]).key if args.get("skill") else None,
    )
    query = PeopleQuery(args.get("q") or "", current_member().id, filters, args["limit"], args.get("cursor"))
    return services().search.search(query)
