"""The updates list: double opt-in, no enumeration, expiry and reuse of links, unsubscribing."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from qnet.matching.tokens import Expired
from qnet.services import Services
from tests.membership.factories import Mailbox, properties_containing

SUBSCRIBE = "/api/v1/updates/subscribe"


def subscribe(client: FlaskClient, email: str, **extra: Any) -> Any:
    return client.post(SUBSCRIBE, json={"email": email, "interests": ["patient safety"], "region": "Wales", **extra})


def test_a_subscription_counts_only_once_confirmed(client: FlaskClient, services: Services, mailbox: Mailbox) -> None:
    assert subscribe(client, "keen@example.org").status_code == 202
    assert services.membership.updates.subscriptions.status_of("keen@example.org") == "pending"
    token = mailbox.link_token("keen@example.org", "updates_confirm", "/updates/confirm/")
    response = client.post(f"/api/v1/updates/confirm/{token}")
    assert response.status_code == 200
    assert services.membership.updates.subscriptions.status_of("keen@example.org") == "confirmed"


def test_the_reply_is_the_same_whether_or_not_an_address_is_known(client: FlaskClient, mailbox: Mailbox) -> None:
    first = subscribe(client, "known@example.org")
    pending = subscribe(client, "known@example.org")
    token = mailbox.link_token("known@example.org", "updates_confirm", "/updates/confirm/")
    client.post(f"/api/v1/updates/confirm/{token}")
    confirmed = subscribe(client, "KNOWN@example.org", interests=["other"], region=None)
    stranger = subscribe(client, "stranger@example.org")
    replies = {(r.status_code, r.get_data(as_text=True)) for r in (first, pending, confirmed, stranger)}
    assert len(replies) == 1
    # The confirmed address itself is told, by mail, that nothing changed.
    assert mailbox.messages("known@example.org", "updates_already")


def test_a_confirmation_link_expires(client: FlaskClient, services: Services, mailbox: Mailbox, now: Any) -> None:
    updates = services.membership.updates
    updates.subscribe("slow@example.org", [], None, now)
    token = mailbox.link_token("slow@example.org", "updates_confirm", "/updates/confirm/")
    later = now + timedelta(hours=services.settings.confirmation_ttl_hours, minutes=1)
    with pytest.raises(Expired, match="this confirmation link has expired; subscribe again for a new one"):
        updates.confirm(token, later)
    assert updates.subscriptions.status_of("slow@example.org") == "pending"
    # Subscribing again sends a fresh link that works, and the old one no longer does.
    updates.subscribe("slow@example.org", [], None, later)
    fresh = mailbox.link_token("slow@example.org", "updates_confirm", "/updates/confirm/")
    assert client.post(f"/api/v1/updates/confirm/{token}").status_code == 404
    assert client.post(f"/api/v1/updates/confirm/{fresh}").status_code == 200


def test_a_confirmation_link_works_once(client: FlaskClient, mailbox: Mailbox) -> None:
    subscribe(client, "twice@example.org")
    token = mailbox.link_token("twice@example.org", "updates_confirm", "/updates/confirm/")
    assert client.post(f"/api/v1/updates/confirm/{token}").status_code == 200
    again = client.post(f"/api/v1/updates/confirm/{token}")
    assert again.status_code == 409
    assert again.get_json()["error"]["message"] == "this link has already been used: the subscription is confirmed"
    unknown = client.post("/api/v1/updates/confirm/no-such-token")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["message"] == (
        "this confirmation link is not valid; subscribe again for a new one")


def test_unsubscribing_removes_every_trace_of_the_address(client: FlaskClient, mailbox: Mailbox,
                                                          graph: Graph) -> None:
    subscribe(client, "leaving@example.org")
    token = mailbox.link_token("leaving@example.org", "updates_confirm", "/updates/unsubscribe/")
    response = client.post(f"/api/v1/updates/unsubscribe/{token}")
    assert response.status_code == 200
    assert properties_containing(graph, "leaving@example.org") == []
    assert client.post(f"/api/v1/updates/unsubscribe/{token}").status_code == 200  # idempotent


def test_a_tampered_unsubscribe_token_is_refused(client: FlaskClient, mailbox: Mailbox, services: Services) -> None:
    subscribe(client, "stays@example.org")
    token = mailbox.link_token("stays@example.org", "updates_confirm", "/updates/unsubscribe/")
    subscription_id, _, signature = token.rpartition(".")
    forged = f"{subscription_id}.{'0' * len(signature)}"
    response = client.post(f"/api/v1/updates/unsubscribe/{forged}")
    assert response.status_code == 404
    assert response.get_json()["error"]["message"] == "this unsubscribe link is not valid; check it was copied whole"
    assert services.membership.updates.subscriptions.status_of("stays@example.org") == "pending"


def test_subscribing_needs_a_valid_address_and_known_region(client: FlaskClient) -> None:
    response = client.post(SUBSCRIBE, json={"email": "not-an-email", "region": "Atlantis", "colour": "red"})
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"email", "region", "colour"}
