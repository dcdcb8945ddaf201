"""Idea rounds: phases, entries, the vote limit (also under concurrent requests), results, funding."""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from qnet.graph.driver import Graph
from qnet.services import Services
from tests.conftest import Session, login, register
from tests.knowledge.conftest import post_idea

START = datetime(2030, 3, 1, 9, 0, tzinfo=UTC)
PHASES = {"ideas_open_at": START, "shortlisting_at": START + timedelta(days=14),
          "voting_at": START + timedelta(days=21), "results_at": START + timedelta(days=28)}


class Clock:
    """The rounds service's clock, moved by tests instead of sleeping."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(services: Services) -> Iterator[Clock]:
    clock = Clock(START + timedelta(days=1))
    rounds = services.knowledge.rounds
    original = rounds.clock
    rounds.clock = clock
    yield clock
    rounds.clock = original


def open_round(coordinator: Session, votes: int = 3, **overrides: Any) -> dict[str, Any]:
    body = {"name": "Spring 2030 round", "votes_per_member": votes, **{k: v.isoformat() for k, v in PHASES.items()}}
    body.update(overrides)
    response = coordinator.post("/api/v1/rounds", json=body)
    assert response.status_code == 201, response.get_json()
    return response.get_json()  # type: ignore[no-any-return]


def shortlisted_round(coordinator: Session, author: Session, clock: Clock, ideas: int, votes: int = 3) -> tuple[str, list[str]]:
    """A round in its voting phase with `ideas` shortlisted ideas."""
    round_id = open_round(coordinator, votes)["id"]
    idea_ids = []
    for n in range(ideas):
        idea = post_idea(author, title=f"Round idea {n}")
        assert author.post(f"/api/v1/rounds/{round_id}/ideas", json={"idea_id": idea["id"]}).status_code == 201
        idea_ids.append(idea["id"])
    clock.now = PHASES["shortlisting_at"] + timedelta(hours=1)
    for idea_id in idea_ids:
        coordinator.put(f"/api/v1/ideas/{idea_id}/status", json={"status": "shortlisted"})
    clock.now = PHASES["voting_at"] + timedelta(hours=1)
    return round_id, idea_ids


def test_only_coordinators_open_rounds_with_phases_in_order(author: Session, coordinator: Session, clock: Clock) -> None:
    body = {"name": "Round", "votes_per_member": 3, **{k: v.isoformat() for k, v in PHASES.items()}}
    assert author.post("/api/v1/rounds", json=body).status_code == 403
    backwards = dict(body, voting_at=(START + timedelta(days=1)).isoformat())
    assert coordinator.post("/api/v1/rounds", json=backwards).status_code == 400
    made = open_round(coordinator)
    assert made["phase"] == "ideas" and made["votes_left"] == 3
    clock.now = START - timedelta(days=1)
    assert author.get(f"/api/v1/rounds/{made['id']}").get_json()["phase"] == "upcoming"


def test_ideas_enter_only_while_ideas_are_open(author: Session, other: Session, coordinator: Session,
                                               clock: Clock) -> None:
    round_id = open_round(coordinator)["id"]
    idea = post_idea(author)
    assert other.post(f"/api/v1/rounds/{round_id}/ideas", json={"idea_id": idea["id"]}).status_code == 403
    assert author.post(f"/api/v1/rounds/{round_id}/ideas", json={"idea_id": idea["id"]}).get_json()["idea_count"] == 1
    assert author.get(f"/api/v1/ideas?round={round_id}").get_json()["ideas"][0]["id"] == idea["id"]
    clock.now = PHASES["shortlisting_at"]
    late = post_idea(author, title="Too late for this round")
    response = author.post(f"/api/v1/rounds/{round_id}/ideas", json={"idea_id": late["id"]})
    assert response.status_code == 409 and "ideas phase" in response.get_json()["error"]["message"]


def test_voting_outside_the_phase_twice_or_over_the_limit_is_409(author: Session, other: Session,
                                                                 coordinator: Session, clock: Clock) -> None:
    round_id, ideas = shortlisted_round(coordinator, author, clock, ideas=4, votes=2)
    url = f"/api/v1/rounds/{round_id}/votes"
    clock.now = PHASES["shortlisting_at"] + timedelta(days=1)
    early = other.post(url, json={"idea_id": ideas[0]})
    assert early.status_code == 409
    assert early.get_json()["error"]["message"] == ("voting is possible only during the voting phase; "
                                                    "this round is in its shortlisting phase")
    clock.now = PHASES["voting_at"] + timedelta(hours=2)
    assert other.post(url, json={"idea_id": ideas[0]}).get_json()["votes_left"] == 1
    twice = other.post(url, json={"idea_id": ideas[0]})
    assert twice.status_code == 409 and "already voted" in twice.get_json()["error"]["message"]
    assert other.post(url, json={"idea_id": ideas[1]}).get_json()["votes_left"] == 0
    over = other.post(url, json={"idea_id": ideas[2]})
    assert over.status_code == 409 and over.get_json()["error"]["message"] == (
        "you have used all 2 of your votes in this round")
    assert other.delete(f"{url}/{ideas[1]}").get_json()["votes_left"] == 1
    assert other.post(url, json={"idea_id": ideas[2]}).status_code == 201
    clock.now = PHASES["results_at"]
    late = other.post(url, json={"idea_id": ideas[3]})
    assert late.status_code == 409 and "results phase" in late.get_json()["error"]["message"]


def test_only_shortlisted_ideas_in_the_round_get_votes(author: Session, other: Session, coordinator: Session,
                                                      clock: Clock) -> None:
    round_id = open_round(coordinator)["id"]
    entered = post_idea(author, title="Entered but not shortlisted")
    author.post(f"/api/v1/rounds/{round_id}/ideas", json={"idea_id": entered["id"]})
    outsider = post_idea(author, title="Never entered")
    clock.now = PHASES["voting_at"]
    assert other.post(f"/api/v1/rounds/{round_id}/votes", json={"idea_id": entered["id"]}).status_code == 409
    assert other.post(f"/api/v1/rounds/{round_id}/votes", json={"idea_id": outsider["id"]}).status_code == 404


def test_a_fourth_vote_under_concurrent_requests_is_never_counted(app: Flask, services: Services, graph: Graph,
                                                                  author: Session, coordinator: Session,
                                                                  clock: Clock) -> None:
    round_id, ideas = shortlisted_round(coordinator, author, clock, ideas=6, votes=3)
    for attempt in range(2):
        email = f"voter-{attempt}@example.org"
        voter = register(app.test_client(), email=email)
        clients = [login(app.test_client(), email) for _ in ideas]

        def cast(pair: tuple[Session, str]) -> int:
            session, idea_id = pair
            return int(session.post(f"/api/v1/rounds/{round_id}/votes", json={"idea_id": idea_id}).status_code)

        with ThreadPoolExecutor(max_workers=len(ideas)) as pool:
            statuses = list(pool.map(cast, zip(clients, ideas)))
        assert sorted(statuses) == [201, 201, 201, 409, 409, 409]
        rows = graph.query("MATCH (:Member {id: $id})-[v:VOTED {round: $round}]->() RETURN count(v) AS n",
                           id=voter.member["id"], round=round_id)
        assert rows[0]["n"] == 3


def test_results_are_exact_and_out_only_in_the_results_phase(app: Flask, author: Session, coordinator: Session,
                                                             clock: Clock) -> None:
    round_id, ideas = shortlisted_round(coordinator, author, clock, ideas=3, votes=2)
    voters = [register(app.test_client()) for _ in range(3)]
    for voter, choice in zip(voters, ([0, 1], [0, 2], [0])):
        for n in choice:
            assert voter.post(f"/api/v1/rounds/{round_id}/votes", json={"idea_id": ideas[n]}).status_code == 201
    assert voters[0].get(f"/api/v1/rounds/{round_id}/results").status_code == 409
    assert coordinator.get(f"/api/v1/rounds/{round_id}/results").status_code == 200
    clock.now = PHASES["results_at"] + timedelta(hours=1)
    results = voters[0].get(f"/api/v1/rounds/{round_id}/results").get_json()["results"]
    assert [(r["idea"]["id"], r["votes"]) for r in results] == [(ideas[0], 3), (ideas[1], 1), (ideas[2], 1)]


def test_funded_ideas_post_progress_updates(author: Session, other: Session, coordinator: Session, clock: Clock) -> None:
    round_id, ideas = shortlisted_round(coordinator, author, clock, ideas=2, votes=1)
    assert author.post(f"/api/v1/ideas/{ideas[0]}/updates", json={"body": "Started"}).status_code == 409
    url = f"/api/v1/rounds/{round_id}/funded"
    assert coordinator.post(url, json={"idea_ids": [ideas[0]]}).status_code == 409  # still voting
    clock.now = PHASES["results_at"] + timedelta(days=1)
    results = coordinator.post(url, json={"idea_ids": [ideas[0]]}).get_json()["results"]
    assert {r["idea"]["id"]: r["funded"] for r in results} == {ideas[0]: True, ideas[1]: False}
    funded = author.get(f"/api/v1/ideas/{ideas[0]}").get_json()
    assert funded["funded"] is True and funded["status"] == "in_progress"
    assert other.post(f"/api/v1/ideas/{ideas[0]}/updates", json={"body": "Not my idea"}).status_code == 403
    response = author.post(f"/api/v1/ideas/{ideas[0]}/updates", json={"body": "**Month 1**: 40% fewer missed slots"})
    assert response.status_code == 201
    update = other.get(f"/api/v1/ideas/{ideas[0]}/updates").get_json()["updates"][0]
    assert "<strong>Month 1</strong>" in update["body_html"] and update["author"]["name"] == "Amira Hassan"
