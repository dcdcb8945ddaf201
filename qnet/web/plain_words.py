"""Form messages in plain words: what the API's schemas say to developers ("Missing data for required
field.", "Must be one of: patient_carer, ...", "Not a valid integer.") said to a person instead
("Enter your name", "Choose how you are applying", "Choose a level from 1 to 3").

The API keeps its own messages (they are documented and exact); every page form goes through
`plain()` (via qnet.web.forms), so the rules for wording live here and nowhere else. A message
that no rule knows (a service's own sentence, already written for people) only gets a capital letter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# What a field is called in a sentence, and whether one enters it (typing) or chooses it (a list).
# Paths are the form's field names: repeated rows ("skills-0-level") are matched without their number.
FIELDS: dict[str, tuple[str, str]] = {
    "name": ("enter", "your name"),
    "email": ("enter", "your email address"),
    "password": ("enter", "a password"),
    "confirm": ("enter", "the password again"),
    "role": ("choose", "your role"),
    "region": ("choose", "a region"),
    "organisation": ("enter", "your organisation"),
    "route": ("choose", "how you are applying"),
    "route_evidence": ("enter", "the course or organisation you are applying through"),
    "consent": ("choose", "whether we may process your application"),
    "bio": ("enter", "a few words about your work"),
    "interests": ("enter", "your interests"),
    "skills-name": ("enter", "the name of the skill"),
    "skills-level": ("choose", "a level from 1 to 3"),
    "title": ("enter", "a title"),
    "summary": ("enter", "a summary"),
    "body": ("enter", "your text"),
    "topics": ("enter", "at least one topic"),
    "message": ("enter", "a message"),
    "decision": ("choose", "a decision"),
    "reason": ("enter", "a reason"),
    "action": ("choose", "what to do"),
    "status": ("choose", "a status"),
    "description": ("enter", "a description"),
    "aim": ("enter", "the project's aim"),
    "setting": ("enter", "the setting"),
    "learning_question": ("enter", "the learning question"),
    "methods": ("enter", "the methods"),
    "opens_at": ("enter", "when the phase opens"),
    "closes_at": ("enter", "when the phase closes"),
    "ideas_open_at": ("enter", "when ideas open"),
    "shortlisting_at": ("enter", "when shortlisting starts"),
    "voting_at": ("enter", "when voting starts"),
    "results_at": ("enter", "when the results are out"),
    "votes_per_member": ("enter", "how many votes each member has"),
    "reviews_required": ("enter", "how many reviews each application needs"),
    "routes": ("choose", "who may apply"),
    "partners-name": ("enter", "the partner's name"),
    "partners-region": ("choose", "the partner's region"),
    "q": ("enter", "what you are looking for"),
}
for _key, _title in (("a", "criterion (a)"), ("b", "criterion (b)"), ("c", "criterion (c)")):
    FIELDS[f"answers-{_key}"] = ("enter", f"your answer to {_title}")
    FIELDS[f"{_key}-score"] = ("choose", f"a score for {_title}")
    FIELDS[f"{_key}-note"] = ("enter", f"a note for {_title}")

_NUMBERED = re.compile(r"-\d+-")
_BETWEEN = re.compile(r"(?:Length must be|write) between (\d+) and (\d+)")
_AT_MOST = re.compile(r"Longer than maximum length (\d+)")
_AT_LEAST = re.compile(r"Shorter than minimum length (\d+)")
_RANGE = re.compile(r"greater than or equal to (-?\d+) and less than or equal to (-?\d+)")
_MISSING = ("Missing data for required field.", "Field may not be null.", "Not a valid string.", "must not be blank")


def _field(path: str) -> tuple[str, str]:
    key = _NUMBERED.sub("-", path)
    return FIELDS.get(key) or FIELDS.get(key.rsplit("-", 1)[-1]) or ("enter", "the " + key.replace("_", " ").replace("-", " "))


def _ask(path: str) -> str:
    verb, noun = _field(path)
    return f"{verb.capitalize()} {noun}"


def _sentence(text: str) -> str:
    text = text.strip().rstrip(".")
    return text[:1].upper() + text[1:]


def _subject(path: str) -> str:
    """The field as the subject of a sentence: "a title" -> "Title", "your name" -> "Your name"."""
    noun = _field(path)[1]
    for article in ("a ", "an ", "at least one "):
        noun = noun.removeprefix(article)
    return _sentence(noun)


def _length(path: str, typed: Any, low: int, high: int | None) -> str:
    if isinstance(typed, list | tuple):  # a list typed in one box: its length is how many entries
        if not typed:
            return _ask(path)
        return f"{_subject(path)}: give at most {high} (there are {len(typed)})" if high else _ask(path)
    size = len(str(typed or "").strip())
    if size == 0:
        return _ask(path)
    if high is not None and size > high:
        return f"{_subject(path)} must be {high:,} characters or fewer (it is {size:,})"
    return f"{_subject(path)} must be at least {low:,} characters (it is {size:,})"


def _chosen(path: str, typed: Any) -> bool:
    """A number picked from a list (a score), or nothing typed: ask for it rather than explain numbers."""
    return _NUMBERED.sub("-", path) != "skills-level" and (_field(path)[0] == "choose" or typed in ("", None))


def _number(path: str, low: str | None = None, high: str | None = None) -> str:
    if _NUMBERED.sub("-", path) == "skills-level":
        return "Choose a level from 1 to 3"
    noun = _field(path)[1]
    span = f" from {low} to {high}" if low is not None else ""
    return f"Enter {noun} as a whole number{span}"


def plain(path: str, message: str, typed: Any = "") -> str:
    """One schema or service message about field `path`, in words for the person who typed `typed`."""
    if path == "consent":
        return "Tick the box to let us process your application"
    if message in _MISSING or (not typed and message.startswith(("Length", "Shorter"))):
        return _ask(path)
    if match := _BETWEEN.search(message):
        return _length(path, typed, int(match[1]), int(match[2]))
    if match := _AT_MOST.search(message):
        return _length(path, typed, 0, int(match[1]))
    if match := _AT_LEAST.search(message):
        return _length(path, typed, int(match[1]), None)
    if message.startswith("Must be one of") or message == "Not a valid choice.":
        return _ask(path) if _NUMBERED.sub("-", path) != "skills-level" else "Choose a level from 1 to 3"
    if message.startswith(("Not a valid integer", "Not a valid number")):
        return _ask(path) if _chosen(path, typed) else _number(path)
    if match := _RANGE.search(message):
        return _ask(path) if _chosen(path, typed) else _number(path, match[1], match[2])
    if message.startswith("Not a valid email"):
        return "Enter an email address like name@example.org"
    if message.startswith(("Not a valid datetime", "Not a valid aware datetime")):
        return f"Enter {_field(path)[1]} as a date and time"
    if message == "Unknown field.":
        return "This was not expected here; reload the page and try again"
    return _sentence(message)


def flat_values(raw: Any, prefix: str = "") -> dict[str, Any]:
    """A nested form body ({"answers": {"a": ...}, "skills": [{"level": ...}]}) by field path."""
    out: dict[str, Any] = {}
    if isinstance(raw, Mapping):
        for key, value in raw.items():
            out.update(flat_values(value, f"{prefix}-{key}" if prefix else str(key)))
    elif isinstance(raw, list):
        for index, value in enumerate(raw):
            out.update(flat_values(value, f"{prefix}-{index}"))
    else:
        out[prefix] = raw
    return out


def plain_messages(errors: dict[str, list[str]], raw: Any = None) -> dict[str, list[str]]:
    """Every message of a form in plain words, each once per field."""
    typed = flat_values(raw or {})
    out: dict[str, list[str]] = {}
    for path, messages in errors.items():
        for message in messages:
            said = plain(path, message, typed.get(path, ""))
            if said not in out.setdefault(path, []):
                out[path].append(said)
    return out
