"""Expertise search: find members by what they know and have done."""

from __future__ import annotations

from typing import Any

from qnet.matching.people.search import SearchPage
from qnet.web import listings
from qnet.web.api import PREFIX, Blueprint
from qnet.web.schemas.people.search import PeopleSearchArgsSchema, SearchPageSchema

bp = Blueprint("search", __name__, url_prefix=f"{PREFIX}/search", description="Expertise search")


@bp.operation("GET", "/people", query=PeopleSearchArgsSchema, gives=SearchPageSchema)
def search_people(args: dict[str, Any]) -> SearchPage:
    """Hybrid search over members (meaning, words, skills, role, closeness to you), each result explained."""
    return listings.people(args)
