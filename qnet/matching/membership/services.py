"""Membership as one set of services: phases, applications, reviews and decisions, updates, mail, privacy.

`Membership.build` wires the repositories to the services; qnet.services (the one wiring root) calls
it for the web app (`services().membership`) and for the CLI's `qnet mail deliver` and purge alike.
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet.config import Settings
from qnet.graph.driver import Graph
from qnet.graph.mail import OutboxRepository
from qnet.graph.membership.applications import ApplicationRepository
from qnet.graph.membership.invitations import InvitationRepository
from qnet.graph.membership.privacy import PrivacyRepository
from qnet.graph.membership.recruitment import RecruitmentRepository
from qnet.graph.membership.reviews import ReviewRepository
from qnet.graph.membership.updates import SubscriptionRepository
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.mail import MailService
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.membership.applications import ApplicationService
from qnet.matching.membership.privacy import PrivacyService
from qnet.matching.membership.recruitment import RecruitmentService
from qnet.matching.membership.reviewer_assist import ReviewerAssist
from qnet.matching.membership.reviews import DecisionService
from qnet.matching.membership.updates import UpdatesService
from qnet.matching.people.profiles import ProfileService


@dataclass
class Membership:
    mail: MailService
    outbox: OutboxRepository
    recruitment: RecruitmentService
    applications: ApplicationService
    decisions: DecisionService
    assist: ReviewerAssist
    updates: UpdatesService
    privacy: PrivacyService

    @classmethod
    def build(cls, settings: Settings, graph: Graph, embedder: Embedder) -> Membership:
        outbox = OutboxRepository(graph)
        mail = MailService(outbox, settings)
        subscriptions = SubscriptionRepository(graph)
        recruitment = RecruitmentService(RecruitmentRepository(graph), subscriptions, mail)
        applications = ApplicationRepository(graph)
        assist = ReviewerAssist(embedder)
        privacy = PrivacyRepository(graph)
        return cls(
            mail=mail,
            outbox=outbox,
            recruitment=recruitment,
            applications=ApplicationService(applications, recruitment, mail, assist),
            decisions=DecisionService(applications, ReviewRepository(graph), InvitationRepository(graph),
                                      ProfileService(MemberRepository(graph), embedder), mail, privacy),
            assist=assist,
            updates=UpdatesService(subscriptions, mail),
            privacy=PrivacyService(privacy),
        )
