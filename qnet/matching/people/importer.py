"""Bulk import of member profiles: validated lines in, batched transactional writes out.

Each batch is one transaction, so a member is written whole or not at all. A line that fails
validation, or whose email belongs to another member, is rejected with its line number and reason;
the others are written. Re-running an import updates members by key and never duplicates them, so
an import cut short (the database went away) is resumed by running it again: the report says which
lines were written before it stopped.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marshmallow import RAISE, Schema, fields, validate

from qnet.core.errors import Conflict, Unavailable
from qnet.core.untrusted_json import parse
from qnet.core.vocabulary import REGIONS, ROLES
from qnet.matching.people.names import Name
from qnet.matching.people.profiles import ProfileInput, ProfileService

Validator = Callable[[dict[str, Any]], dict[str, Any]]  # raises ValueError-like with .messages


class SkillInputSchema(Schema):
    class Meta:
        unknown = RAISE

    name = Name(80, required=True)
    level = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=3))


class ProfileSchema(Schema):
    """A complete profile: the profile part of an import line, and the API's PUT body (which replaces
    the whole of it)."""

    class Meta:
        unknown = RAISE

    name = fields.String(required=True, validate=validate.Length(min=1, max=120))
    role = fields.String(required=True, validate=validate.OneOf(ROLES))
    organisation = Name(200, blank_ok=True, load_default=None, allow_none=True)
    region = fields.String(required=True, validate=validate.OneOf(REGIONS))
    bio = fields.String(load_default="", validate=validate.Length(max=4000))
    skills = fields.List(fields.Nested(SkillInputSchema), load_default=list, validate=validate.Length(max=40))
    interests = fields.List(Name(80), load_default=list, validate=validate.Length(max=25))


class ImportMemberSchema(ProfileSchema):
    """One line of `qnet import members` (and of a seed): a profile plus its stable key and email."""

    key = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,79}$"))
    email = fields.Email(required=True, validate=validate.Length(max=254))


def validate_line(record: dict[str, Any]) -> dict[str, Any]:
    """One import line checked and loaded (marshmallow's ValidationError names each bad field)."""
    return ImportMemberSchema().load(record)  # type: ignore[no-any-return]


@dataclass
class ImportReport:
    written: int = 0
    rejected: list[tuple[int, str]] = field(default_factory=list)
    stopped: str | None = None  # why the import stopped early (the database went away), if it did
    stopped_at_line: int = 0  # the first line of the batch that was not written

    @property
    def ok(self) -> bool:
        return not self.rejected and self.stopped is None


def read_lines(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    """Yield (line number, record) or (line number, error text) from a .jsonl or .csv file."""
    if path.suffix.lower() == ".csv":
        yield from _read_csv(path)
        return
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                record = parse(line)
            except ValueError as exc:  # json.JSONDecodeError, or text that is not UTF-8
                yield number, f"not valid JSON ({getattr(exc, 'msg', exc)})"
                continue
            yield (number, record) if isinstance(record, dict) else (number, "each line must be a JSON object")


def _read_csv(path: Path) -> Iterator[tuple[int, dict[str, Any] | str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for number, row in enumerate(reader, start=2):
            try:
                yield number, _csv_record(row)
            except ValueError as exc:
                yield number, str(exc)


def _csv_record(row: dict[str, str | None]) -> dict[str, Any]:
    record: dict[str, Any] = {k: (v or "").strip() for k, v in row.items() if k}
    skills = []
    for part in filter(None, (p.strip() for p in record.get("skills", "").split(";"))):
        name, sep, level = part.rpartition(":")
        if not sep or not level.strip().isdigit():
            raise ValueError(f"skills: {part!r} is not name:level")
        skills.append({"name": name.strip(), "level": int(level)})
    record["skills"] = skills
    record["interests"] = [p.strip() for p in record.get("interests", "").split(";") if p.strip()]
    if not record.get("organisation"):
        record["organisation"] = None
    return record


def describe_errors(messages: Any) -> str:
    if isinstance(messages, dict):
        return "; ".join(f"{name}: {describe_errors(value)}" for name, value in messages.items())
    if isinstance(messages, list):
        return ", ".join(describe_errors(m) for m in messages)
    return str(messages)


class MemberImporter:
    def __init__(self, profiles: ProfileService, validate: Validator = validate_line, batch_size: int = 500) -> None:
        self.profiles = profiles
        self.validate = validate
        self.batch_size = batch_size

    def run(self, lines: Iterable[tuple[int, dict[str, Any] | str]],
            progress: Callable[[int], None] | None = None) -> ImportReport:
        report = ImportReport()
        seen_keys: dict[str, int] = {}
        seen_emails: dict[str, int] = {}
        batch: list[tuple[int, dict[str, Any]]] = []
        for number, record in lines:
            if isinstance(record, str):
                report.rejected.append((number, record))
                continue
            try:
                data = self.validate(record)
            except Exception as exc:  # noqa: BLE001 - one bad record is reported, whatever the validator raised
                report.rejected.append((number, describe_errors(getattr(exc, "messages", str(exc)))))
                continue
            data["email"] = data["email"].strip().lower()
            if data["key"] in seen_keys:
                report.rejected.append((number, f"key {data['key']!r} already used on line {seen_keys[data['key']]}"))
                continue
            if data["email"] in seen_emails:
                report.rejected.append((number, f"email already used on line {seen_emails[data['email']]}"))
                continue
            seen_keys[data["key"]] = seen_emails[data["email"]] = number
            batch.append((number, data))
            if len(batch) >= self.batch_size:
                if not self._write_or_stop(batch, report, progress):
                    return report
                batch = []
        if batch:
            self._write_or_stop(batch, report, progress)
        report.rejected.sort()
        return report

    def _write_or_stop(self, batch: list[tuple[int, dict[str, Any]]], report: ImportReport,
                       progress: Callable[[int], None] | None) -> bool:
        """Write one batch; if the database is unreachable, record where the import stopped."""
        try:
            self._write(batch, report, progress)
        except Unavailable as exc:
            report.stopped, report.stopped_at_line = exc.message, batch[0][0]
            report.rejected.sort()
            return False
        return True

    def _write(self, batch: list[tuple[int, dict[str, Any]]], report: ImportReport,
               progress: Callable[[int], None] | None) -> None:
        members = self.profiles.members
        owners = members.owners_of_emails([data["email"] for _, data in batch])
        accepted: list[tuple[int, dict[str, Any]]] = []
        for number, data in batch:
            owner = owners.get(data["email"])
            if owner is not None and owner != data["key"]:
                report.rejected.append((number, "email belongs to another member"))
            else:
                accepted.append((number, data))
        writes = [self.profiles.normalise(d["key"], d["email"], ProfileInput.from_dict(d)) for _, d in accepted]
        writes = self.profiles.with_embeddings(writes, members.embedding_hashes([w.key for w in writes]))
        try:
            members.upsert_many(writes)
            report.written += len(writes)
        except Conflict:
            # Someone took an email meanwhile: write one by one so only the clashing lines fail.
            for (number, _), write in zip(accepted, writes):
                try:
                    members.upsert_many([write])
                    report.written += 1
                except Conflict:
                    report.rejected.append((number, "email or key clashes with another member"))
        if progress:
            progress(len(batch))


def count_lines(path: Path) -> int:
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip()) - (1 if path.suffix.lower() == ".csv" else 0)



