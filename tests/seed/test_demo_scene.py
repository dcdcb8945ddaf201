"""The demo opens with something in every area, made through the services, and only once."""

from __future__ import annotations

from flask.testing import FlaskClient

from qnet.core.filters import QueueFilters
from qnet.graph.driver import Graph
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.people.importer import ImportMemberSchema
from qnet.services import Services
from seed.demo_scene import APPLICANTS, PHASE_NAME, ROUND_NAME, set_scene
from seed.generator import DEMO_ACCOUNTS, DEMO_PASSWORD
from seed.loader import load_demo
from tests.conftest import Session, login

MEMBERS = 80


def sign_in(client: FlaskClient, email: str) -> Session:
    """A demo account signed in with the demo password, in a browser session of its own."""
    return login(client.application.test_client(), email, DEMO_PASSWORD)


def test_the_demo_has_something_in_every_area_for_a_visitor_a_member_and_a_coordinator(
        graph: Graph, embedder: Embedder, services: Services, client: FlaskClient) -> None:
    load_demo(graph, embedder, ImportMemberSchema().load, members=MEMBERS)
    first = set_scene(services, MEMBERS)
    assert len(first.made) == 5 and not first.skipped

    # Recruitment: an open phase, applications waiting for review.
    assert PHASE_NAME in client.get("/join").get_data(as_text=True)
    queue = services.membership.applications.queue(QueueFilters(), 50)
    assert {a.application.name for a in queue.items} == {str(a["name"]) for a in APPLICANTS}

    # A member sees a round in its voting phase, with shortlisted ideas and votes left to cast.
    member = sign_in(client, str(DEMO_ACCOUNTS[1]["email"]))
    me = services.profiles.find_by_email(str(DEMO_ACCOUNTS[1]["email"]))
    assert me is not None
    views = [v for v in services.knowledge.rounds.all(me) if v.round.name == ROUND_NAME]
    assert len(views) == 1 and views[0].phase == "voting" and views[0].votes_left == 3
    assert ROUND_NAME in member.get("/rounds").get_data(as_text=True)

    # A coordinator has flags to moderate, clusters and a pairing round.
    coordinator = sign_in(client, str(DEMO_ACCOUNTS[0]["email"]))
    assert len(services.knowledge.comments.queue(50)) == 3
    assert services.insight.results.latest_done() is not None
    assert len(services.insight.pairings.rounds()) == 1
    page = coordinator.get("/coordinator").get_data(as_text=True)
    assert "The clusters" in page and "Round 1, started on" in page

    # Seeding again makes nothing new.
    again = set_scene(services, MEMBERS)
    assert again.made == [] and len(again.skipped) == 5
    assert len(services.membership.applications.queue(QueueFilters(), 50).items) == len(APPLICANTS)
    assert len(services.knowledge.comments.queue(50)) == 3
