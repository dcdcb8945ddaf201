"""What every input schema shares: unknown fields are refused, and listings page the same way."""

from __future__ import annotations

from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from qnet.core.cursors import MAX_CURSOR_CHARS


class InputSchema(Schema):
    """What a client sends (a JSON body or query arguments): a field qnet does not know is a 400
    naming it, never silently dropped."""

    class Meta:
        unknown = RAISE


def page_size(default: int, most: int) -> fields.Integer:
    """A listing's `limit`: how many items one page holds, `default` when not asked, at most `most`."""
    return fields.Integer(load_default=default, validate=validate.Range(min=1, max=most))


def cursor(max_chars: int = MAX_CURSOR_CHARS, **options: Any) -> fields.String:
    """A listing's `cursor`: the `next_cursor` of the page before, as the listing made it."""
    return fields.String(validate=validate.Length(max=max_chars), **options)


class RefSchema(Schema):
    """Someone (or something) named inside another representation: an id and a name, never an email.
    Each use subclasses it under its own name, which is its name in the OpenAPI document."""

    id = fields.String()
    name = fields.String()


class TitledRefSchema(Schema):
    """Something with a title named inside another representation (a project, an idea)."""

    id = fields.String()
    title = fields.String(attribute="name")


class SkillRefSchema(Schema):
    """A skill named inside another representation: its key (as search and filters take it) and name."""

    key = fields.String()
    name = fields.String()
