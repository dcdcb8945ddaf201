"""The member list is a search: members who opted out of search are never listed, filtered or not."""

from __future__ import annotations

from typing import Any

import pytest

from qnet.services import Services
from tests.conftest import Session, make_member


@pytest.mark.parametrize("query", ["", "?skill=SPC", "?region=North%20West", "?role=data%20analyst",
                                   "?organisation=Northfield%20Teaching%20Hospitals%20NHS%20Foundation%20Trust",
                                   "?skill=spc&region=North%20West&role=data%20analyst&limit=1"])
def test_a_member_who_opted_out_of_search_is_never_listed(member: Session, services: Services, query: str) -> None:
    shown = make_member(services, name="Sam Shown")
    hidden = make_member(services, name="Harriet Hidden")
    services.membership.privacy.set_visibility(hidden.id, searchable=False, suggestable=True)

    listed = _all_pages(member, "/api/v1/members" + query)

    assert hidden.id not in listed
    assert shown.id in listed or "limit=1" in query
    assert member.get(f"/api/v1/members/{hidden.id}").status_code == 200  # their own page stays reachable


def _all_pages(session: Session, url: str) -> set[str]:
    ids: set[str] = set()
    cursor = None
    while True:
        sep = "&" if "?" in url else "?"
        response = session.get(url + (f"{sep}cursor={cursor}" if cursor else ""))
        assert response.status_code == 200, response.get_json()
        body: dict[str, Any] = response.get_json()
        ids |= {m["id"] for m in body["members"]}
        cursor = body["next_cursor"]
        if not cursor:
            return ids
