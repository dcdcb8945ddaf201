"""Membership fixtures: an open phase, coordinators, and a mailbox to read links from.

Mail goes to a temporary mail directory (QNET_MAIL_DIR, set before the app's settings are read), so
tests read each message exactly as an applicant would receive it, links and all.
"""

from __future__ import annotations

import os
import tempfile
from datetime import UTC, datetime

import pytest
from flask import Flask

from qnet.core.records import Phase
from qnet.services import Services
from tests.conftest import Session
from tests.membership.factories import Mailbox, coordinator_session, phase_input

os.environ.setdefault("QNET_MAIL_DIR", tempfile.mkdtemp(prefix="qnet-test-mail-"))


@pytest.fixture
def now() -> datetime:
    return datetime.now(UTC)


@pytest.fixture
def open_phase(services: Services, now: datetime) -> Phase:
    """A phase open now to every route, with a course, a national organisation and a regional partner."""
    return services.membership.recruitment.define(phase_input(now), now)


@pytest.fixture
def coordinator(app: Flask, services: Services) -> Session:
    return coordinator_session(app, services)


@pytest.fixture
def second_coordinator(app: Flask, services: Services) -> Session:
    return coordinator_session(app, services, name="Robin Reviewer", organisation="Improvement Analytics Unit")


@pytest.fixture
def mailbox(services: Services) -> Mailbox:
    return Mailbox(services.membership.mail.mail_dir)
