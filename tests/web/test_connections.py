"""Connections: request, accept, decline, withdraw, remove; no duplicates, no self-connections."""

from __future__ import annotations

import threading

from flask import Flask
from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from tests.conftest import Session, register

BASE = "/api/v1/members/me/connections"


def ids(response_json: dict, key: str = "connections") -> list[str]:
    return [item["member"]["id"] for item in response_json[key]]


def test_request_then_accept_connects_both_ways(client: FlaskClient) -> None:
    amira, tom = register(client, name="Amira"), register(client, name="Tom")
    assert amira.post(f"{BASE}/requests", json={"member_id": tom.member["id"]}).get_json() == {"status": "requested"}
    pending = tom.get(f"{BASE}/requests").get_json()
    assert ids(pending, "incoming") == [amira.member["id"]] and pending["outgoing"] == []
    assert ids(amira.get(f"{BASE}/requests").get_json(), "outgoing") == [tom.member["id"]]

    assert tom.post(f"{BASE}/requests/{amira.member['id']}/accept").status_code == 204
    assert ids(amira.get(BASE).get_json()) == [tom.member["id"]]
    assert ids(tom.get(BASE).get_json()) == [amira.member["id"]]
    assert tom.get(f"{BASE}/requests").get_json() == {"incoming": [], "outgoing": []}


def test_decline_and_withdraw_leave_no_connection(client: FlaskClient) -> None:
    amira, tom, grace = register(client), register(client), register(client)
    amira.post(f"{BASE}/requests", json={"member_id": tom.member["id"]})
    assert tom.post(f"{BASE}/requests/{amira.member['id']}/decline").status_code == 204
    amira.post(f"{BASE}/requests", json={"member_id": grace.member["id"]})
    assert amira.delete(f"{BASE}/requests/{grace.member['id']}").status_code == 204
    assert amira.get(BASE).get_json()["connections"] == []
    assert grace.get(f"{BASE}/requests").get_json()["incoming"] == []
    assert amira.delete(f"{BASE}/requests/{grace.member['id']}").status_code == 404


def test_duplicate_requests_and_self_connection_are_refused(client: FlaskClient) -> None:
    amira, tom = register(client), register(client)
    assert amira.post(f"{BASE}/requests", json={"member_id": amira.member["id"]}).status_code == 400
    amira.post(f"{BASE}/requests", json={"member_id": tom.member["id"]})
    assert amira.post(f"{BASE}/requests", json={"member_id": tom.member["id"]}).status_code == 409
    tom.post(f"{BASE}/requests/{amira.member['id']}/accept")
    again = tom.post(f"{BASE}/requests", json={"member_id": amira.member["id"]})
    assert again.status_code == 409 and "already connected" in again.get_json()["error"]["message"]


def test_asking_someone_who_already_asked_you_connects_you(client: FlaskClient) -> None:
    amira, tom = register(client), register(client)
    amira.post(f"{BASE}/requests", json={"member_id": tom.member["id"]})
    assert tom.post(f"{BASE}/requests", json={"member_id": amira.member["id"]}).get_json() == {"status": "connected"}
    assert ids(tom.get(BASE).get_json()) == [amira.member["id"]]


def test_remove_a_connection(client: FlaskClient) -> None:
    amira, tom = register(client), register(client)
    amira.post(f"{BASE}/requests", json={"member_id": tom.member["id"]})
    tom.post(f"{BASE}/requests/{amira.member['id']}/accept")
    assert amira.delete(f"{BASE}/{tom.member['id']}").status_code == 204
    assert tom.get(BASE).get_json()["connections"] == []
    assert amira.delete(f"{BASE}/{tom.member['id']}").status_code == 404


def test_requesting_an_unknown_member_is_404(signed_in: Session) -> None:
    assert signed_in.post(f"{BASE}/requests", json={"member_id": "nobody"}).status_code == 404


def test_concurrent_cross_requests_end_as_one_connection(app: Flask, client: FlaskClient, graph: Graph) -> None:
    for _ in range(5):
        amira, tom = register(client), register(client)
        barrier = threading.Barrier(2)
        results: list[int] = []

        def ask(me: Session, other: Session, barrier: threading.Barrier = barrier, results: list[int] = results) -> None:
            barrier.wait()
            results.append(me.post(f"{BASE}/requests", json={"member_id": other.member["id"]}).status_code)

        threads = [threading.Thread(target=ask, args=(amira, tom)), threading.Thread(target=ask, args=(tom, amira))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [201, 201]
        rows = graph.query(
            "MATCH (a:Member {id: $a})-[c:CONNECTED_TO]-(b:Member {id: $b}) RETURN count(c) AS n, "
            "COUNT { (a)-[:REQUESTED_CONNECTION]-(b) } AS pending",
            a=amira.member["id"], b=tom.member["id"],
        )
        assert rows[0] == {"n": 1, "pending": 0}
