"""The personal-data export is an allow-list: named properties leave, nothing else ever does.

Before: after a cluster run every export was a 500 (`cluster_vector` is bytes and was missing from
a deny-list); any new internal property would have leaked or broken it the same way.
"""

from __future__ import annotations

import json

from flask import Flask
from flask.testing import FlaskClient

from qnet.core.records import Phase
from qnet.graph.driver import Graph
from qnet.matching.membership.privacy_export import MEMBER, MEMBER_INTERNAL
from qnet.services import Services
from tests.conftest import Session, login, make_member
from tests.membership.factories import Mailbox
from tests.membership.test_privacy_and_erasure import accepted_member, give_them_a_life

NEVER_EXPORTED = ("password_hash", "status_hash", "confirm_hash", '"hash"', "embedding", "segment_vectors",
                  "cluster_vector", "sort_name", "skills_text", "_lock", "active_email", "support_count",
                  "body_html", "created_ms", "centrality", "a-future-internal-value")


def test_an_export_after_a_cluster_run_holds_only_allowed_properties(
        app: Flask, client: FlaskClient, services: Services, graph: Graph, open_phase: Phase,
        coordinator: Session, second_coordinator: Session, mailbox: Mailbox) -> None:
    member = accepted_member(app, client, coordinator, second_coordinator, mailbox, "everything@example.org",
                             "Eve Everything")
    member.put("/api/v1/members/me", json={"name": "Eve Everything", "role": "nurse", "region": "Wales",
                                           "bio": "I run falls prevention huddles. We test changes weekly.",
                                           "skills": [{"name": "PDSA", "level": 3}], "interests": ["falls"]})
    other_email = "olu.other@example.org"
    make_member(services, email=other_email, name="Olu Other")
    give_them_a_life(graph, member, login(app.test_client(), other_email), client)
    for n in range(4):
        make_member(services, name=f"Neighbour {n}", bio="I improve hospital discharge with patients and carers.")
    assert services.insight.clusters.run_now(started_by=coordinator.member["id"]).status == "done"
    # Something a later feature might store: bytes and a number on the member and on what they wrote.
    graph.execute("MATCH (m:Member {id: $id})-[:AUTHORED]->(i:Idea) "
                  "SET m.future_blob = $blob, m.future_note = 'a-future-internal-value', "
                  "i.future_vector = $blob, i.future_note = 'a-future-internal-value'",
                  id=member.member["id"], blob=b"\x00\x01binary")
    stored = graph.query("MATCH (m:Member {id: $id}) RETURN keys(m) AS keys, m.cluster_vector IS NOT NULL AS clustered",
                         id=member.member["id"])[0]
    assert stored["clustered"]  # the property that broke the export is really there

    response = member.get("/api/v1/members/me/export")

    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    data = response.get_json()
    assert set(data["member"]) <= MEMBER
    assert data["member"]["email"] == "everything@example.org" and data["member"]["region"] == "Wales"
    assert [s["properties"]["level"] for s in data["relationships"]["HAS_SKILL"]] == [3]
    assert [i["node"]["title"] for i in data["relationships"]["AUTHORED"]] == ["Shared discharge checklists"]
    assert data["relationships"]["IN_CLUSTER"][0]["node"]["id"]
    assert data["relationships"]["SUBMITTED"][0]["node"]["answer_a"]
    text = response.get_data(as_text=True)
    json.loads(text)
    for secret in NEVER_EXPORTED:
        assert secret not in text, secret


def test_every_property_stored_on_a_member_is_either_exported_or_declared_internal(
        services: Services, graph: Graph) -> None:
    """A new Member property must be classified in qnet/matching/membership/privacy_export.py before it ships."""
    make_member(services, name="Cleo Classified")
    services.insight.clusters.run_now()
    keys = {k for row in graph.query("MATCH (m:Member) UNWIND keys(m) AS k RETURN DISTINCT k") for k in row.values()}
    unclassified = keys - MEMBER - MEMBER_INTERNAL
    assert not unclassified, f"classify these in privacy_export.py (exported or internal): {sorted(unclassified)}"
