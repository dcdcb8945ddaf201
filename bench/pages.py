"""Page speed as people meet it: every page and the main buttons, over HTTP against a served app.

    python -m bench.pages [--rounds 15] [--url http://127.0.0.1:5000]

Without --url it serves the app itself exactly as `qnet serve` does (gunicorn, one worker, eight
threads, the model and the first search warmed before the first request) on a free port, against
the configured Neo4j, which must hold the seeded demo (`qnet seed`). Visitors' pages are fetched
signed out; members' pages signed in as amira.hassan@example.org, the coordinator's as
coordinator@example.org, through the sign-in form. Each page is fetched once (its time reported as
`first_ms`: for the search page, the first search after the server started) and then `rounds` times,
whose p50, p95 and worst time are reported; each button is pressed once untimed and then `rounds` times on
different targets where it changes something (connect, dismiss, post an idea) and timed to the
redirect, and then with the page it lands on. The 1-minute load average is printed beside the
numbers, because the machine is shared. Results go to bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qnet.config import load_settings
from qnet.graph.driver import Graph
from seed.generator import DEMO_PASSWORD

MEMBER, COORDINATOR = "amira.hassan@example.org", "coordinator@example.org"
IDS = """
MATCH (me:Member {email: $member})
CALL (me) { MATCH (i:Idea {status: 'open'}) RETURN i.id AS idea ORDER BY i.comment_count DESC LIMIT 1 }
CALL () { MATCH (p:Project) RETURN p.id AS project LIMIT 1 }
CALL () { MATCH (g:Group) RETURN g.id AS group LIMIT 1 }
CALL () { MATCH (r:Round) RETURN r.id AS round ORDER BY r.created_at DESC LIMIT 1 }
CALL () { MATCH (a:Application) RETURN a.id AS application LIMIT 1 }
CALL (me) { MATCH (o:Member) WHERE o <> me AND NOT (me)-[:CONNECTED_TO]-(o)
            RETURN collect(o.id)[..80] AS strangers }
CALL (me) { MATCH (i:Idea {status: 'open'}) RETURN collect(i.id)[..80] AS ideas }
RETURN me.id AS me, idea, project, group, round, application, strangers, ideas
"""


class Browser:
    """Cookies and the CSRF token of the last page, like a browser tab."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), _NoRedirect())
        self.csrf = ""

    def get(self, path: str) -> tuple[float, int, str]:
        start = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                body = response.read().decode()
                status = response.status
        except urllib.error.HTTPError as error:
            body, status = error.read().decode(), error.code
        seconds = time.perf_counter() - start
        found = re.search(r'name="csrf-token" content="([^"]+)"', body)
        self.csrf = found.group(1) if found else self.csrf
        return seconds, status, body

    def post(self, path: str, form: dict[str, str]) -> tuple[float, int, str]:
        data = urllib.parse.urlencode({"csrf_token": self.csrf, **form}).encode()
        start = time.perf_counter()
        try:
            with self.opener.open(urllib.request.Request(self.base + path, data=data), timeout=60) as response:
                response.read()
                status, location = response.status, response.headers.get("Location", "")
        except urllib.error.HTTPError as error:
            error.read()
            status, location = error.code, error.headers.get("Location", "")
        return time.perf_counter() - start, status, location

    def sign_in(self, email: str) -> None:
        self.get("/sign-in")
        _, status, _ = self.post("/sign-in", {"email": email, "password": DEMO_PASSWORD})
        assert status in (302, 303), f"signing in as {email} answered {status}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def serve() -> tuple[str, subprocess.Popen[bytes]]:
    port = _free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", "1", "--threads", "8",
         "--timeout", "120", "-c", "python:qnet.web.gunicorn_config", "qnet.web:create_app()"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**os.environ, "QNET_LOG_LEVEL": "ERROR"})
    base = f"http://127.0.0.1:{port}"
    for _ in range(600):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return base, process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("the app did not start")


def summary(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000), "p95_ms": round(p95 * 1000),
            "max_ms": round(ordered[-1] * 1000)}


def time_pages(browser: Browser, paths: list[str], rounds: int) -> dict[str, dict[str, float]]:
    out = {}
    for path in paths:
        first, status, _ = browser.get(path)
        assert status == 200, f"{path} answered {status}"
        out[path] = {**summary([browser.get(path)[0] for _ in range(rounds)]), "first_ms": round(first * 1000)}
        print(f"  {path:<60} {out[path]}", flush=True)
    return out


