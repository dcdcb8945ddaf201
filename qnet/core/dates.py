"""Dates and times as people in the UK read them: "Monday 7 December 2026" and, where the time
matters, "Monday 7 December 2026, 14:00" in UK time (GMT or BST). Pages (through the `date` and
`date_time` Jinja filters) and mail use these, so every date qnet shows reads the same way."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")
_NANOSECONDS = re.compile(r"(\.\d{6})\d+")  # Neo4j writes nine fractional digits; Python reads six


def _moment(value: datetime | str | None) -> datetime | None:
    """A stored moment (ISO text or datetime; a naive one is UTC, as qnet stores them) in UK time."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(_NANOSECONDS.sub(r"\1", value))
        except ValueError:
            return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UK)


def uk_date(value: datetime | str | None, default: str = "") -> str:
    """ "Monday 7 December 2026" (the day in the UK), or `default` for no date."""
    moment = _moment(value)
    return f"{moment:%A} {moment.day} {moment:%B %Y}" if moment else default


def uk_date_time(value: datetime | str | None, default: str = "") -> str:
    """ "Monday 7 December 2026, 14:00" in UK time, or `default` for no date."""
    moment = _moment(value)
    return f"{uk_date(moment)}, {moment:%H:%M}" if moment else default


def uk_month(value: datetime | str | None, default: str = "") -> str:
    """ "December 2026", for "member since"."""
    moment = _moment(value)
    return f"{moment:%B %Y}" if moment else default

