"""Builders shared by the membership tests: application bodies, phases, coordinators, a mailbox."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from qnet.graph.driver import Graph
from qnet.matching.membership.recruitment import PhaseInput
from qnet.services import Services
from tests.conftest import Session, login, make_member

ANSWERS = {
    "a": ("I believe that the best improvements happen when patients, nurses and managers work on them "
          "together. In my trust I set up a monthly huddle where staff from three wards share what they "
          "are testing, and I want to learn from others across the UK."),
    "b": ("I led a project to reduce the time to antibiotics for patients with suspected sepsis in our "
          "emergency department. We ran six PDSA cycles, changing the screening tool and the triage "
          "process, and tracked door-to-needle time on a run chart."),
    "c": ("Looking back, the most important lesson was that the change only stuck once the night team had "
          "shaped it. Statistical process control helped us tell real improvement from noise, and next "
          "time I would involve patients earlier and plan for sustaining the change."),
}
COURSE = "Improvement Leaders Programme"
NATIONAL_ORG = "National Patient Safety Collaborative"
PARTNER = "Northern Improvement Network"


def application_body(**overrides: Any) -> dict[str, Any]:
    """A valid application through the open route; tests override what they examine."""
    body: dict[str, Any] = {
        "name": "Priya Sharma",
        "email": f"applicant-{uuid.uuid4().hex[:8]}@example.org",
        "organisation": "Riverside Community Health NHS Trust",
        "region": "Midlands",
        "role": "nurse",
        "route": "open",
        "route_evidence": None,
        "answers": dict(ANSWERS),
        "consent": True,
    }
    body.update(overrides)
    return body


def phase_input(now: datetime, **overrides: Any) -> PhaseInput:
    values: dict[str, Any] = {
        "name": "Pilot phase",
        "opens_at": now - timedelta(days=1),
        "closes_at": now + timedelta(days=30),
        "routes": ["patient_carer", "course_alumni", "national_organisation", "regional", "open"],
        "courses": [COURSE, "Scottish Improvement Skills"],
        "organisations": [NATIONAL_ORG],
        "partners": [(PARTNER, "North East and Yorkshire")],
    }
    values.update(overrides)
    return PhaseInput(**values)


def coordinator_session(app: Flask, services: Services, name: str = "Casey Coordinator",
                        organisation: str = "Q Community Team") -> Session:
    email = f"coordinator-{uuid.uuid4().hex[:8]}@example.org"
    make_member(services, email=email, account_role="coordinator", name=name, organisation=organisation)
    return login(app.test_client(), email)


class Mailbox:
    """Reads the .eml files the outbox delivered since the test started."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.seen = set(directory.glob("*.eml")) if directory.exists() else set()

    def messages(self, to: str | None = None, kind: str | None = None) -> list[EmailMessage]:
        found: list[EmailMessage] = []
        for path in sorted(self.directory.glob("*.eml")) if self.directory.exists() else []:
            if path in self.seen:
                continue
            message = message_from_bytes(path.read_bytes(), policy=policy.default)
            assert isinstance(message, EmailMessage)
            if (to is None or message["To"] == to) and (kind is None or message["X-Qnet-Kind"] == kind):
                found.append(message)
        return found

    def last(self, to: str, kind: str) -> EmailMessage:
        messages = self.messages(to, kind)
        assert messages, f"no {kind} mail to {to}"
        return messages[-1]

    def link_token(self, to: str, kind: str, path: str) -> str:
        """The token at the end of the first link under `path` in the latest mail of that kind."""
        body = self.last(to, kind).get_content()
        match = re.search(re.escape(path) + r"([A-Za-z0-9_\-.]+)", body)
        assert match, body
        return match.group(1)


def submit(client: FlaskClient, **overrides: Any) -> Any:
    return client.post("/api/v1/applications", json=application_body(**overrides))


def review_body(a: int = 3, b: int = 3, c: int = 3, note: str = "") -> dict[str, Any]:
    return {k: {"score": v, "note": note} for k, v in (("a", a), ("b", b), ("c", c))}


def properties_containing(graph: Graph, text: str) -> list[dict[str, Any]]:
    """Every node and relationship property anywhere in the graph whose value contains `text`."""
    return graph.query(
        """
        CALL () {
          MATCH (n) UNWIND keys(n) AS k RETURN labels(n) AS what, k, n[k] AS v
          UNION ALL
          MATCH ()-[r]->() UNWIND keys(r) AS k RETURN [type(r)] AS what, k, r[k] AS v
        }
        WITH what, k, CASE WHEN v IS :: LIST<ANY> THEN [e IN v | toString(e)] ELSE [toString(v)] END AS texts
        WHERE any(t IN texts WHERE toLower(t) CONTAINS toLower($text))
        RETURN what, k AS key
        """,
        text=text,
    )