def time_button(browser: Browser, name: str, page: str, press: Callable[[int], tuple[str, dict[str, str]]],
                rounds: int) -> dict[str, float]:
    """Open the page the button is on, press it, follow the redirect: time the press and both together.

    The first press is timed apart (`first_ms`), as a page's first fetch is: it is the first time the
    server plans that button's statements; the target is for a server that has started."""
    pressed, landed = [], []
    for k in range(rounds + 1):
        browser.get(page)
        path, form = press(k)
        seconds, status, location = browser.post(path, form)
        assert status in (302, 303), f"{name}: {path} answered {status}"
        target = urllib.parse.urlparse(location)
        then = browser.get(target.path + ("?" + target.query if target.query else ""))[0]
        pressed.append(seconds)
        landed.append(seconds + then)
    result = {**summary(pressed[1:]), "with_next_page_p95_ms": summary(landed[1:])["p95_ms"],
              "first_ms": round(pressed[0] * 1000)}
    print(f"  {name:<60} {result}", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--url", default=None)
    args = parser.parse_args()
    graph = Graph.connect(load_settings())
    ids = graph.query(IDS, member=MEMBER)[0]
    graph.close()
    process = None
    base = args.url
    if base is None:
        base, process = serve()
    load_before = os.getloadavg()[0]
    try:
        visitor = Browser(base)
        print("visitor pages")
        visitor_pages = time_pages(visitor, ["/", "/about/criteria", "/join", "/join/apply", "/updates", "/sign-in",
                                             "/comments-policy"], args.rounds)
        member = Browser(base)
        member.sign_in(MEMBER)
        print("member pages (amira.hassan@example.org)")
        member_pages = time_pages(member, [
            "/", "/people?q=sepsis+SPC+charts", f"/members/{ids['strangers'][0]}", "/profile", "/suggestions",
            "/connections", "/ideas", f"/ideas/{ids['idea']}", "/ideas/new", f"/ideas/{ids['idea']}/helpers",
            "/projects", f"/projects/{ids['project']}", "/groups", f"/groups/{ids['group']}", "/rounds",
            f"/rounds/{ids['round']}"], args.rounds)
        coordinator = Browser(base)
        coordinator.sign_in(COORDINATOR)
        print("coordinator pages (coordinator@example.org)")
        coordinator_pages = time_pages(coordinator, [
            "/coordinator/applications", f"/coordinator/applications/{ids['application']}", "/coordinator/moderation",
            "/coordinator/recruitment", "/coordinator/rounds/new", "/coordinator"], args.rounds)
        print("buttons (amira.hassan@example.org)")
        strangers, ideas, idea = ids["strangers"], ids["ideas"], ids["idea"]
        buttons = {
            "connect": time_button(member, "connect", f"/members/{strangers[0]}", lambda k: (
                "/connections/requests", {"member_id": strangers[k]}), args.rounds),
            "dismiss a suggestion": time_button(member, "dismiss a suggestion", "/suggestions", lambda k: (
                f"/suggestions/{strangers[args.rounds + k]}/dismiss", {}), args.rounds),
            "follow an idea": time_button(member, "follow an idea", f"/ideas/{ideas[1]}", lambda k: (
                f"/ideas/{ideas[1 + k]}/follow", {}), args.rounds),
            "support an idea": time_button(member, "support an idea", f"/ideas/{ideas[1]}", lambda k: (
                f"/ideas/{ideas[1 + k]}/support", {}), args.rounds),
            "comment on an idea": time_button(member, "comment on an idea", f"/ideas/{idea}", lambda k: (
                f"/ideas/{idea}/comments", {"body": f"Benchmark comment {k}: how did you measure the change?"}),
                args.rounds),
            "post an idea": time_button(member, "post an idea", "/ideas/new", lambda k: ("/ideas/new", {
                "title": f"Benchmark idea {k}: a discharge checklist for frail patients",
                "summary": "A one-page checklist agreed by ward and community teams so frail patients go home safely.",
                "topics": "frailty, discharge", "body": "", "region": "", "status": "open", "action": "post"}),
                args.rounds),
        }
    finally:
        if process is not None:
            process.terminate()
            process.wait(timeout=30)
    result = {"rounds": args.rounds, "load_1min_before": round(load_before, 1),
              "load_1min_after": round(os.getloadavg()[0], 1), "visitor": visitor_pages, "member": member_pages,
              "coordinator": coordinator_pages, "buttons": buttons}
    out = ROOT / "bench" / "results" / "pages.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"1-minute load average {result['load_1min_before']} before, {result['load_1min_after']} after; wrote {out}")


if __name__ == "__main__":
    main()
