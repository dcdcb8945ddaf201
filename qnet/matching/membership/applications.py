"""Applications: submission (with its refusals), the private status link, the review queue, retention.

Reviews and decisions are in qnet/matching/membership/reviews.py; reviewer assist in reviewer_assist.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from qnet.core.cursors import decode_cursor, encode_cursor
from qnet.core.errors import Invalid, NotFound
from qnet.core.filters import QueueFilters
from qnet.core.records import Application, Page
from qnet.graph.membership.applications import ApplicationRepository, ApplicationWrite
from qnet.matching.mail import MailService
from qnet.matching.membership import letters
from qnet.matching.membership.criteria import CRITERIA
from qnet.matching.membership.recruitment import RecruitmentService
from qnet.matching.membership.reviewer_assist import CriterionAssist, ReviewerAssist
from qnet.matching.people.skills import slug
from qnet.matching.tokens import digest, new_secret

DISAGREEMENT = 2  # reviewers' scores for one criterion this far apart are flagged


@dataclass(frozen=True)
class ApplicationInput:
    name: str
    email: str
    organisation: str | None
    region: str
    role: str
    route: str
    route_evidence: str | None
    answers: dict[str, str]
    consent: bool


@dataclass(frozen=True)
class ApplicationView:
    """An application as coordinators see it: with its flags and, in detail, reviewer assist."""

    application: Application
    flags: list[str]
    assist: list[CriterionAssist] | None = None


def review_flags(application: Application) -> list[str]:
    """What a coordinator should look at twice: reviewers who disagree, and conflicts of interest."""
    flags: list[str] = []
    for criterion in CRITERIA:
        scores = [r.scores[criterion.key] for r in application.reviews]
        if len(scores) > 1 and max(scores) - min(scores) >= DISAGREEMENT:
            flags.append(f"reviewers disagree on ({criterion.key}) {criterion.title.lower()}: "
                         f"scores {', '.join(map(str, scores))}")
    for review in application.reviews:
        if review.conflict_of_interest:
            flags.append(f"conflict of interest: {review.reviewer_name} works at the applicant's organisation")
    return flags


class ApplicationService:
    def __init__(self, applications: ApplicationRepository, recruitment: RecruitmentService,
                 mail: MailService, assist: ReviewerAssist) -> None:
        self.applications = applications
        self.recruitment = recruitment
        self.mail = mail
        self.assist = assist

    def status_url(self, secret: str) -> str:
        return f"{self.mail.settings.public_url}/join/status/{secret}"

    def submit(self, data: ApplicationInput, now: datetime) -> str:
        """Check the route and evidence against the open phases, store, and mail the status link."""
        if not data.consent:
            raise Invalid("we can only consider an application with your consent to process it",
                          fields={"consent": ["must be true"]})
        phase = self.recruitment.place(data.route, data.route_evidence, data.region, now)
        evidence = " ".join(data.route_evidence.split()) if data.route_evidence else None
        organisation = " ".join(data.organisation.split()) if data.organisation else None
        write = ApplicationWrite(
            name=" ".join(data.name.split()), email=data.email.strip().lower(), organisation=organisation,
            organisation_key=slug(organisation) if organisation else None, region=data.region, role=data.role,
            route=data.route, route_evidence=evidence, evidence_key=slug(evidence) if evidence else None,
            answers={k: v.strip() for k, v in data.answers.items()},
        )
        secret, secret_hash = new_secret()
        application_id, mail_id = self.applications.submit(
            write, phase.id, secret_hash, now,
            lambda app_id: letters.application_received(write.email, write.name, phase.name,
                                                        self.status_url(secret), app_id, phase.reviews_required),
        )
        self.mail.deliver_quietly([mail_id])
        return application_id

    def status(self, secret: str) -> Application:
        found = self.applications.by_status_hash(digest(secret))
        if found is None:
            raise NotFound("this status link is not valid (or the application has been deleted)")
        return found

    def detail(self, application_id: str) -> ApplicationView:
        """One application with its reviews, flags and the assist highlights for each criterion."""
        application = self.applications.get(application_id)
        return ApplicationView(application, review_flags(application), self.assist.assess(application.answers))

    def queue(self, filters: QueueFilters, limit: int, cursor: str | None = None) -> Page[ApplicationView]:
        rows = self.applications.queue(filters, limit, _decode_cursor(cursor) if cursor else None)
        items = rows[:limit]
        next_cursor = _encode_cursor(items[-1]) if len(rows) > limit else None
        return Page([ApplicationView(a, review_flags(a)) for a in items], next_cursor)

    # -- retention -------------------------------------------------------------------------------
    def retention_days(self) -> int:
        return self.applications.retention_days()

    def set_retention_days(self, days: int, now: datetime) -> int:
        return self.applications.set_retention_days(days, now)

    def purge_declined(self, now: datetime) -> int:
        """Delete declined applications whose decision is older than the configured retention."""
        return self.applications.purge_declined(now - timedelta(days=self.retention_days()))


def _encode_cursor(application: Application) -> str:
    return encode_cursor(application.submitted_at.isoformat(), application.id)


def _decode_cursor(cursor: str) -> tuple[datetime, str]:
    at, application_id = decode_cursor(cursor, str, str, listing="queue")
    try:
        moment = datetime.fromisoformat(at)
        if moment.tzinfo is None:
            raise ValueError("a queue position is in UTC")
        return moment, application_id
    except ValueError:
        raise Invalid("the cursor is not valid", fields={"cursor": ["not a cursor from this queue"]}) from None
