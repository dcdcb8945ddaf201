"""Test fixtures: a real Neo4j (its own port and data directory), the real model, a clean graph per test.

Unless NEO4J_URI is set, the suite uses a local test server on port 7688 with data under
$QNET_HOME/neo4j-test, so it never touches the demo database. The server is started here if the
test command has not started it already, and stopped at the end only if it was started here.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from argon2 import PasswordHasher
from argon2.profiles import CHEAPEST
from flask import Flask
from flask.testing import FlaskClient

from qnet.config import Settings, load_settings
from qnet.core.records import Member
from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.graph.migrations import migrate
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.membership.accounts import DEFAULT_HASHER, use_password_hasher
from qnet.services import Services, build_embedder
from qnet.web import create_app

TEST_PASSWORD = "correct-horse-battery"
T = TypeVar("T")


def _test_settings() -> Settings:
    if not os.environ.get("NEO4J_URI"):
        home = os.environ.get("QNET_HOME", os.path.expanduser("~/.qnet"))
        os.environ.setdefault("QNET_NEO4J_HOME", os.path.join(home, "neo4j-test"))
        os.environ.setdefault("QNET_BOLT_PORT", "7688")
        os.environ.setdefault("QNET_NEO4J_HEAP", "1g")
        os.environ.setdefault("QNET_NEO4J_PAGECACHE_MB", "512")
    os.environ.setdefault("QNET_LOGIN_ATTEMPTS", "5")
    return load_settings()


@pytest.fixture(scope="session")
def settings() -> Settings:
    return _test_settings()


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Argon2id with argon2's cheapest parameters: real hashing and verification, but in well under a
    millisecond instead of ~165 ms (the suite signs up and signs in hundreds of members; the default
    parameters cost minutes of its time). tests/web/test_auth.py checks the app's default parameters."""
    use_password_hasher(PasswordHasher.from_parameters(CHEAPEST))
    yield
    use_password_hasher(DEFAULT_HASHER)


@pytest.fixture(scope="session")
def neo4j_server(settings: Settings) -> Iterator[Any]:
    """The local test server, or None when NEO4J_URI names an external one."""
    if not settings.uses_local_neo4j:
        yield None
        return
    from qnet.graph.server import LocalNeo4j

    server = LocalNeo4j(settings)
    started_here = not server.status().running
    server.start()
    yield server
    if started_here:
        server.stop()


@pytest.fixture(scope="session")
def graph(settings: Settings, neo4j_server: Any) -> Iterator[Graph]:
    graph = Graph.connect(settings)
    migrate(graph)
    yield graph
    graph.close()


@pytest.fixture(scope="session")
def embedder(settings: Settings) -> Embedder:
    return build_embedder(settings)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "shared_graph: the test starts from the graph that `built_once` made for "
                                       "its module instead of an empty one (it writes nothing the others notice)")


@pytest.fixture(autouse=True)
def clean_graph(request: pytest.FixtureRequest) -> None:
    """Every test that touches the graph starts from an empty one (the schema stays), unless it is marked
    `shared_graph`: then its module's `built_once` fixture sees to what the graph holds."""
    if "graph" not in request.fixturenames and "app" not in request.fixturenames:
        return
    if request.node.get_closest_marker("shared_graph"):
        return
    graph: Graph = request.getfixturevalue("graph")
    clear_data(graph)
    _Shared.key = None


class _Shared:
    """What the graph holds now when a `built_once` builder made it: its key and what the builder returned."""

    key: str | None = None
    value: Any = None


def built_once(graph: Graph, key: str, build: Callable[[], T]) -> T:
    """What `build` made on an empty graph, built again only when a test has wiped the graph since (or another
    builder used it). Expensive scenes that several tests only read are made once per module this way; those
    tests are marked `shared_graph` so that the per-test wipe leaves the scene in place."""
    if _Shared.key != key:
        clear_data(graph)
        _Shared.key = None
        _Shared.value = build()
        _Shared.key = key
    return _Shared.value  # type: ignore[no-any-return]


