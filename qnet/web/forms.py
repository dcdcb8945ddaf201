"""Plain HTML forms over the API's own marshmallow schemas: one validation, messages beside each field.

A page builds the same input the API would receive from the posted form (skills as repeated
name/level rows, lists from comma-separated text), loads it with the API's schema, and on failure
shows each message next to its field, in plain words (qnet/web/plain_words.py), with what the
member typed still in place. Field paths are
joined with "-" (skills-0-level, answers-a), which is also the name and id of the input on the page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, ValidationError

from qnet.core.errors import QnetError
from qnet.web.plain_words import plain_messages

MAX_SKILL_ROWS = 40


@dataclass
class Form:
    """What was typed (to show again), the messages per field, and the loaded data when valid."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)
    data: dict[str, Any] | None = None
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None and not self.errors and self.message is None

    def value(self, name: str, default: Any = "") -> Any:
        value = self.values.get(name, default)
        return default if value is None else value

    def refuse(self, error: QnetError) -> Form:
        """Show a service's refusal (Invalid, Conflict...) on the form: its message and its fields."""
        self.message = error.message
        for name, messages in plain_messages(flatten_messages(error.fields)).items():
            self.errors.setdefault(name, []).extend(messages)
        return self


def flatten_messages(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """marshmallow's nested messages ({"skills": {0: {"level": [...]}}}) keyed by form field path."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = f"{prefix}-{key}" if prefix else str(key)
            out.update(flatten_messages(value, name))
    elif isinstance(messages, list | tuple) and messages and all(isinstance(m, str) for m in messages):
        out[prefix or "_form"] = [str(m) for m in messages]
    elif isinstance(messages, list | tuple):
        for item in messages:
            for name, texts in flatten_messages(item, prefix).items():
                out.setdefault(name, []).extend(texts)
    elif messages is not None:
        out[prefix or "_form"] = [str(messages)]
    return out


def load(schema: Schema, raw: dict[str, Any], values: dict[str, Any]) -> Form:
    """Validate `raw` (shaped like the API's JSON body) with the API's schema; its messages in plain words."""
    try:
        data = schema.load(raw)
    except ValidationError as err:
        return Form(values=values, errors=plain_messages(flatten_messages(err.messages), raw))
    return Form(values=values, data=data)


def text(form: Mapping[str, str], name: str) -> str:
    return (form.get(name) or "").strip()


def optional(form: Mapping[str, str], name: str) -> str | None:
    return text(form, name) or None


def words_list(value: str) -> list[str]:
    """Comma- or line-separated entries, tidied, empty ones dropped."""
    parts = value.replace("\n", ",").split(",")
    return [" ".join(p.split()) for p in parts if p.strip()]


def integer(value: str) -> int | str:
    """A whole number when the text is one; otherwise the text itself, for the schema to refuse."""
    value = value.strip()
    return int(value) if value.lstrip("-").isdigit() else value


def skill_rows(form: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Skills from repeated skills-N-name / skills-N-level inputs: (schema input, rows to show again).

    Rows with no name are blank rows left for adding a skill and are skipped; the indexes the schema
    reports are those of the kept rows, so the shown rows are renumbered to match.
    """
    kept: list[dict[str, str]] = []
    for i in range(MAX_SKILL_ROWS + 10):
        name, level = text(form, f"skills-{i}-name"), text(form, f"skills-{i}-level")
        if name:
            kept.append({"name": name, "level": level})
    return [{"name": r["name"], "level": integer(r["level"])} for r in kept], kept


def profile_input(form: Mapping[str, str]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The API's ProfileSchema body from the profile form, and the values to show again."""
    skills, rows = skill_rows(form)
    raw: dict[str, Any] = {
        "name": text(form, "name"),
        "role": text(form, "role"),
        "organisation": optional(form, "organisation"),
        "region": text(form, "region"),
        "bio": text(form, "bio"),
        "skills": skills,
        "interests": words_list(form.get("interests", "")),
    }
    values = {**raw, "skills": rows, "interests": form.get("interests", "")}
    return raw, values


def skill_form_rows(skills: list[dict[str, Any]], blank: int = 3) -> list[dict[str, Any]]:
    """The rows to draw: the member's skills and a few blank ones to add more without JavaScript."""
    return [{"name": s.get("name", ""), "level": s.get("level", "")} for s in skills] + \
        [{"name": "", "level": ""} for _ in range(blank)]
