"""The worker's own announcements: idea rounds opening for voting (every member, once per round) and new
members close to one's interests by meaning (at most weekly), against the real graph and model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from qnet.core.records import Member
from qnet.matching.worker import Worker
from qnet.services import Services
from tests.conftest import make_member


def _texts(services: Services, member: Member) -> list[str]:
    return [n.text for n in services.notifier.page(member.id, 50).notifications]


def test_a_round_opening_for_voting_is_announced_to_every_member_once(services: Services, worker: Worker) -> None:
    coordinator = make_member(services, account_role="coordinator", name="Cora Ordinator")
    members = [make_member(services, name=f"Voter {i}") for i in range(3)]
    now = datetime.now(UTC)
    moments = {"ideas_open_at": now - timedelta(days=3), "shortlisting_at": now - timedelta(days=2),
               "voting_at": now + timedelta(hours=1), "results_at": now + timedelta(days=7)}
    round_ = services.knowledge.rounds.open_round(coordinator, "Winter pressures 2026", "Ideas for winter.", 3, moments)
    assert worker.run_once(now).rounds == 0  # voting has not begun yet
    assert worker.run_once(now + timedelta(hours=2)).rounds == 1
    assert worker.run_once(now + timedelta(hours=3)).rounds == 0  # once per round
    for member in [coordinator, *members]:
        # Only this kind: the worker's daily introductions of new members depend on the time of day.
        [notice] = [n for n in services.notifier.page(member.id, 50).notifications if n.kind == "round_voting"]
        assert notice.text.startswith("Voting is open in the idea round “Winter pressures 2026” until ")
        assert notice.link == f"/rounds/{round_.id}"


def test_members_hear_about_a_new_member_close_to_their_interests_at_most_weekly(
        services: Services, worker: Worker) -> None:
    sepsis: dict[str, Any] = {
        "role": "nurse", "bio": "I improve sepsis screening and escalation in the emergency department.",
        "skills": [{"name": "PDSA cycles", "level": 2}], "interests": ["sepsis", "deteriorating patients"]}
    close = make_member(services, name="Nia Close", **sepsis)
    far = make_member(services, name="Frank Far", role="finance manager",
                      bio="I run procurement of office furniture and estates contracts.", skills=[],
                      interests=["procurement"])
    newcomer = make_member(services, name="Sam Newcomer", **sepsis)
    day = datetime.now(UTC) + timedelta(days=1)  # all three joined in the day before this slot
    assert worker.introduce_new_members(day) >= 2
    assert "Sam Newcomer, a nurse, joined qnet and shares your interest in deteriorating patients, sepsis" in \
        _texts(services, close)
    assert "Nia Close, a nurse, joined qnet and shares your interest in deteriorating patients, sepsis" in \
        _texts(services, newcomer)
    assert not any("Newcomer" in t or "Close" in t for t in _texts(services, far))  # not close in meaning
    assert not any("Frank Far" in t for t in _texts(services, close))
    assert worker.introduce_new_members(day + timedelta(minutes=5)) == 0  # once per day's slot

    before = datetime.now(UTC)
    make_member(services, name="Ada Another", **sepsis)
    now = datetime.now(UTC)
    assert worker.notices.introduce_new_members(before, now) == 0  # both heard this week
    assert worker.notices.introduce_new_members(before, now + timedelta(days=8)) >= 2  # a week on
    assert any(t.startswith("Ada Another") for t in _texts(services, close))
