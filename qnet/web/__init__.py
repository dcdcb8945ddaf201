"""The Flask app factory: `create_app()` wires settings, the graph, the services and the blueprints.

Nothing connects at import time; the Neo4j driver is created here, once per app, and closed at exit.
"""

from __future__ import annotations

import atexit
import logging
from datetime import timedelta
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from qnet import __version__
from qnet.config import Settings, load_settings
from qnet.core.errors import Unavailable
from qnet.logs import configure_logging
from qnet.matching.meaning.embedding import Embedder
from qnet.services import Services
from qnet.web import headers, limits, security
from qnet.web.api import PREFIX
from qnet.web.errors import QnetApi, register_error_handlers
from qnet.web.openapi import ErrorResponses
from qnet.web.services import init_app

log = logging.getLogger(__name__)


def create_app(settings: Settings | None = None, test_config: dict[str, Any] | None = None,
               *, embedder: Embedder | None = None) -> Flask:
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=settings.secret_key,
        MAX_CONTENT_LENGTH=settings.max_body_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.secure_cookies,
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        JSON_SORT_KEYS=False,
        API_TITLE="qnet",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    if test_config:
        app.config.update(test_config)
    if settings.proxy_hops:  # behind nginx or a load balancer: the client's address and scheme, not the proxy's
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=settings.proxy_hops, x_proto=settings.proxy_hops)  # type: ignore[method-assign]

    services = Services.connect(settings, embedder)  # None: the embedder Settings configure
    atexit.register(services.close)
    init_app(app, services)

    api = QnetApi(app, spec_kwargs={"info": {"description": "qnet: find people, share and join up improvement work."},
                                     "extra_plugins": [ErrorResponses()]})
    app.extensions["qnet.api"] = api
    register_error_handlers(app)
    limits.init_app(app)  # before anything that reads the request or the graph
    security.init_app(app)
    headers.init_app(app)  # CSP, no framing, nosniff, referrer policy on every response
    _register_blueprints(app, api)
    _migrate_when_possible(app, services)
    return app


def _register_blueprints(app: Flask, api: QnetApi) -> None:
    from qnet.web import pages
    from qnet.web.api import docs, health
    from qnet.web.api.coordinator import clusters, pairing
    from qnet.web.api.knowledge import comments, groups, ideas, projects, rounds
    from qnet.web.api.membership import (
        applications,
        auth,
        invitations,
        privacy,
        recruitment,
        updates,
    )
    from qnet.web.api.messaging import messages, notifications
    from qnet.web.api.people import connections, members, search, suggestions
    from qnet.web.pages.coordinator import dashboard

    app.register_blueprint(health.bp)
    app.register_blueprint(docs.bp)
    for module in (auth, members, connections, search, suggestions,  # people (and signing in)
                   recruitment, applications, updates, privacy, invitations,  # membership
                   ideas, comments, projects, groups, rounds,  # knowledge sharing
                   clusters, pairing,  # coordinator insight
                   messages, notifications):  # reaching people
        api.register_blueprint(module.bp)
    app.register_blueprint(dashboard.bp)
    pages.init_app(app)  # web pages for members and coordinators


def _migrate_when_possible(app: Flask, services: Services) -> None:
    """Apply migrations at start; if Neo4j is down, retry on each request until it is back."""
    state = {"done": False}

    def attempt() -> None:
        try:
            services.migrate()
            state["done"] = True
        except Unavailable:
            log.warning("Neo4j is not reachable yet; migrations will run when it is")

    attempt()

    @app.before_request
    def migrate_if_pending() -> None:
        if not state["done"]:
            attempt()


__all__ = ["__version__", "create_app"]
