"""Duplicate detection quality on the two paraphrase fixtures, measured through the API.

Every fixture idea is posted through POST /api/v1/ideas; recall@2 is read from
GET /api/v1/ideas/{id}/similar (bench/idea_similarity_eval.py does the same and writes the JSON). The
vectors the app stored are also ranked with MiniLM's block alone (what qnet used before the idea space).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from bench.idea_similarity_eval import DEV2, run

TARGET = 0.8  # the issue's target
# Measured in the idea space with one idea encoded at a time, as the API does (the int8 encoders' vectors
# move slightly with their batch, and the random idea ids break ties), over 10 id orders: 0.720-0.727 on
# the first fixture (MiniLM alone 0.720) and 0.506-0.517 on the second (MiniLM alone 0.428-0.444).
# A drop below a floor is a regression.
FLOOR = 0.68
FLOOR_DEV2 = 0.48
MINILM = "all-MiniLM-L6-v2 alone (before)"


@pytest.fixture(scope="module")
def measured(app: Flask) -> dict[str, Any]:
    return run(app)


@pytest.fixture(scope="module")
def measured_dev2(app: Flask) -> dict[str, Any]:
    return run(app, DEV2)


def test_every_fixture_idea_is_posted_and_queried(measured: dict[str, Any], measured_dev2: dict[str, Any]) -> None:
    assert (measured["ideas_posted"], measured["queries"]) == (117, 75)
    assert (measured_dev2["ideas_posted"], measured_dev2["queries"]) == (140, 90)
    assert measured["space"] == "all-MiniLM-L6-v2@2+bge-small-en-v1.5-q@1+e5-small-v2-q@1"


def test_recall_at_2_does_not_fall_below_the_measured_floor(measured: dict[str, Any],
                                                            measured_dev2: dict[str, Any]) -> None:
    assert measured["recall_at_2"] >= FLOOR, measured
    assert measured_dev2["recall_at_2"] >= FLOOR_DEV2, measured_dev2


def test_the_idea_space_finds_more_paraphrases_than_minilm_alone_on_the_second_fixture(
        measured_dev2: dict[str, Any]) -> None:
    stored = measured_dev2["stored_vectors"]
    assert stored["three, 2 : 1 : 1 (qnet's idea space)"]["recall_at_2"] == measured_dev2["recall_at_2"]
    assert measured_dev2["recall_at_2"] >= stored[MINILM]["recall_at_2"] + 0.05


def test_a_story_and_a_question_find_each_other_first_where_minilm_alone_does_not(
        measured_dev2: dict[str, Any]) -> None:
    """"Our practice's biggest emissions came from puffers" (a GP practice's story) and "Is there a greener
    version of my asthma spray?" (a patient's question) share no content word. In the idea space each is
    the other's first similar idea; by MiniLM alone they are not each other's first. (One of four such
    pairs of the second fixture when ideas are encoded one at a time, as the API does; each held under 20
    random orders of the idea ids.)"""
    firsts, minilm = measured_dev2["firsts"], measured_dev2["stored_vectors"][MINILM]["firsts"]
    assert firsts["g28/0"][0] == "g28/2" and firsts["g28/2"][0] == "g28/0"
    assert not (minilm["g28/0"][0] == "g28/2" and minilm["g28/2"][0] == "g28/0")


@pytest.mark.xfail(reason="the idea space with the voice/hubness/shared-neighbour ranking reaches 0.72 on this "
                          "fixture (all-mpnet-base-v2 offline: 0.78); see docs/BENCHMARKS.md", strict=False)
def test_recall_at_2_reaches_the_issue_target(measured: dict[str, Any]) -> None:
    assert measured["recall_at_2"] >= TARGET, measured