@pytest.fixture(scope="session")
def app(settings: Settings, graph: Graph, embedder: Embedder) -> Flask:
    return create_app(settings, {"TESTING": True}, embedder=embedder)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def services(app: Flask) -> Services:
    return app.extensions["qnet"]  # type: ignore[no-any-return]


def profile(**overrides: Any) -> dict[str, Any]:
    """A valid profile body; tests override the parts they care about."""
    body: dict[str, Any] = {
        "name": "Amira Hassan",
        "role": "data analyst",
        "organisation": "Northfield Teaching Hospitals NHS Foundation Trust",
        "region": "North West",
        "bio": "I use SPC charts to track sepsis screening times in our emergency department.",
        "skills": [{"name": "SPC", "level": 3}, {"name": "data visualisation", "level": 2}],
        "interests": ["sepsis", "emergency department flow"],
    }
    body.update(overrides)
    return body


class Session:
    """A signed-in browser session: sends the CSRF header on every state-changing call."""

    def __init__(self, client: FlaskClient, member: dict[str, Any], csrf: str) -> None:
        self.client = client
        self.member = member
        self.csrf = csrf

    def get(self, url: str, **kw: Any) -> Any:
        return self.client.get(url, **kw)

    def post(self, url: str, **kw: Any) -> Any:
        return self.client.post(url, headers={"X-CSRF-Token": self.csrf}, **kw)

    def put(self, url: str, **kw: Any) -> Any:
        return self.client.put(url, headers={"X-CSRF-Token": self.csrf}, **kw)

    def delete(self, url: str, **kw: Any) -> Any:
        return self.client.delete(url, headers={"X-CSRF-Token": self.csrf}, **kw)


def register(client: FlaskClient, email: str | None = None, password: str = TEST_PASSWORD, **overrides: Any) -> Session:
    """A new member, created as an operator would (sign-up is closed by default) from the body the
    sign-up API takes, then signed in through the API in a fresh browser session (its own cookie jar)."""
    from qnet.matching.membership.accounts import hash_password
    from qnet.matching.people.profiles import ProfileInput
    from qnet.web.schemas.membership.auth import RegisterSchema

    email = (email or f"member-{uuid.uuid4().hex[:8]}@example.org").strip().lower()
    data = RegisterSchema().load({"email": email, "password": password, **profile(**overrides)})
    data.pop("email"), data.pop("password")
    services: Services = client.application.extensions["qnet"]
    services.profiles.register(email, ProfileInput.from_dict(data), password_hash=hash_password(password))
    return login(client.application.test_client(), email, password)


@pytest.fixture
def open_signup(services: Services) -> Iterator[None]:
    """Open sign-up (QNET_OPEN_SIGNUP) for one test; the suite otherwise runs the default, closed."""
    services.registration.open_signup = True
    yield
    services.registration.open_signup = False


@pytest.fixture
def signed_in(app: Flask) -> Session:
    """A member signed in with their own client."""
    return register(app.test_client())


def make_member(services: Services, email: str | None = None, account_role: str = "member",
                password: str = TEST_PASSWORD, **overrides: Any) -> Member:
    """Create a member directly through the profile service (as an operator would)."""
    from qnet.matching.membership.accounts import hash_password
    from qnet.matching.people.profiles import ProfileInput

    email = email or f"member-{uuid.uuid4().hex[:8]}@example.org"
    return services.profiles.register(email, ProfileInput.from_dict(profile(**overrides)),
                                      password_hash=hash_password(password), account_role=account_role)


def login(client: FlaskClient, email: str, password: str = TEST_PASSWORD) -> Session:
    response = client.post("/api/v1/auth/login", json={"email": email, "password": password})
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    return Session(client, body["member"], body["csrf_token"])
