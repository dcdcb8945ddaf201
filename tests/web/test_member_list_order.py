"""The member list reads the (sort_name, id) index in order: pages of members who share a name
carry on exactly where the last page stopped, and filters still hold across pages."""

from __future__ import annotations

from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from tests.conftest import Session, register


def walk(session: Session, limit: int, **filters: str) -> list[str]:
    """Every member id the list yields, page by page."""
    seen: list[str] = []
    cursor = None
    while True:
        query = {"limit": limit, **filters} | ({"cursor": cursor} if cursor else {})
        body = session.get("/api/v1/members", query_string=query).get_json()
        seen.extend(m["id"] for m in body["members"])
        cursor = body["next_cursor"]
        if not cursor:
            return seen


def test_members_sharing_a_name_page_in_name_then_id_order_without_gaps(signed_in: Session, client: FlaskClient,
                                                                        graph: Graph) -> None:
    for _ in range(5):
        register(client, name="Jo Smith")
    register(client, name="Ann Archer")
    register(client, name="Zed Young")
    expected = [r["id"] for r in graph.query("MATCH (m:Member) RETURN m.id AS id ORDER BY m.sort_name, m.id")]
    for limit in (1, 2, 3):
        assert walk(signed_in, limit) == expected


def test_filters_hold_on_every_page(signed_in: Session, client: FlaskClient) -> None:
    for i in range(4):
        register(client, name=f"Wales {i}", region="Wales")
        register(client, name=f"London {i}", region="London")
    ids = walk(signed_in, 3, region="Wales")
    assert len(ids) == len(set(ids)) == 4
    regions = {signed_in.get(f"/api/v1/members/{member_id}").get_json()["region"] for member_id in ids}
    assert regions == {"Wales"}
