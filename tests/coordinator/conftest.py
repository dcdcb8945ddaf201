"""Fixtures for coordinator insight: a coordinator, a member, and a small community in three themes."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import pytest
from flask import Flask

from qnet.core.records import Member
from qnet.matching.people.importer import MemberImporter
from qnet.services import Services
from tests.conftest import Session, login, make_member, profile

THEMES: dict[str, dict[str, Any]] = {
    "sepsis": {
        "role": "data analyst", "region": "North West",
        "bio": "I build SPC charts for sepsis screening and antibiotic timing in the emergency department.",
        "skills": [{"name": "SPC", "level": 3}, {"name": "data visualisation", "level": 2}],
        "interests": ["sepsis", "emergency department flow"],
    },
    "maternity": {
        "role": "midwife", "region": "London",
        "bio": "I co-design maternity services with women and families to make birth safer.",
        "skills": [{"name": "co-design", "level": 3}, {"name": "patient and public involvement", "level": 2}],
        "interests": ["maternity safety", "perinatal mental health"],
    },
    "frailty": {
        "role": "GP", "region": "Scotland",
        "bio": "I lead frailty work in primary care, reducing falls and polypharmacy in care homes.",
        "skills": [{"name": "Lean", "level": 2}, {"name": "process mapping", "level": 3}],
        "interests": ["frailty", "care homes"],
    },
}


def sign_in_as(app: Flask, services: Services, account_role: str = "member", **profile: Any) -> Session:
    """A new member with the given account role, signed in with their own client."""
    email = f"{account_role}-{uuid.uuid4().hex[:8]}@example.org"
    make_member(services, email=email, account_role=account_role, **profile)
    return login(app.test_client(), email)


@pytest.fixture
def coordinator(app: Flask, services: Services) -> Session:
    return sign_in_as(app, services, "coordinator", name="Cora Ordinator", **THEMES["frailty"])


@pytest.fixture
def member(app: Flask, services: Services) -> Session:
    return sign_in_as(app, services, "member", name="Mo Member")


@dataclass
class Community:
    by_theme: dict[str, list[Member]]

    @property
    def everyone(self) -> list[Member]:
        return [m for group in self.by_theme.values() for m in group]


def build_community(services: Services, per_theme: int = 4) -> Community:
    """Members in three themes, each theme tied together by connections (a chain plus a chord).

    They arrive as `qnet import members` brings a community in: one batch, embedded together (one
    member at a time cost most of each coordinator test's setup)."""
    tag = uuid.uuid4().hex[:8]
    lines: list[tuple[int, dict[str, Any] | str]] = []
    for theme, fields in THEMES.items():
        for k in range(per_theme):
            key = f"{theme}-{k}-{tag}"
            lines.append((len(lines) + 1, profile(key=key, email=f"{key}@example.org",
                                                  name=f"{theme.title()} Person {k}", **fields)))
    report = MemberImporter(services.profiles).run(lines)
    assert report.written == len(lines) and not report.rejected, report.rejected
    by_theme: dict[str, list[Member]] = {}
    pairs: list[dict[str, str]] = []
    for theme in THEMES:
        keys = [f"{theme}-{k}-{tag}" for k in range(per_theme)]
        members = [services.profiles.find_by_email(f"{key}@example.org") for key in keys]
        by_theme[theme] = [m for m in members if m is not None]
        pairs += [{"a": a, "b": b} for a, b in pairwise(keys)] + [{"a": keys[0], "b": keys[-1]}]
    services.connections.connect_many(pairs)
    return Community(by_theme)


@pytest.fixture
def community(services: Services) -> Community:
    return build_community(services)


def wait_for_run(session: Session, run_id: str, timeout_s: float = 60.0) -> dict[str, Any]:
    """Poll a background clustering run until it is no longer running."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        run = session.get(f"/api/v1/coordinator/clusters/runs/{run_id}").get_json()
        if run["status"] != "running":
            return run  # type: ignore[no-any-return]
        time.sleep(0.2)
    raise AssertionError(f"clustering run {run_id} did not finish in {timeout_s} s")
