"""Recruitment phases: defining them, telling the public who may apply now, placing an applicant.

Every time-dependent answer takes `now`, so that opening and closing can be tested without waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from qnet.core.dates import uk_date_time
from qnet.core.errors import Conflict, Invalid
from qnet.core.records import Listed, Partner, Phase
from qnet.core.vocabulary import label
from qnet.graph.mail import OutgoingMail
from qnet.graph.membership.recruitment import PhaseWrite, RecruitmentRepository
from qnet.graph.membership.updates import Subscriber, SubscriptionRepository
from qnet.matching.mail import MailService
from qnet.matching.membership import letters
from qnet.matching.membership.criteria import EVIDENCE_LISTS, ROUTES
from qnet.matching.people.skills import slug
from qnet.matching.tokens import sign


@dataclass(frozen=True)
class PhaseInput:
    name: str
    opens_at: datetime
    closes_at: datetime
    routes: list[str]
    courses: list[str]
    organisations: list[str]
    partners: list[tuple[str, str]]  # (organisation name, region)
    reviews_required: int = 2


@dataclass(frozen=True)
class RecruitmentView:
    open: list[Phase]
    upcoming: list[Phase]


def listed(names: list[str]) -> list[Listed]:
    """Names as a coordinator typed them, one entry per normalised key (first spelling kept)."""
    seen: dict[str, Listed] = {}
    for name in names:
        tidy = " ".join(name.split())
        seen.setdefault(slug(tidy), Listed(slug(tidy), tidy))
    return list(seen.values())


class RecruitmentService:
    def __init__(self, phases: RecruitmentRepository, subscriptions: SubscriptionRepository,
                 mail: MailService) -> None:
        self.phases = phases
        self.subscriptions = subscriptions
        self.mail = mail

    def define(self, phase: PhaseInput, now: datetime, phase_id: str | None = None) -> Phase:
        """Create or replace a phase after checking that it is complete enough to apply to."""
        problems: dict[str, list[str]] = {}
        if phase.closes_at <= phase.opens_at:
            problems["closes_at"] = ["must be after the opening date and time"]
        needs = {"course_alumni": ("courses", phase.courses), "national_organisation":
                 ("organisations", phase.organisations), "regional": ("partners", phase.partners)}
        for route, (field, values) in needs.items():
            if route in phase.routes and not values:
                problems[field] = [f"add at least one here for the route “{label(route)}”"]
        if problems:
            raise Invalid("the phase is not complete", fields=problems)
        write = PhaseWrite(
            name=" ".join(phase.name.split()), opens_at=phase.opens_at, closes_at=phase.closes_at,
            routes=sorted(set(phase.routes), key=list(ROUTES).index),
            courses=listed(phase.courses), organisations=listed(phase.organisations),
            partners=[Partner(slug(" ".join(n.split())), " ".join(n.split()), region)
                      for n, region in dict.fromkeys(phase.partners)],
            reviews_required=phase.reviews_required,
        )
        return self.phases.save(write, now, phase_id)

    def all(self) -> list[Phase]:
        """Every phase, past, open and upcoming, in opening order."""
        return self.phases.all()

    def get(self, phase_id: str) -> Phase:
        return self.phases.get(phase_id)

    def delete(self, phase_id: str) -> None:
        """Remove a phase that nobody has applied to yet (Conflict once someone has)."""
        self.phases.delete(phase_id)

    def view(self, now: datetime) -> RecruitmentView:
        phases = self.phases.current_and_upcoming(now)
        return RecruitmentView([p for p in phases if p.is_open(now)], [p for p in phases if not p.is_open(now)])

    def place(self, route: str, evidence: str | None, region: str, now: datetime) -> Phase:
        """The open phase an applicant belongs to, or Invalid with a message that says why not."""
        admitting = [p for p in self.view(now).open if route in p.routes]
        if not admitting:
            raise Invalid(f"applications are not open to {ROUTES[route]} at the moment; "
                          "register for updates to hear when they are",
                          fields={"route": ["no open phase admits this route now"]})
        if route in EVIDENCE_LISTS:
            kind = EVIDENCE_LISTS[route]
            if not evidence or not evidence.strip():
                raise Invalid(f"say which {kind} you apply through", fields={"route_evidence": [f"name the {kind}"]})
            key = slug(" ".join(evidence.split()))
            for phase in admitting:
                entries = phase.courses if route == "course_alumni" else phase.organisations
                if any(entry.key == key for entry in entries):
                    return phase
            raise Invalid(f"\"{evidence.strip()}\" is not one of the {kind}s identified for the open phase; "
                          "GET /api/v1/recruitment lists them",
                          fields={"route_evidence": [f"not one of the {kind}s identified for this phase"]})
        if route == "regional":
            for phase in admitting:
                if any(p.region == region for p in phase.partners):
                    return phase
            raise Invalid(f"no partner regional improvement organisation covers {region} in the open phase",
                          fields={"region": ["no partner organisation in this region"]})
        return admitting[0]

    def announce(self, phase_id: str, now: datetime) -> int:
        """Tell confirmed subscribers that the phase is open (once, while it is open); regional phases
        only in their regions."""
        phase = self.phases.get(phase_id)
        if now < phase.opens_at:
            raise Conflict(f"this phase opens on {uk_date_time(phase.opens_at)}; announce it once it is open")
        if now >= phase.closes_at:
            raise Conflict("this phase has closed; there is nothing to announce")
        only_regional = phase.routes == ["regional"]
        regions = sorted({p.region for p in phase.partners}) if only_regional else None
        base = self.mail.settings.public_url

        def compose(subscriber: Subscriber) -> OutgoingMail:
            token = sign(self.mail.settings.secret_key, "unsubscribe", subscriber.id)
            return letters.phase_open(subscriber.email, phase.name, phase.routes, uk_date_time(phase.closes_at),
                                      f"{base}/join", f"{base}/updates/unsubscribe/{token}", subscriber.id)

        ids = self.subscriptions.announce(phase_id, regions, now, compose)
        self.mail.deliver_quietly(ids)
        return len(ids)
