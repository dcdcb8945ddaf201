"""The objects a request works with, built once per app and kept in app.extensions."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from qnet.config import Settings
from qnet.graph.accounts import AccountRepository
from qnet.graph.connections import ConnectionRepository
from qnet.graph.driver import Graph
from qnet.graph.members import MemberRepository
from qnet.matching.accounts import AccountService
from qnet.matching.embedding import Embedder
from qnet.matching.profiles import ProfileService

EXTENSION = "qnet"


@dataclass
class Services:
    settings: Settings
    graph: Graph
    embedder: Embedder
    members: MemberRepository
    profiles: ProfileService
    accounts: AccountService
    connections: ConnectionRepository

    @classmethod
    def build(cls, settings: Settings, graph: Graph, embedder: Embedder) -> "Services":
        members = MemberRepository(graph)
        return cls(
            settings=settings,
            graph=graph,
            embedder=embedder,
            members=members,
            profiles=ProfileService(members, embedder),
            accounts=AccountService(
                AccountRepository(graph),
                max_attempts=settings.login_attempts,
                window_s=settings.login_window_s,
            ),
            connections=ConnectionRepository(graph),
        )


def init_app(app: Flask, services: Services) -> None:
    app.extensions[EXTENSION] = services


def services() -> Services:
    """The current app's services (inside a request or app context)."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]
