"""Two members writing to each other at the same moment: no message lost, one order kept."""

from __future__ import annotations

import threading

from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from tests.conftest import Session, login, register
from tests.messages.conftest import connect, thread_url

PER_SENDER = 15


def _write_many(sender: Session, to: Session, label: str, statuses: list[int], start: threading.Barrier) -> None:
    client = sender.client.application.test_client()  # each thread its own client, as two browsers
    own = login(client, sender.member["_email"])
    start.wait()
    for k in range(PER_SENDER):
        statuses.append(own.post(f"{thread_url(to)}/messages", json={"body": f"{label} {k}"}).status_code)


def test_two_members_writing_at_once_lose_nothing_and_keep_one_order(client: FlaskClient, graph: Graph) -> None:
    amira = register(client, email="amira-race@example.org", name="Amira")
    tom = register(client, email="tom-race@example.org", name="Tom")
    amira.member["_email"], tom.member["_email"] = "amira-race@example.org", "tom-race@example.org"
    connect(amira, tom)
    statuses: list[int] = []
    start = threading.Barrier(2)
    threads = [threading.Thread(target=_write_many, args=(amira, tom, "amira", statuses, start)),
               threading.Thread(target=_write_many, args=(tom, amira, "tom", statuses, start))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [201] * (2 * PER_SENDER)

    rows = graph.query("MATCH (m:Message)-[:IN]->(c:Conversation) RETURN c.id AS c, m.seq AS seq, m.body AS body "
                       "ORDER BY m.seq")
    assert len({r["c"] for r in rows}) == 1  # one conversation, though both wrote first at once
    assert [r["seq"] for r in rows] == list(range(1, 2 * PER_SENDER + 1))  # numbered without gaps or repeats
    for label in ("amira", "tom"):  # each writer's messages in the order they were sent
        assert [r["body"] for r in rows if r["body"].startswith(label)] == [f"{label} {k}" for k in range(PER_SENDER)]

    seen = [m["body"] for m in tom.get(f"{thread_url(amira)}?limit=100").get_json()["messages"]]
    assert seen == [r["body"] for r in reversed(rows)]  # both members read the same order
    assert seen == [m["body"] for m in amira.get(f"{thread_url(tom)}?limit=100").get_json()["messages"]]
