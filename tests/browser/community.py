"""A small community with something on every page: members, an idea with a discussion, a round in its
voting phase, an application waiting for review and a flagged comment. Built through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from qnet.core.records import Member
from qnet.matching.knowledge.ideas import IdeaInput
from qnet.matching.membership.applications import ApplicationInput
from qnet.matching.membership.recruitment import PhaseInput
from qnet.services import Services
from tests.browser.conftest import member

ANSWERS = {
    "a": ("I believe the best improvements happen when patients, nurses and managers work on them together. "
          "In my trust I set up a monthly huddle where staff from three wards share what they are testing."),
    "b": ("I led a project to reduce the time to antibiotics for patients with suspected sepsis in our emergency "
          "department. We ran six PDSA cycles and tracked door-to-needle time on a run chart."),
    "c": ("Looking back, the change only stuck once the night team had shaped it. Statistical process control "
          "helped us tell real improvement from noise, and next time I would involve patients earlier."),
}


PEOPLE = [
    {"name": "Sam Patel", "role": "data analyst", "region": "North West", "organisation": "Northfield Teaching Hospitals",
     "bio": "I build statistical process control charts to track sepsis screening in the emergency department.",
     "skills": [{"name": "SPC", "level": 3}, {"name": "data visualisation", "level": 2}],
     "interests": ["sepsis", "emergency department flow"]},
    {"name": "Grace Owusu", "role": "midwife", "region": "London", "organisation": "City Maternity Unit",
     "bio": "I co-design maternity services with women and families to make birth safer.",
     "skills": [{"name": "co-design", "level": 3}, {"name": "patient and public involvement", "level": 2}],
     "interests": ["maternity safety", "sepsis"]},
    {"name": "Tom Price", "role": "GP", "region": "Scotland", "organisation": "Glen Practice",
     "bio": "I lead frailty work in primary care, reducing falls and polypharmacy in care homes.",
     "skills": [{"name": "Lean", "level": 2}, {"name": "process mapping", "level": 3}],
     "interests": ["frailty", "care homes"]},
]


@dataclass
class Community:
    coordinator: Member
    people: list[Member]
    idea_id: str
    round_id: str
    application_id: str


def build(services: Services) -> Community:
    now = datetime.now(UTC)
    coordinator = member(services, "coordinator", name="Cora Ordinator", role="improvement adviser",
                         organisation="Q Community Team", interests=["sepsis", "patient flow"],
                         skills=[{"name": "PDSA", "level": 1}])
    people = [member(services, **p) for p in PEOPLE]
    sam, grace, tom = people
    knowledge = services.knowledge
    services.connections.request(grace.id, coordinator.id)
    services.connections.request(coordinator.id, tom.id)
    services.connections.accept(tom.id, coordinator.id)
    idea = knowledge.ideas.create(sam, IdeaInput(
        title="Text message reminders for outpatient clinics",
        summary="Send patients an SMS a week and a day before their appointment so fewer clinic slots are wasted.",
        topics=("outpatients", "digital"), body="We would **measure** did-not-attend rates on a run chart."))
    first = knowledge.comments.post(grace, "idea", idea.id, "We tried this in antenatal clinics; it helped.")
    knowledge.comments.post(tom, "idea", idea.id, "Which messaging service did you use?", reply_to=first.id)
    flagged = knowledge.comments.post(tom, "idea", idea.id, "Ask Dr Jones on ward 4, she knows the system.")
    knowledge.comments.flag(sam, flagged.id, "Names a colleague")
    knowledge.ideas.support(grace, idea.id)
    round_ = knowledge.rounds.open_round(coordinator, "Winter pressures round", "Ideas that ease winter pressures.",
                                         3, {"ideas_open_at": now - timedelta(days=3),
                                             "shortlisting_at": now - timedelta(days=2),
                                             "voting_at": now - timedelta(hours=1),
                                             "results_at": now + timedelta(days=7)}, now=now - timedelta(days=4))
    for author, title in ((sam, "Virtual ward for frail patients"), (tom, "Discharge lounge open at weekends")):
        entered = knowledge.ideas.create(author, IdeaInput(title=title, summary=f"{title}: a plan for this winter.",
                                                           topics=("winter",)))
        knowledge.rounds.enter(author, round_.id, entered.id, now=now - timedelta(days=2, hours=12))
        knowledge.ideas.change_status(coordinator, entered.id, "shortlisted")
    services.membership.recruitment.define(PhaseInput(
        name="Spring phase", opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=30),
        routes=["open", "patient_carer"], courses=[], organisations=[], partners=[]), now)
    application_id = services.membership.applications.submit(ApplicationInput(
        name="Priya Sharma", email="priya.sharma@example.org", organisation="Riverside Community Health NHS Trust",
        region="Midlands", role="nurse", route="open", route_evidence=None, answers=dict(ANSWERS), consent=True), now)
    return Community(coordinator, people, idea.id, round_.id, application_id)
