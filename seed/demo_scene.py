"""The demo's present moment: something happening in every area when a visitor first arrives.

After the community is loaded, `set_scene` opens a recruitment phase with applications waiting for
review, an idea round in its voting phase (ideas entered, shortlisted and a few votes cast), flags
on a few comments for moderation, a clustering run and a pairing round. It goes through the same
services as the pages, so what it makes is what a coordinator or member would have made.

Dates are relative to the day of seeding (a phase must be open today to be applied to), so unlike
the community the scene is not byte-identical between days. It is made once: each part is skipped
when it is already there, so running `qnet seed` again adds nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from qnet.core.errors import Conflict
from qnet.core.records import Member
from qnet.matching.membership.applications import ApplicationInput
from qnet.matching.membership.recruitment import PhaseInput
from qnet.services import Services
from seed.activity import stable_id
from seed.generator import DEMO_ACCOUNTS, generate_activity

PHASE_NAME = "Spring 2027 recruitment"
ROUND_NAME = "Winter pressures ideas 2026/27"
ROUND_ENTRIES = 4
FLAGS = (("Names a colleague who is not here to reply", 0), ("Reads like an advert for a product", 1),
         ("Unkind about another team", 2))

# Applicants waiting for review: invented people, each answer in their own words.
APPLICANTS: tuple[dict[str, object], ...] = (
    {"name": "Bethan Rees", "email": "bethan.rees@example.org", "organisation": "Afon Teifi University Health Board",
     "region": "Wales", "role": "nurse", "route": "open", "answers": {
         "a": "On our stroke unit I started a Friday half hour where nurses, therapists and two patient volunteers "
              "look at one thing that went wrong that week and agree a small test for the next. Most of our "
              "changes now start there, and the volunteers often spot what we have stopped seeing.",
         "b": "We cut the time from arrival to swallow screen from a median of five hours to under two. I mapped the "
              "process with the night staff, we trained healthcare assistants to screen, and we plotted every "
              "patient on a run chart on the ward office door so everyone could see the shift.",
         "c": "The first version failed because I wrote it without the night team. When it stalled I asked them "
              "why, and their answer changed the design. I now involve the people who will do the work before I "
              "write anything down, and I look at the data weekly rather than at the end."}},
    {"name": "Kwame Mensah", "email": "kwame.mensah@example.org", "organisation": "Riverbank Community Pharmacy Group",
     "region": "London", "role": "pharmacist", "route": "open", "answers": {
         "a": "Community pharmacists see people the rest of the system misses. I co-chair a network of twelve "
              "pharmacies and three GP practices that meets monthly to share what we are testing on blood pressure "
              "checks, and I bring our findings to the local primary care board.",
         "b": "We set out to find undiagnosed high blood pressure in men over forty who rarely see a GP. Over nine "
              "months we offered checks at barbers and mosques, tracked referrals on a simple dashboard and found "
              "214 people who needed treatment; most are now under a practice's care.",
         "c": "I learned that the measure matters as much as the idea. Early on we counted checks, not referrals "
              "that reached a GP, and we looked busier than we were useful. Next time I would agree the measure "
              "with the practices first, and plan for what happens when the project funding stops."}},
    {"name": "Morag Fraser", "email": "morag.fraser@example.org", "organisation": None,
     "region": "Scotland", "role": "carer", "route": "open", "answers": {
         "a": "I cared for my husband through six years of dementia and now sit on two patient panels. I try to "
              "make sure families are asked before a service changes, not told afterwards, and I help other carers "
              "find their voice in meetings that can feel built for professionals.",
         "b": "With a memory clinic team I helped redesign the letter families receive after a diagnosis. We tested "
              "three versions with carers' groups, and the clinic now sends a shorter letter with a named contact "
              "and a follow-up call within a fortnight; calls to the team from worried families have fallen.",
         "c": "I used to think being heard meant being agreed with. Working with the clinic taught me to bring "
              "stories with a clear ask and to accept a small change that sticks over a big one that does not. I "
              "would like to learn more about measuring whether a change has helped."}},
)


@dataclass
class SceneReport:
    made: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def note(self, made: bool, what: str) -> None:
        (self.made if made else self.skipped).append(what)


def _coordinator(services: Services) -> Member:
    email = next(a["email"] for a in DEMO_ACCOUNTS if a["account_role"] == "coordinator")
    found = services.profiles.find_by_email(str(email))
    if found is None:
        raise RuntimeError("the demo coordinator is missing: load the community first")
    return found


def _recruitment(services: Services, now: datetime) -> bool:
    membership = services.membership
    if any(p.name == PHASE_NAME for p in membership.recruitment.phases.all()):
        return False
    membership.recruitment.define(PhaseInput(
        name=PHASE_NAME, opens_at=now - timedelta(days=6), closes_at=now + timedelta(days=27),
        routes=["open", "patient_carer"], courses=[], organisations=[], partners=[], reviews_required=1), now)
    for k, applicant in enumerate(APPLICANTS):
        membership.applications.submit(ApplicationInput(
            name=str(applicant["name"]), email=str(applicant["email"]), organisation=applicant["organisation"],  # type: ignore[arg-type]
            region=str(applicant["region"]), role=str(applicant["role"]), route=str(applicant["route"]),
            route_evidence=None, answers=dict(applicant["answers"]), consent=True),  # type: ignore[call-overload]
            now - timedelta(days=5 - k, hours=3 * k))
    return True


def _round(services: Services, coordinator: Member, ideas: list[dict[str, object]], now: datetime) -> bool:
    rounds = services.knowledge.rounds
    if any(r.name == ROUND_NAME for r in rounds.rounds.all()):
        return False
    opened = now - timedelta(days=21)
    round_ = rounds.open_round(coordinator, ROUND_NAME,
                               "Ideas that ease pressure on services this winter, from the front door to discharge.",
                               3, {"ideas_open_at": opened, "shortlisting_at": now - timedelta(days=9),
                                   "voting_at": now - timedelta(days=2), "results_at": now + timedelta(days=12)},
                               now=opened)
    entered = []
    for idea in ideas[:ROUND_ENTRIES]:
        author = services.profiles.get(stable_id(str(idea["author"])))
        rounds.enter(author, round_.id, stable_id(str(idea["key"])), now=opened + timedelta(days=3))
        entered.append(stable_id(str(idea["key"])))
    shortlisted = entered[:3]
    for idea_id in shortlisted:
        services.knowledge.ideas.change_status(coordinator, idea_id, "shortlisted")
    # Two demo members have voted; the first demo member is left to vote as a visitor would.
    voters = [services.profiles.find_by_email(str(a["email"])) for a in DEMO_ACCOUNTS[2:]]
    for k, voter in enumerate(v for v in voters if v is not None and shortlisted):
        rounds.vote(voter, round_.id, shortlisted[k % len(shortlisted)], now=now - timedelta(hours=20 - k))
    return True


def _flags(services: Services, comments: list[dict[str, object]], now: datetime) -> bool:
    made = False
    top_level = [c for c in comments if not c["parent"]]
    for reason, k in FLAGS:
        comment = top_level[k * len(top_level) // len(FLAGS)]
        flagger_key = next(c["author"] for c in comments[k * 5:] if c["author"] != comment["author"])
        flagger = services.profiles.get(stable_id(str(flagger_key)))
        comment_id = stable_id(str(comment["key"]))
        if any(f["member_id"] == flagger.id for f in services.knowledge.comments.comments.flags_of(comment_id)):
            continue
        try:
            services.knowledge.comments.flag(flagger, comment_id, reason, now - timedelta(hours=30 - 6 * k))
            made = True
        except Conflict:  # the comment was deleted or removed since
            continue
    return made


def set_scene(services: Services, members: int, seed: int = 7, now: datetime | None = None,
              progress: Callable[[str], None] | None = None) -> SceneReport:
    """Make the demo's current activity (once); returns what was made and what was already there."""
    now = now or datetime.now(UTC)
    say = progress or (lambda _: None)
    report = SceneReport()
    coordinator = _coordinator(services)
    activity = generate_activity(members, seed)
    published = {i["key"] for i in activity.ideas if i["status"] != "draft"}
    open_ideas = [i for i in activity.ideas if i["status"] == "open"]

    say("recruitment phase and applications")
    report.note(_recruitment(services, now), "recruitment phase with applications waiting for review")
    say("idea round in its voting phase")
    report.note(_round(services, coordinator, open_ideas, now), "idea round in its voting phase")
    say("flagged comments")
    report.note(_flags(services, [c for c in activity.comments if c["idea"] in published], now),
                "flagged comments")
    insight = services.insight
    say("clustering run")
    done = insight.results.latest_done() is None
    if done:
        insight.clusters.run_now(coordinator.id, seed=42)
    report.note(done, "clustering run")
    say("pairing round")
    fresh = not insight.pairings.rounds(1)
    if fresh:
        insight.pairing.start_round(coordinator.id)
    report.note(fresh, "pairing round")
    return report
