"""The one wiring root: every service qnet runs, built from Settings and a Graph, for the web app and the CLI alike.

`Services.build` makes the whole set (the web app keeps one per app; CLI commands build one per run).
`build_embedder` is the one place an Embedder is made from Settings, and `build_worker` makes the
mail worker, which needs no model.
"""

from __future__ import annotations

from dataclasses import dataclass

from qnet.config import Settings
from qnet.graph.driver import Graph
from qnet.graph.mail import OutboxRepository
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
from qnet.matching.mail import MailService
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.membership.accounts import AccountService
from qnet.matching.membership.devices import DeviceCookies
from qnet.matching.membership.registration import Registration
from qnet.matching.membership.services import Membership
from qnet.matching.membership.sessions import SessionService
from qnet.matching.messaging.activity import ActivityNotices
from qnet.matching.messaging.home import MemberHome
from qnet.matching.messaging.messages import MessagingService
from qnet.matching.messaging.notification_mail import NotificationEmail
from qnet.matching.messaging.notifications import Notifier
from qnet.matching.people.connections import ConnectionService
from qnet.matching.people.profiles import ProfileService
from qnet.matching.people.search import PeopleSearch
from qnet.matching.people.suggestions import ConnectionSuggestions
from qnet.matching.throttle import PublicWriteThrottle
from qnet.matching.worker import Worker


def build_embedder(settings: Settings, backend: str | None = None, batch_size: int = 64,
                   workers: int = 1) -> Embedder:
    """The embedding model as Settings configure it (it loads on first use, not here).

    `backend` overrides the configured one (a seed picks its own); None with none configured: torch.
    """
    return Embedder(settings.embedding_model, batch_size=batch_size, backend=backend or settings.embedding_backend,
                    workers=workers, query_backend=settings.query_embedding_backend, home=settings.home)


def build_worker(settings: Settings, graph: Graph) -> Worker:
    """`qnet worker`: notification emails, digests and the outbox, with no embedding model."""
    notifier = _notifier(graph)
    return Worker(_notification_email(settings, graph), MailService(OutboxRepository(graph), settings),
                  ActivityNotices(notifier, ActivityRepository(graph)), settings.worker_interval_s)


def _notifier(graph: Graph) -> Notifier:
    return Notifier(NotificationRepository(graph), FanoutRepository(graph))


def _notification_email(settings: Settings, graph: Graph) -> NotificationEmail:
    return NotificationEmail(NotificationMailRepository(graph), settings.secret_key, settings.public_url,
                             settings.digest_hour)


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
    def connect(cls, settings: Settings, embedder: Embedder | None = None) -> Services:
        """Every service over a new driver for the configured Neo4j (no I/O until the first query;
        `close` closes it)."""
        return cls.build(settings, Graph.connect(settings), embedder)

    @classmethod
    def build(cls, settings: Settings, graph: Graph, embedder: Embedder | None = None) -> Services:
        """Every service over `graph`; the embedder is made from Settings unless one is given (tests,
        a seed's cached embedder)."""
        embedder = embedder or build_embedder(settings)
        members = MemberRepository(graph)
        notifier = _notifier(graph)
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
            notification_email=_notification_email(settings, graph),
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
