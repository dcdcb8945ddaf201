"""The app's services (built by qnet.services, the one wiring root), kept in app.extensions per app."""

from __future__ import annotations

from flask import Flask, current_app

from qnet.services import Services

EXTENSION = "qnet"


def init_app(app: Flask, services: Services) -> None:
    app.extensions[EXTENSION] = services
    # Fan-outs a request causes (a comment to 10,000 followers) start when its response is done.
    app.before_request(services.notifier.dispatcher.hold)
    app.teardown_request(lambda _error: services.notifier.dispatcher.release())


def services() -> Services:
    """The current app's services (inside a request or app context)."""
    return current_app.extensions[EXTENSION]  # type: ignore[no-any-return]
