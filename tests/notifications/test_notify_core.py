"""The notification core against the real Neo4j: who is told, batching, fan-out to followers, paging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from qnet.graph.driver import Graph
from qnet.services import Services
from tests.conftest import make_member


def _members(services: Services, n: int) -> list[str]:
    return [make_member(services, name=f"Member {i}").id for i in range(n)]


def test_notify_never_tells_the_actor_and_skips_unknown_ids(services: Services) -> None:
    actor, first, second = _members(services, 3)
    stored = services.notifier.notify([first, second, actor, "no-such-member", first], "message", actor,
                                      "Amira sent you a message", "/messages/x", subject_id="conv-1")
    assert stored == 2
    assert services.notifier.unread(actor) == 0
    page = services.notifier.page(first)
    assert page.unread == 1
    [note] = page.notifications
    assert (note.kind, note.text, note.link, note.read, note.actor_id) == (
        "message", "Amira sent you a message", "/messages/x", False, actor)
    assert note.mail == "immediate"  # the default for messages


def test_pages_are_newest_first_with_a_cursor_and_read_marks(services: Services) -> None:
    actor, reader = _members(services, 2)
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for i in range(5):
        services.notifier.notify([reader], "reply", actor, f"reply {i}", now=start + timedelta(minutes=i))
    first = services.notifier.page(reader, limit=2)
    assert [n.text for n in first.notifications] == ["reply 4", "reply 3"]
    assert first.unread == 5 and first.next_cursor
    second = services.notifier.page(reader, limit=2, cursor=first.next_cursor)
    assert [n.text for n in second.notifications] == ["reply 2", "reply 1"]
    third = services.notifier.page(reader, limit=2, cursor=second.next_cursor)
    assert [n.text for n in third.notifications] == ["reply 0"] and third.next_cursor is None
    assert services.notifier.mark_read(reader, [first.notifications[0].id]) == 4
    assert services.notifier.mark_read(reader, None) == 0
    assert all(n.read for n in services.notifier.page(reader, limit=10).notifications)


def test_followers_are_told_in_the_background_in_batches_once_each(services: Services, graph: Graph) -> None:
    actor, *followers = _members(services, 7)
    graph.execute("CREATE (:Idea {id: 'idea-1', title: 'Falls'})")
    graph.execute("UNWIND $ids AS id MATCH (m:Member {id: id}), (i:Idea {id: 'idea-1'}) CREATE (m)-[:FOLLOWS]->(i)",
                  ids=[actor, *followers])
    services.notifier.dispatcher.batch = 2  # several batches: each one moves the job's cursor
    try:
        services.notifier.notify_followers("idea", "idea-1", "followed_activity", actor, "New comment on Falls",
                                           "/ideas/idea-1", subject_id="idea-1", exclude=[followers[0]])
        services.notifier.dispatcher.drain()
    finally:
        services.notifier.dispatcher.batch = 2000
    told = graph.query("MATCH (n:Notification {kind: 'followed_activity'}) RETURN n.recipient AS r")
    assert sorted(r["r"] for r in told) == sorted(followers[1:])
    assert services.notifier.jobs.pending() == 0


def test_a_job_left_by_a_stopped_process_is_finished_by_the_worker(services: Services, graph: Graph) -> None:
    actor, follower = _members(services, 2)
    graph.execute("CREATE (:Idea {id: 'idea-2', title: 'Sepsis'})")
    graph.execute("MATCH (m:Member {id: $m}), (i:Idea {id: 'idea-2'}) CREATE (m)-[:FOLLOWS]->(i)", m=follower)
    event = services.notifier._event("followed_activity", actor, "Status changed", None, "idea-2", None)
    long_ago = event.at_ms - 10 * 60_000
    services.notifier.jobs.add("followers:Idea", "idea-2", [actor], event, long_ago)
    assert services.notifier.dispatcher.run_stale() == 1
    assert services.notifier.unread(follower) == 1
    assert services.notifier.dispatcher.run_stale() == 0
