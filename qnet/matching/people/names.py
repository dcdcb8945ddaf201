"""Fields for names that qnet normalises to a key (skills, methods, topics, interests, organisations...).

"SPC", "spc" and "Control charts" become one skill; " ", "!!", "¶" or control characters become no
key at all, so they are refused here with the field named, in bodies and query filters alike.
"""

from __future__ import annotations

from typing import Any

from marshmallow import ValidationError, fields, validate

from qnet.matching.people.skills import NO_KEY, has_key


def _meaningful(value: str) -> None:
    if not has_key(value):
        raise ValidationError(NO_KEY)


def _meaningful_or_blank(value: str | None) -> None:
    if value is not None and value.strip() and not has_key(value):
        raise ValidationError(NO_KEY)


def Name(max_length: int = 80, *, blank_ok: bool = False, **kwargs: Any) -> fields.String:
    """A normalised name of at most max_length characters with at least one letter or digit.

    blank_ok: an optional name (an organisation) where empty or spaces mean "none given", as before.
    """
    if blank_ok:
        return fields.String(validate=[validate.Length(max=max_length), _meaningful_or_blank], **kwargs)
    return fields.String(validate=[validate.Length(min=1, max=max_length), _meaningful], **kwargs)
