"""Notification benchmarks, each with its baseline measured in the same run:

1. fan-out: POST a comment on an idea followed by --followers members vs. on an idea nobody follows
   (request latency p50/p99; the fan-out runs in the background, its own time is reported too);
2. digest: the daily digest for --digest-members members with ~3 pending notifications each vs. a
   tenth of them (time, time per member, Python memory peak and RSS along the run);
3. reading: GET /api/v1/members/me/notifications (first page) with --stored notifications in the
   graph vs. with only the reader's own (p50/p99).

    QNET_NEO4J_HOME=~/.qnet/neo4j-bench QNET_BOLT_PORT=7696 python -m bench.notifications

It WIPES the graph it is pointed at. Requests go through the Flask app in process (no HTTP server),
so latencies are the app's and the database's. Synthetic members are minimal profiles (a name, an
email, a role and a region) written by the app's member statement through qnet.graph.bulk: these
paths never read the rest of a profile. Results go to bench/results/notifications.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import time
import tracemalloc
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from bench.accounts import signed_in_member
from qnet.config import load_settings
from qnet.core.records import MemberWrite
from qnet.graph.bulk import BulkWriter
from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.services import Services
from qnet.web import create_app

RESULTS = Path("bench/results")
PASSWORD = "bench-password-2026"

_FOLLOW = """
MATCH (idea:Idea {id: $idea})
UNWIND range($start, $end - 1) AS i
MATCH (m:Member {id: $prefix + toString(i)})
CREATE (m)-[:FOLLOWS {at: $at}]->(idea)
"""
_NOTES = """
UNWIND range($start, $end - 1) AS i
CREATE (:Notification {id: $prefix + toString(i), recipient: $members_prefix + toString(i % $members),
        kind: $kind, actor: null, text: 'Someone commented on an idea you follow', link: '/ideas/x',
        subject: 'x', created_at: $at, created_ms: $ms - i, read: i % 3 = 0, mail: $mode,
        pending_mail: $pending})
"""

_PAST_COMMENTS = """
MATCH (idea:Idea {id: $idea})
UNWIND range($start, $end - 1) AS i
MATCH (m:Member {id: $members_prefix + toString(i % $members)})
CREATE (m)-[:WROTE]->(:Comment {id: $prefix + toString(i), body: 'An earlier comment.',
        body_html: '<p>An earlier comment.</p>', status: 'visible', created_at: $at, created_ms: $ms - i,
        open_flags: 0})-[:ON]->(idea)
"""


def percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
            "n": len(ordered)}


def in_batches(graph: Graph, cypher: str, total: int, batch: int, **params: Any) -> None:
    for start in range(0, total, batch):
        graph.execute(cypher, start=start, end=min(total, start + batch), **params)  # type: ignore[arg-type]


def add_members(graph: Graph, total: int, prefix: str, batch: int = 10_000) -> None:
    """`total` members, ids `prefix`0, `prefix`1, ..., written by the app's own member statement."""
    writer = BulkWriter(graph)
    for start in range(0, total, batch):
        writer.members([MemberWrite(key=f"{prefix}{i}", email=f"m{i}@bench.example", name=f"Member {i}", role="nurse",
                                    organisation=None, organisation_key=None, region="London", bio="", skills=[],
                                    interests=[]).row() | {"id": f"{prefix}{i}"}
                        for i in range(start, min(total, start + batch))], existing=())


def rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def register(client: FlaskClient, name: str) -> dict[str, Any]:
    profile = {"name": name, "role": "nurse", "region": "London", "bio": "Falls prevention on older people's wards.",
               "skills": [], "interests": ["falls"]}
    return signed_in_member(client, f"{uuid.uuid4().hex[:10]}@bench.example", PASSWORD, profile)


