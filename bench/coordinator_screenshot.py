"""Render the coordinator page with the community currently in the graph, and screenshot it.

    python -m bench.coordinator_screenshot [--out docs/screenshots/coordinator-clusters.png]

Signs in a coordinator through the Flask test client, fetches the page (rendered on the server: map,
clusters in words, insights and pairing), inlines the stylesheet and has headless Chromium
screenshot the HTML file. Run it after bench/clusters.py has loaded and clustered
a community; it starts a pairing round if there is none.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from qnet.matching.membership.accounts import hash_password
from qnet.matching.people.profiles import ProfileInput
from qnet.web import create_app

PASSWORD = "screenshot-only-password"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", default=str(ROOT / "docs" / "screenshots" / "coordinator-clusters.png"))
    args = parser.parse_args()
    app = create_app(test_config={"TESTING": True})
    services = app.extensions["qnet"]
    email = f"screenshot-{uuid.uuid4().hex[:6]}@example.org"
    coordinator = services.profiles.register(email, ProfileInput(name="Screenshot Coordinator", role="manager",
                                             region="London"), password_hash=hash_password(PASSWORD),
                                             account_role="coordinator")
    client = app.test_client()
    login = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert login.status_code == 200, login.get_json()
    csrf = login.get_json()["csrf_token"]
    base = "/api/v1/coordinator"
    if not client.get(f"{base}/pairing-rounds").get_json()["rounds"]:
        created = client.post(f"{base}/pairing-rounds", json={}, headers={"X-CSRF-Token": csrf})
        assert created.status_code == 201, created.get_json()
    html = client.get("/coordinator").get_data(as_text=True)
    css = (ROOT / "qnet" / "web" / "static" / "qnet.css").read_text(encoding="utf-8")
    services.graph.execute("MATCH (m:Member {id: $id}) DETACH DELETE m", id=coordinator.id)
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "coordinator.html"
        page.write_text(html.replace("</head>", f"<style>{css}</style></head>", 1), encoding="utf-8")
        subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--allow-file-access-from-files", f"--user-data-dir={tmp}/profile",
                        f"--screenshot={args.out}", "--window-size=1280,1900", "--virtual-time-budget=3000",
                        page.as_uri()], check=True, timeout=120)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
