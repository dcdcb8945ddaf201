"""Membership as one set of services: phases, applications, reviews and decisions, updates, mail, privacy.

`Membership.build` wires the repositories to the services once per app (qnet/web/services.py keeps
it as `services().membership`); the CLI builds the same set for `qnet mail deliver` and the purge.
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet.config import Settings
from qnet.graph.applications import ApplicationRepository
from qnet.graph.driver import Graph
from qnet.graph.invitations import InvitationRepository
from qnet.graph.members import MemberRepository
from qnet.graph.outbox import OutboxRepository
from qnet.graph.privacy import PrivacyRepository
from qnet.graph.recruitment import RecruitmentRepository
from qnet.graph.reviews import ReviewRepository
from qnet.graph.subscriptions import SubscriptionRepository
from qnet.matching.applications import ApplicationService
from qnet.matching.decisions import DecisionService
from qnet.matching.embedding import Embedder
from qnet.matching.mail import MailService
from qnet.matching.privacy import PrivacyService
from qnet.matching.profiles import ProfileService
from qnet.matching.recruitment import RecruitmentService
from qnet.matching.reviewer_assist import ReviewerAssist
from qnet.matching.updates import UpdatesService


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