def timed_comments(services: Services, client: FlaskClient, csrf: str, idea_id: str, n: int) -> tuple[list[float], float]:
    """Each comment's request time, and the total time its background fan-outs then took to finish.
    Each fan-out finishes before the next comment, so a request is timed alone, as in the quiet case."""
    samples, fanout_s = [], 0.0
    for i in range(n):
        start = time.perf_counter()
        response = client.post(f"/api/v1/ideas/{idea_id}/comments", json={"body": f"Comment {i} on the huddles."},
                               headers={"X-CSRF-Token": csrf})
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 201, response.get_json()
        services.notifier.dispatcher.drain()
        fanout_s += time.perf_counter() - start
    return samples, fanout_s


def bench_fanout(app: Any, services: Services, followers: int, comments: int, history: int) -> dict[str, Any]:
    """`history` notifications (and a fiftieth as many comments) are stored before any comment is timed:
    what a community whose ideas have 10,000 followers has already been told and written. Without them
    the graph grows twentyfold during the run and the comments from none to hundreds, and Neo4j replans
    each cached statement whenever a count it was planned on has roughly quadrupled ("Discarded stale
    query ... NodesAllCardinality changed" or "NodesWithLabelCardinality" in its debug.log): that, not
    the fan-out, is what a request landing on such a moment pays. `--history 0` shows it."""
    clear_data(services.graph)
    author_client, commenter_client = app.test_client(), app.test_client()
    author = register(author_client, "Amira Author")
    commenter = register(commenter_client, "Cal Commenter")
    csrf = commenter["csrf_token"]
    ideas = []
    for title in ("Quiet idea nobody follows", "Popular idea everyone follows", "Older idea, much discussed"):
        response = author_client.post("/api/v1/ideas", headers={"X-CSRF-Token": author["csrf_token"]}, json={
            "title": title, "summary": "A five-minute huddle at each shift change about falls risk.",
            "topics": ["falls"]})
        ideas.append(response.get_json()["id"])
    add_members(services.graph, followers, "f-")
    in_batches(services.graph, _FOLLOW, followers, 10_000, prefix="f-", idea=ideas[1], at="2026-01-01T00:00:00Z")
    at = datetime.now(UTC) - timedelta(days=30)
    in_batches(services.graph, _NOTES, history, 20_000, prefix="h-", members_prefix="f-", members=followers,
               kind="followed_activity", at=at.isoformat(), ms=int(at.timestamp() * 1000), mode="daily", pending=None)
    in_batches(services.graph, _PAST_COMMENTS, history // 50, 20_000, prefix="hc-", members_prefix="f-",
               members=followers, idea=ideas[2], at=at.isoformat(), ms=int(at.timestamp() * 1000))
    # A running community's statistics know its comments: without this the first timed comments are
    # the first in the graph, and the statements planned while the comment index was empty are all
    # replanned at once when Neo4j first samples it ("IndexSelectivity ... changed from 0.0").
    timed_comments(services, commenter_client, csrf, ideas[2], 50)
    services.graph.run_autocommit("CALL db.resampleOutdatedIndexes()")
    time.sleep(10)
    timed_comments(services, commenter_client, csrf, ideas[0], 5)  # warm up
    # Quiet and popular comments alternate, so both meet the same moments of the run (the graph grows
    # by `followers` notifications after every popular one; the machine's own noise): the ratio then
    # compares the fan-out with its absence, not an early stretch of the run with a late one.
    quiet, popular, fanout_s = [], [], 0.0
    for _ in range(comments):
        quiet += timed_comments(services, commenter_client, csrf, ideas[0], 1)[0]
        one, seconds = timed_comments(services, commenter_client, csrf, ideas[1], 1)
        popular += one
        fanout_s += seconds
    stored = services.graph.query("MATCH (n:Notification {kind: 'followed_activity'}) RETURN count(n) AS n")[0]["n"]
    assert stored == history + followers * comments, stored
    baseline, measured = percentiles(quiet), percentiles(popular)
    return {"followers": followers, "comments": comments, "stored_before": history, "no_followers": baseline, "with_followers": measured,
            "p99_ratio": round(measured["p99_ms"] / baseline["p99_ms"], 2),
            "fanout_total_s": round(fanout_s, 1),
            "notifications_per_s": round(followers * comments / fanout_s)}


