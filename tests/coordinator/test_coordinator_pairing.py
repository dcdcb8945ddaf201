"""Pairing rounds: opt-in, every opted-in member exactly once, no pair ever repeated."""

from __future__ import annotations

from itertools import combinations

from flask.testing import FlaskClient

from qnet.services import Services
from tests.conftest import Session, register
from tests.coordinator.conftest import THEMES, Community

BASE = "/api/v1/coordinator/pairing-rounds"
OPT_IN = "/api/v1/members/me/pairing"


def test_a_member_opts_in_and_out_of_pairing(signed_in: Session) -> None:
    assert signed_in.get(OPT_IN).get_json() == {"opt_in": False}
    assert signed_in.put(OPT_IN, json={"opt_in": True}).get_json() == {"opt_in": True}
    assert signed_in.get(OPT_IN).get_json() == {"opt_in": True}
    assert signed_in.put(OPT_IN, json={"opt_in": False}).get_json() == {"opt_in": False}
    bad = signed_in.put(OPT_IN, json={"opt_in": "perhaps", "extra": 1})
    assert bad.status_code == 400 and {"opt_in", "extra"} <= set(bad.get_json()["error"]["fields"])


def test_rounds_cover_every_opted_in_member_once_and_never_repeat_a_pair(
        client: FlaskClient, coordinator: Session) -> None:
    themes = list(THEMES.values())
    people = [register(client, name=f"Person {k}", **themes[k % 3]) for k in range(7)]
    for person in people:
        assert person.put(OPT_IN, json={"opt_in": True}).status_code == 200
    not_opted = register(client, name="Not Opted")
    ids = {p.member["id"] for p in people}

    met: set[frozenset[str]] = set()
    for number in (1, 2, 3):
        created = coordinator.post(BASE, json={})
        assert created.status_code == 201, created.get_json()
        assert created.get_json()["number"] == number
        detail = coordinator.get(f"{BASE}/{created.get_json()['id']}").get_json()
        groups = [[m["id"] for m in p["members"]] for p in detail["pairings"]]
        seen = [member_id for g in groups for member_id in g]
        assert sorted(seen) == sorted(ids), "every opted-in member exactly once"
        assert not_opted.member["id"] not in seen
        assert sorted(len(g) for g in groups) == [2, 2, 3], "seven members: two pairs and one trio"
        assert all(p["reason"] for p in detail["pairings"])
        pairs = {frozenset(pair) for g in groups for pair in combinations(g, 2)}
        assert not pairs & met, f"round {number} repeated an earlier pair"
        met |= pairs

    rounds = coordinator.get(BASE).get_json()["rounds"]
    assert [r["number"] for r in rounds] == [3, 2, 1]
    csv = coordinator.get(f"{BASE}/{rounds[0]['id']}/export.csv")
    assert csv.mimetype == "text/csv" and "@" not in csv.get_data(as_text=True)
    assert len(csv.get_data(as_text=True).strip().splitlines()) == 1 + 3


def test_pairing_prefers_similar_people_from_other_clusters(
        coordinator: Session, community: Community, services: Services) -> None:
    from tests.coordinator.test_coordinator_api import run_clustering

    run_clustering(coordinator)
    for m in community.everyone:
        services.insight.pairings.set_opt_in(m.id, True)
    created = coordinator.post(BASE, json={}).get_json()
    detail = coordinator.get(f"{BASE}/{created['id']}").get_json()
    theme_of = {m.id: theme for theme, people in community.by_theme.items() for m in people}
    mixed = [p for p in detail["pairings"] if len({theme_of[m["id"]] for m in p["members"]}) > 1]
    assert len(mixed) >= len(detail["pairings"]) // 2, "most introductions cross the community's clusters"


def test_a_round_needs_two_opted_in_members(coordinator: Session) -> None:
    response = coordinator.post(BASE, json={})
    assert response.status_code == 400
