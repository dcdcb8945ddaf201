"""The one wiring root: every service qnet runs, built from Settings and a Graph, for the web app and the CLI alike."""

from __future__ import annotations

from dataclasses import dataclass

from qnet.config import Settings
from qnet.graph.driver import Graph
from qnet.graph.membership.accounts import AccountRepository
from qnet.graph.membership.applications import ApplicationRepository
from qnet.graph.membership.sessions import SessionRepository
from qnet.graph.messaging.activity import ActivityRepository
from qnet.graph.messaging.blocks import BlockRepository
from qnet.graph.messaging.fanout import FanoutRepository
from qnet.graph.messaging.message_flags import MessageFlagRepository
from qnet.graph.messaging.messages import MessageRepository
from qnet.graph.messaging.notification_mail import NotificationMailRepository
from qnet.graph.messaging.notifications import NotificationRepository
from qnet.graph.migrations import migrate
from qnet.graph.people.connections import ConnectionRepository
from qnet.graph.people.profiles import MemberRepository
from qnet.graph.people.search import SearchRepository
from qnet.graph.people.suggestions import SuggestionRepository
from qnet.graph.throttle import ThrottleRepository
from qnet.matching.coordinator.services import CoordinatorInsight
from qnet.matching.knowledge.services import Knowledge
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.membership.accounts import AccountService
from qnet.matching.membership.devices import DeviceCookies
from qnet.matching.membership.registration import Registration
from qnet.matching.membership.services import Membership
from qnet.matching.membership.sessions import SessionService
from qnet.matching.messaging.home import MemberHome
from qnet.matching.messaging.messages import MessagingService
from qnet.matching.messaging.notification_mail import NotificationEmail
from qnet.matching.messaging.notifications import Notifier
from qnet.matching.people.connections import ConnectionService
from qnet.matching.people.profiles import ProfileService
from qnet.matching.people.search import PeopleSearch
from qnet.matching.people.suggestions import ConnectionSuggestions
from qnet.matching.throttle import PublicWriteThrottle


@dataclass
class Services:
    settings: Settings
    graph: Graph
    embedder: Embedder
    profiles: ProfileService
    accounts: AccountService
    membership: Membership
    connections: ConnectionService
    search: PeopleSearch
    suggestions: ConnectionSuggestions
    knowledge: Knowledge
    insight: CoordinatorInsight
    throttle: PublicWriteThrottle
    messages: MessagingService
    notifier: Notifier
    notification_email: NotificationEmail
    home: MemberHome
    registration: Registration
    sessions: SessionService
    devices: DeviceCookies

    @classmethod
    def connect(cls, settings: Settings, embedder: Embedder) -> Services:
        """Every service over a new driver for the configured Neo4j (no I/O until the first query;
        `close` closes it)."""
        return cls.build(settings, Graph.connect(settings), embedder)

    @classmethod
    def build(cls, settings: Settings, graph: Graph, embedder: Embedder) -> Services:
        members = MemberRepository(graph)
        notifier = Notifier(NotificationRepository(graph), FanoutRepository(graph))
        knowledge = Knowledge.build(graph, embedder, notifier)
        messages = MessagingService(MessageRepository(graph), MessageFlagRepository(graph), BlockRepository(graph),
                                    ThrottleRepository(graph), settings.messages_per_hour, notifier)
        profiles = ProfileService(members, embedder)
        return cls(
            settings=settings,
            graph=graph,
            embedder=embedder,
            profiles=profiles,
            membership=Membership.build(settings, graph, embedder),
            accounts=AccountService(
                AccountRepository(graph),
                max_attempts=settings.login_attempts,
                window_s=settings.login_window_s,
            ),
            connections=ConnectionService(ConnectionRepository(graph), members, notifier),
            search=PeopleSearch(SearchRepository(graph), embedder),
            suggestions=ConnectionSuggestions(SuggestionRepository(graph)),
            knowledge=knowledge,
            insight=CoordinatorInsight.build(graph, notifier),
            throttle=PublicWriteThrottle(ThrottleRepository(graph), settings.public_writes_per_hour),
            messages=messages,
            notifier=notifier,
            notification_email=NotificationEmail(NotificationMailRepository(graph), settings.secret_key,
                                                 settings.public_url, settings.digest_hour),
            home=MemberHome(notifier, knowledge.collaborators, ActivityRepository(graph), messages),
            registration=Registration(members, profiles, ApplicationRepository(graph).in_progress,
                                      open_signup=settings.open_signup),
            sessions=SessionService(SessionRepository(graph)),
            devices=DeviceCookies(settings.secret_key),
        )

    def migrate(self) -> None:
        """Bring the graph's constraints, indexes and data up to date (Unavailable while Neo4j is down)."""
        migrate(self.graph)

    def database_is_up(self) -> bool:
        return self.graph.is_up()

    def close(self) -> None:
        self.graph.close()