def run_digest(services: Services, members: int) -> dict[str, Any]:
    clear_data(services.graph)
    at = datetime.now(UTC)
    add_members(services.graph, members, "d-")
    in_batches(services.graph, _NOTES, members * 3, 20_000, prefix="n-", members_prefix="d-", members=members,
               kind="followed_activity", at=at.isoformat(), ms=int(at.timestamp() * 1000), mode="daily",
               pending="daily")
    rss: list[float] = []
    tracemalloc.start()
    start = time.perf_counter()
    sent = services.notification_email.run_digest("daily", datetime.now(UTC), progress=lambda _: rss.append(rss_mb()))
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    assert sent == members, (sent, members)
    return {"members": members, "notifications": members * 3, "seconds": round(seconds, 1),
            "ms_per_member": round(seconds * 1000 / members, 3), "python_peak_mb": round(peak, 1),
            "rss_mb_first_last_max": [round(rss[0], 1), round(rss[-1], 1), round(max(rss), 1)]}


def timed_reads(client: FlaskClient, n: int) -> list[float]:
    samples = []
    for _ in range(n):
        start = time.perf_counter()
        response = client.get("/api/v1/members/me/notifications?limit=20")
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    return samples


def bench_reading(app: Any, services: Services, stored: int, reads: int) -> dict[str, Any]:
    clear_data(services.graph)
    client = app.test_client()
    reader = register(client, "Rita Reader")["member"]["id"]
    at = datetime.now(UTC)
    common = {"kind": "followed_activity", "at": at.isoformat(), "ms": int(at.timestamp() * 1000), "mode": "daily",
              "pending": None}
    in_batches(services.graph, _NOTES, 500, 500, prefix="own-", members_prefix=reader, members=1, **common)
    services.graph.execute("MATCH (n:Notification) SET n.recipient = $id", id=reader)
    timed_reads(client, 20)
    baseline = percentiles(timed_reads(client, reads))
    start = time.perf_counter()
    add_members(services.graph, 10_000, "r-")
    in_batches(services.graph, _NOTES, stored, 20_000, prefix="s-", members_prefix="r-", members=10_000, **common)
    load_s = time.perf_counter() - start
    timed_reads(client, 20)
    measured = percentiles(timed_reads(client, reads))
    return {"stored": stored + 500, "reader_has": 500, "load_s": round(load_s, 1),
            "load_per_s": round(stored / load_s), "few_stored": baseline, "many_stored": measured,
            "p99_ratio": round(measured["p99_ms"] / baseline["p99_ms"], 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--comments", type=int, default=30)
    parser.add_argument("--digest-members", type=int, default=100_000)
    parser.add_argument("--stored", type=int, default=1_000_000)
    parser.add_argument("--reads", type=int, default=300)
    parser.add_argument("--history", type=int, default=1_000_000,
                        help="notifications already stored before the fan-out comments are timed")
    parser.add_argument("--only", choices=["fanout", "digest", "reading"], action="append")
    args = parser.parse_args()
    app = create_app(load_settings(), {"TESTING": True})
    services: Services = app.extensions["qnet"]
    wanted = args.only or ["fanout", "digest", "reading"]
    results: dict[str, Any] = {"load_before": os.getloadavg(), "cpus": os.cpu_count()}
    if "fanout" in wanted:
        results["fanout"] = bench_fanout(app, services, args.followers, args.comments, args.history)
        print(json.dumps({"fanout": results["fanout"]}), flush=True)
    if "digest" in wanted:
        small = run_digest(services, args.digest_members // 10)
        large = run_digest(services, args.digest_members)
        results["digest"] = {"baseline": small, "measured": large,
                             "time_ratio": round(large["seconds"] / small["seconds"], 2)}
        print(json.dumps({"digest": results["digest"]}), flush=True)
    if "reading" in wanted:
        results["reading"] = bench_reading(app, services, args.stored, args.reads)
        print(json.dumps({"reading": results["reading"]}), flush=True)
    results["load_after"] = os.getloadavg()
    results["max_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    clear_data(services.graph)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "notifications.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
