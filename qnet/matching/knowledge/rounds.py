"""Idea rounds: the community funds the best ideas through phases, each checked against `now`.

upcoming -> ideas (ideas enter) -> shortlisting (coordinators shortlist) -> voting (members vote,
at most votes_per_member each, once per idea) -> results (exact counts; funded ideas report back).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from qnet.core.errors import Conflict, Forbidden, Invalid
from qnet.core.permissions import is_coordinator, may_enter_idea, may_post_progress, may_see_results
from qnet.core.records import Member
from qnet.graph.knowledge.rounds import PHASE_FIELDS, ProgressUpdate, Round, RoundRepository, Tally
from qnet.graph.knowledge.shared import utc_now
from qnet.matching.knowledge.ideas import IdeaService
from qnet.matching.markdown import render_markdown
from qnet.matching.messaging.activity import ActivityNotices

PHASES = ("upcoming", "ideas", "shortlisting", "voting", "results")


def phase_at(round_: Round, now: datetime) -> str:
    """Which phase a round is in at `now` (each phase starts at its moment and runs to the next)."""
    ms = int(now.timestamp() * 1000)
    phase = "upcoming"
    for name, start in zip(PHASES[1:], round_.moments_ms):
        if ms >= start:
            phase = name
    return phase


@dataclass(frozen=True)
class RoundView:
    round: Round
    phase: str
    my_votes: list[str]
    votes_left: int


class RoundService:
    def __init__(self, rounds: RoundRepository, ideas: IdeaService, clock: Callable[[], datetime] = utc_now) -> None:
        self.rounds = rounds
        self.ideas = ideas
        self.clock = clock
        self.notices: ActivityNotices | None = None  # who to tell about funding and progress (set by Knowledge)

    def open_round(self, coordinator: Member, name: str, description: str, votes_per_member: int,
                   moments: dict[str, datetime], now: datetime | None = None) -> Round:
        if not is_coordinator(coordinator):
            raise Forbidden("only coordinators open rounds")
        ordered = [moments[f] for f in PHASE_FIELDS]
        if any(later <= earlier for earlier, later in pairwise(ordered)):
            raise Invalid("each phase must start after the one before",
                          fields={f: ["phases must be in order: ideas, shortlisting, voting, results"]
                                  for f in PHASE_FIELDS[1:]})
        return self.rounds.get(self.rounds.create(name, description, votes_per_member, moments, now or self.clock()))

    def view(self, member: Member, round_id: str, now: datetime | None = None) -> RoundView:
        round_ = self.rounds.get(round_id)
        mine = self.rounds.my_votes(round_id, member.id)
        return RoundView(round_, phase_at(round_, now or self.clock()), mine,
                         max(0, round_.votes_per_member - len(mine)))

    def all(self, member: Member, now: datetime | None = None) -> list[RoundView]:
        now = now or self.clock()
        return [self.view(member, r.id, now) for r in self.rounds.all()]

    def _require_phase(self, round_: Round, wanted: str, now: datetime, doing: str) -> None:
        phase = phase_at(round_, now)
        if phase != wanted:
            raise Conflict(f"{doing} is possible only during the {wanted} phase; this round is in its {phase} phase")

    def enter(self, member: Member, round_id: str, idea_id: str, now: datetime | None = None) -> RoundView:
        """An idea's author (or a coordinator) enters a published idea while ideas are open."""
        now = now or self.clock()
        round_ = self.rounds.get(round_id)
        idea = self.ideas.get(idea_id, member)
        if not may_enter_idea(member, idea):
            raise Forbidden("only the idea's author or a coordinator can enter it in a round")
        self._require_phase(round_, "ideas", now, "entering an idea")
        if idea.status != "open":
            raise Conflict("only open ideas can enter a round")
        self.rounds.enter(round_id, idea_id, now)
        return self.view(member, round_id, now)

    def start_next_phase(self, coordinator: Member, round_id: str, now: datetime | None = None) -> RoundView:
        """A coordinator moves the round on now (ideas are in, the shortlist is ready) instead of waiting
        for the next phase's date; the later phases keep their dates, which are still ahead."""
        now = now or self.clock()
        if not is_coordinator(coordinator):
            raise Forbidden("only coordinators move a round to its next phase")
        phase = phase_at(self.rounds.get(round_id), now)
        if phase == PHASES[-1]:
            raise Conflict("the round has reached its results; there is no next phase")
        self.rounds.start_phase_at(round_id, PHASE_FIELDS[PHASES.index(phase)], now)
        return self.view(coordinator, round_id, now)

    def shortlist(self, coordinator: Member, round_id: str, idea_id: str, listed: bool,
                  now: datetime | None = None) -> RoundView:
        """A coordinator puts an idea entered in the round on the shortlist (or takes it off) while the
        round is shortlisting; members vote only for shortlisted ideas."""
        now = now or self.clock()
        if not is_coordinator(coordinator):
            raise Forbidden("only coordinators shortlist ideas")
        self._require_phase(self.rounds.get(round_id), "shortlisting", now, "shortlisting")
        idea = self.ideas.get(idea_id, coordinator)
        if round_id not in idea.rounds:
            raise Conflict("that idea is not entered in this round")
        self.ideas.change_status(coordinator, idea_id, "shortlisted" if listed else "open", now)
        return self.view(coordinator, round_id, now)

    def vote(self, member: Member, round_id: str, idea_id: str, now: datetime | None = None) -> RoundView:
        now = now or self.clock()
        round_ = self.rounds.get(round_id)
        self._require_phase(round_, "voting", now, "voting")
        self.rounds.vote(round_id, member.id, idea_id, round_.votes_per_member, now)
        return self.view(member, round_id, now)

    def withdraw_vote(self, member: Member, round_id: str, idea_id: str, now: datetime | None = None) -> RoundView:
        now = now or self.clock()
        self._require_phase(self.rounds.get(round_id), "voting", now, "withdrawing a vote")
        self.rounds.withdraw_vote(round_id, member.id, idea_id)
        return self.view(member, round_id, now)

    def results(self, member: Member, round_id: str, now: datetime | None = None) -> list[Tally]:
        """Exact counts: for everyone once results are out, for coordinators at any time."""
        round_, now = self.rounds.get(round_id), now or self.clock()
        if not may_see_results(member, phase_at(round_, now)):
            self._require_phase(round_, "results", now, "seeing the results")
        return self.rounds.tally(round_id)

    def fund(self, coordinator: Member, round_id: str, idea_ids: list[str], now: datetime | None = None) -> list[Tally]:
        now = now or self.clock()
        if not is_coordinator(coordinator):
            raise Forbidden("only coordinators record funding")
        round_ = self.rounds.get(round_id)
        self._require_phase(round_, "results", now, "funding ideas")
        if self.rounds.fund(round_id, idea_ids, now) != len(set(idea_ids)):
            raise Invalid("every funded idea must be in this round", fields={"idea_ids": ["not all are in the round"]})
        if self.notices:
            self.notices.ideas_funded(coordinator, sorted(set(idea_ids)), round_.name, now)
        return self.rounds.tally(round_id)

    def post_update(self, member: Member, idea_id: str, body: str, now: datetime | None = None) -> list[ProgressUpdate]:
        """Funded ideas report back: their author or their project's team posts progress."""
        idea = self.ideas.get(idea_id, member)
        if not idea.funded:
            raise Conflict("progress updates are for funded ideas")
        if not may_post_progress(member, self.ideas.ideas.team_of(idea_id)):
            raise Forbidden("only the idea's team can post its progress")
        self.rounds.post_update(idea_id, member.id, body.strip(), render_markdown(body.strip()), now or self.clock())
        if self.notices:
            self.notices.progress_update(member, idea_id, now)
        return self.rounds.updates(idea_id)

    def updates(self, member: Member, idea_id: str) -> list[ProgressUpdate]:
        self.ideas.get(idea_id, member)
        return self.rounds.updates(idea_id)
