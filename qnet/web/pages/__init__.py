"""Web pages for members and coordinators, rendered on the server over the same services as the API.

Each area (people, knowledge, membership, coordinator, messaging) is a package of small blueprint
modules; they are nested under one "pages" blueprint that renders errors as pages: a visitor
who must sign in is sent to the sign-in page, a refused action comes back as a message where it was
taken. A view parses the form with the API's schema, calls the service, and dumps the result with
the API's output schema before the template sees it (so no private field, such as an email, can
reach a public page).
"""

from __future__ import annotations

from flask import Blueprint, Flask

from qnet.web.pages.common import register_page_handlers


def init_app(app: Flask) -> None:
    """Register every page area under a fresh "pages" blueprint (one per app)."""
    from qnet.web.pages.coordinator import coordination, coordination_setup
    from qnet.web.pages.knowledge import discussion, idea_editing, ideas, rounds, work, work_new
    from qnet.web.pages.membership import accounts, public
    from qnet.web.pages.messaging import messages, notifications
    from qnet.web.pages.people import profiles, search

    pages = Blueprint("pages", __name__)
    for module in (public, accounts, profiles, search, ideas, idea_editing, discussion, work, work_new, rounds,
                   coordination, coordination_setup, notifications):
        pages.register_blueprint(module.bp)
    pages.register_blueprint(messages.bp)
    register_page_handlers(pages)
    app.register_blueprint(pages)
