"""HTTP benchmark: requests/s and latency percentiles of the main read endpoints under concurrent load.

    QNET_NEO4J_HOME=~/.qnet/neo4j-bench QNET_BOLT_PORT=7696 python -m bench.http --members 2000 \\
        --workers 2 --threads 4 --connections 8 --duration 10

The app is served by gunicorn (the production WSGI server `qnet serve` uses) in its own process, on
loopback only; the load comes from `wrk` (Debian's `wrk` package) in another process, with a
personal API token of a demo member. Each endpoint is loaded for `--duration` seconds; GET /healthz,
measured in the same run, is the baseline the others are compared with. The graph must hold the
seeded community (it is loaded, with cached embeddings, if it has fewer than --members members).
Results go to bench/results/http-N.json.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from qnet.config import load_settings
from qnet.graph.driver import Graph
from qnet.graph.migrations import migrate
from qnet.graph.people.profiles import MemberRepository
from seed.activity import stable_id
from seed.generator import DEMO_ACCOUNTS, DEMO_PASSWORD

RESULTS = Path("bench/results")
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(port: int, workers: int, threads: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
               "--threads", str(threads), "--timeout", "120", "-c", "python:qnet.web.gunicorn_config", "--log-level", "warning",
               "qnet.web:create_app()"]
    server = subprocess.Popen(command, env=os.environ.copy())
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(1)
    server.terminate()
    raise RuntimeError("gunicorn did not answer /healthz within 180 s")


def api_token(base: str, email: str) -> str:
    """Sign in as a demo member and create a personal API token (as a script or integration would)."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def post(path: str, body: dict[str, Any], headers: dict[str, str] | None = None) -> dict[str, Any]:
        request = urllib.request.Request(base + path, data=json.dumps(body).encode(), method="POST",
                                         headers={"Content-Type": "application/json", **(headers or {})})
        with opener.open(request, timeout=60) as response:
            return json.loads(response.read())  # type: ignore[no-any-return]

    session = post("/api/v1/auth/login", {"email": email, "password": DEMO_PASSWORD})
    return str(post("/api/v1/auth/tokens", {"name": "http benchmark"}, {"X-CSRF-Token": session["csrf_token"]})["token"])


def _ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s)", text.strip())
    if not match:
        raise ValueError(f"not a wrk duration: {text!r}")
    return round(float(match.group(1)) * _UNITS[match.group(2)], 2)


def wrk(url: str, token: str, connections: int, duration: int) -> dict[str, Any]:
    """One wrk run; requests/s, latency percentiles and any error responses."""
    command = ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", "--timeout", "30s",
               "-H", f"Authorization: Bearer {token}", url]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    percentiles = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)\s*$", out, re.MULTILINE))
    if "99" not in percentiles:
        raise RuntimeError(f"wrk gave no latency distribution for {url}:\n{out}")
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    requests = re.search(r"(\d+) requests in", out)
    return {"requests_per_s": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),  # type: ignore[union-attr]
            "requests": int(requests.group(1)) if requests else 0,
            "p50_ms": _ms(percentiles["50"]), "p90_ms": _ms(percentiles["90"]), "p99_ms": _ms(percentiles["99"]),
            "non_2xx": int(errors.group(1)) if errors else 0}


def endpoints(member_id: str) -> dict[str, str]:
    return {
        "GET /healthz (baseline)": "/healthz",
        "GET /api/v1/members": "/api/v1/members?limit=20",
        "GET /api/v1/members/{id}": f"/api/v1/members/{member_id}",
        "GET /api/v1/search/people?q=": "/api/v1/search/people?q=statistical%20process%20control%20for%20sepsis",
        "GET /api/v1/members/me/suggestions": "/api/v1/members/me/suggestions",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--only", action="append", default=[],
                        help="measure only endpoints whose name contains this text (repeatable; healthz always runs)")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install -y wrk")
    settings = load_settings()
    graph = Graph.connect(settings, retry_time_s=60.0)
    migrate(graph)
    have = MemberRepository(graph).count()
    if have < args.members:
        from bench.load import load

        print(f"loading {args.members} members (the graph has {have}) ...", file=sys.stderr)
        load(graph, args.members)
    members = MemberRepository(graph).count()
    graph.close()

    load_before = os.getloadavg()[0]
    port = free_port()
    server = start_server(port, args.workers, args.threads)
    base = f"http://127.0.0.1:{port}"
    try:
        token = api_token(base, DEMO_ACCOUNTS[1]["email"])
        rows: dict[str, Any] = {}
        for name, path in endpoints(stable_id(DEMO_ACCOUNTS[2]["key"])).items():
            if args.only and "healthz" not in name and not any(part in name for part in args.only):
                continue
            urllib.request.urlopen(urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"}),
                                   timeout=60).read()  # warm up (first query plans, model load)
            rows[name] = wrk(base + path, token, args.connections, args.duration)
            print(f"  {name}: {json.dumps(rows[name])}", file=sys.stderr, flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
    baseline = rows["GET /healthz (baseline)"]["requests_per_s"]
    for row in rows.values():
        row["vs_healthz"] = round(row["requests_per_s"] / baseline, 3) if baseline else None
    result = {"members": members, "server": {"workers": args.workers, "threads": args.threads},
              "load": {"tool": "wrk", "connections": args.connections, "duration_s": args.duration},
              "endpoints": rows, "machine": {"cpus": os.cpu_count(), "load_average_1m_before": round(load_before, 2),
                          "load_average_1m": round(os.getloadavg()[0], 2)}}
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"http-{members}{'-partial' if args.only else ''}.json").write_text(json.dumps(result, indent=2))
    print(f"{members} members; gunicorn {args.workers} workers x {args.threads} threads; wrk {args.connections} "
          f"connections, {args.duration} s per endpoint")
    print(f"{'endpoint':<38}{'req/s':>8}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'non-2xx':>9}{'vs healthz':>11}")
    for name, row in rows.items():
        print(f"{name:<38}{row['requests_per_s']:>8.1f}{row['p50_ms']:>9}{row['p90_ms']:>9}{row['p99_ms']:>9}"
              f"{row['non_2xx']:>9}{row['vs_healthz']:>11}")


if __name__ == "__main__":
    main()
