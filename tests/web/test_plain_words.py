"""Form messages in plain words, dates people read and labels for codes: pure functions, literal cases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from qnet.core.dates import uk_date, uk_date_time, uk_month
from qnet.core.vocabulary import label
from qnet.web.plain_words import plain, plain_messages


@pytest.mark.parametrize(("path", "message", "typed", "said"), [
    ("name", "Length must be between 1 and 120.", "", "Enter your name"),
    ("name", "Missing data for required field.", "", "Enter your name"),
    ("route", "Must be one of: patient_carer, course_alumni, national_organisation, regional, open.", "",
     "Choose how you are applying"),
    ("skills-7-level", "Not a valid integer.", "seven", "Choose a level from 1 to 3"),
    ("skills-0-level", "Must be greater than or equal to 1 and less than or equal to 3.", 7, "Choose a level from 1 to 3"),
    ("title", "Length must be between 3 and 200.", "ab", "Title must be at least 3 characters (it is 2)"),
    ("title", "Length must be between 3 and 200.", "x" * 201, "Title must be 200 characters or fewer (it is 201)"),
    ("answers-b", "write between 150 and 2500 characters", "short",
     "Your answer to criterion (b) must be at least 150 characters (it is 5)"),
    ("email", "Not a valid email address.", "priya", "Enter an email address like name@example.org"),
    ("topics", "Length must be between 1 and 10.", [], "Enter at least one topic"),
    ("votes_per_member", "Not a valid integer.", "many", "Enter how many votes each member has as a whole number"),
    ("opens_at", "Not a valid datetime.", "soon", "Enter when the phase opens as a date and time"),
    ("consent", "must be true", "", "Tick the box to let us process your application"),
    ("a-score", "Not a valid integer.", "", "Choose a score for criterion (a)"),
    ("b-score", "Must be greater than or equal to 1 and less than or equal to 4.", 7, "Choose a score for criterion (b)"),
    ("reviews_required", "Not a valid integer.", "", "Enter how many reviews each application needs"),
    ("region", "no partner organisation in this region", "Wales", "No partner organisation in this region"),
])
def test_schema_messages_are_said_in_plain_words(path: str, message: str, typed: object, said: str) -> None:
    assert plain(path, message, typed) == said


def test_nested_form_bodies_are_matched_to_their_messages_once_per_field() -> None:
    errors = {"answers-a": ["write between 150 and 2500 characters"], "name": ["Missing data for required field.",
                                                                             "Missing data for required field."]}
    raw = {"answers": {"a": "too short"}, "name": ""}
    assert plain_messages(errors, raw) == {
        "answers-a": ["Your answer to criterion (a) must be at least 150 characters (it is 9)"],
        "name": ["Enter your name"]}


def test_dates_read_as_uk_english_in_uk_time() -> None:
    assert uk_date("2026-12-07T09:30:00+00:00") == "Monday 7 December 2026"
    assert uk_date_time("2026-12-07T14:00:00+00:00") == "Monday 7 December 2026, 14:00"
    assert uk_date_time(datetime(2026, 7, 7, 13, 0, tzinfo=UTC)) == "Tuesday 7 July 2026, 14:00"  # BST
    assert uk_date_time("2026-03-28T23:30:00Z") == "Saturday 28 March 2026, 23:30"
    assert uk_month("2026-12-07T09:30:00+00:00") == "December 2026"
    assert uk_date(None, "Never") == "Never" and uk_date("not a date") == ""


def test_codes_are_shown_as_words_and_roles_keep_their_capitals() -> None:
    assert label("in_progress") == "In progress" and label("under_review") == "Under review"
    assert label("GP") == "GP" and label("frontline clinician") == "Frontline clinician"
    assert label("patient_carer") == "Patient or carer leader"
