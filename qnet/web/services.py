"""The objects a request works with, built once per app and kept in app.extensions."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from qnet.config import Settings
from qnet.graph.accounts import AccountRepository
from qnet.graph.applications import ApplicationRepository
from qnet.graph.connections import ConnectionRepository
from qnet.graph.driver import Graph
from qnet.graph.members import MemberRepository
from qnet.graph.search import SearchRepository
from qnet.graph.sessions import SessionRepository
from qnet.graph.suggestions import SuggestionRepository
from qnet.graph.throttle import ThrottleRepository
from qnet.matching.accounts import AccountService
from qnet.matching.coordinator import CoordinatorInsight
from qnet.matching.devices import DeviceCookies
from qnet.matching.embedding import Embedder
from qnet.matching.knowledge import Knowledge
from qnet.matching.membership import Membership
from qnet.matching.profiles import ProfileService
from qnet.matching.registration import Registration
from qnet.matching.search import PeopleSearch
from qnet.matching.sessions import SessionService
from qnet.matching.suggestions import ConnectionSuggestions
from qnet.matching.throttle import PublicWriteThrottle

EXTENSION = "qnet"


@dataclass
class Services:
    settings: Settings
    graph: Graph
    embedder: Embedder
    members: MemberRepository
    profiles: ProfileService
    accounts: AccountService
    membership: Membership
    connections: ConnectionRepository
    search: PeopleSearch
    suggestions: ConnectionSuggestions
    knowledge: Knowledge
    insight: CoordinatorInsight
    throttle: PublicWriteThrottle
    registration: Registration
    sessions: SessionService
    devices: DeviceCookies

    @classmethod
    def build(cls, settings: Settings, graph: Graph, embedder: Embedder) -> Services:
        members = MemberRepository(graph)
        profiles = ProfileService(members, embedder)
        return cls(
            settings=settings,
            graph=graph,
            embedder=embedder,
            members=members,
            profiles=profiles,
            membership=Membership.build(settings, graph, embedder),
            accounts=AccountService(
                AccountRepository(graph),
                max_attempts=settings.login_attempts,
                window_s=settings.login_window_s,
            ),
            connections=ConnectionRepository(graph),
            search=PeopleSearch(SearchRepository(graph), embedder),
            suggestions=ConnectionSuggestions(SuggestionRepository(graph)),
            knowledge=Knowledge.build(graph, embedder),
            insight=CoordinatorInsight.build(graph),
            throttle=PublicWriteThrottle(ThrottleRepository(graph), settings.public_writes_per_hour),
            registration=Registration(members, profiles, ApplicationRepository(graph).in_progress,
                                      open_signup=settings.open_signup),
            sessions=SessionService(SessionRepository(graph)),
            devices=DeviceCookies(settings.secret_key),
        )


def init_app(app: Flask, services: Services) -> None:
    app.extensions[EXTENSION] = services


def services() -> Services:
    """The current app's services (inside a request or app context)."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]
