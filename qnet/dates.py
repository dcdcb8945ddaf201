"""Moments as people in the UK read them: "7 December 2026 at 09:15", in UK time."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

UK = ZoneInfo("Europe/London")


def readable(moment: str | datetime | None) -> str:
    """An ISO moment (or datetime) as a UK reader expects it; '' for none, the text itself if unparseable."""
    if not moment:
        return ""
    if isinstance(moment, str):
        text = moment
        try:
            moment = datetime.fromisoformat(text)  # Python 3.11 reads the trailing Z
        except ValueError:
            return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    local = moment.astimezone(UK)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def readable_day(moment: str | datetime | None) -> str:
    """Just the day: "7 December 2026"."""
    text = readable(moment)
    return text.split(" at ")[0]
