"""Reviewer assist with the real model: highlights the evidence, flags answers that miss a criterion."""

from __future__ import annotations

from flask.testing import FlaskClient

from qnet.core.records import Phase
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.membership.reviewer_assist import ReviewerAssist, split_sentences
from tests.conftest import Session
from tests.membership.factories import ANSWERS, submit

OFF_TOPIC = {
    "a": ("My favourite hobby is gardening and I grow tomatoes and courgettes on my allotment every summer. "
          "The weather this year has been wet so the slugs have been a problem. I also enjoy baking bread."),
    "b": ("I enjoy travelling to Italy and Spain and have visited Rome four times. The food there is "
          "excellent and I love walking around old cities. Next year I hope to go to Portugal with my family."),
    "c": ("Football is my passion and I support my local team every Saturday. The stadium atmosphere is "
          "amazing and the season ticket is good value. My children are learning to play too."),
}


def test_answers_are_split_into_sentences_without_fragments() -> None:
    text = "We ran PDSA cycles. Did it work?\nYes!  The median fell from 95 to 52 minutes.  ok."
    assert split_sentences(text) == ["We ran PDSA cycles.", "Did it work?",
                                     "The median fell from 95 to 52 minutes."]


def test_answers_that_address_the_criteria_have_their_best_evidence_highlighted(embedder: Embedder) -> None:
    assessed = {c.criterion: c for c in ReviewerAssist(embedder).assess(ANSWERS)}
    assert all(c.addressed for c in assessed.values())
    assert assessed["b"].highlights[0].sentence.startswith("I led a project to reduce the time to antibiotics")
    assert assessed["c"].highlights[0].sentence.startswith("Statistical process control helped us")
    for criterion in assessed.values():
        scores = [h.score for h in criterion.highlights]
        assert scores == sorted(scores, reverse=True)
        assert criterion.best_score == scores[0]
        assert len(criterion.highlights) <= 3


def test_answers_that_do_not_address_a_criterion_are_flagged(embedder: Embedder) -> None:
    mixed = {"a": ANSWERS["a"], "b": OFF_TOPIC["b"], "c": OFF_TOPIC["c"]}
    assessed = {c.criterion: c for c in ReviewerAssist(embedder).assess(mixed)}
    assert assessed["a"].addressed is True
    assert assessed["b"].addressed is False
    assert assessed["c"].addressed is False
    assert all(not c.addressed for c in ReviewerAssist(embedder).assess(OFF_TOPIC))


def test_coordinators_see_assist_beside_the_answers_and_decide_themselves(client: FlaskClient, open_phase: Phase,
                                                                          coordinator: Session) -> None:
    response = submit(client, answers={"a": ANSWERS["a"], "b": ANSWERS["b"], "c": OFF_TOPIC["c"]})
    detail = coordinator.get(f"/api/v1/applications/{response.get_json()['id']}").get_json()
    assert detail["answers"]["c"] == OFF_TOPIC["c"]
    assist = {a["criterion"]: a for a in detail["assist"]}
    assert [assist[k]["addressed"] for k in "abc"] == [True, True, False]
    assert assist["b"]["title"] == "Experience of playing a role in efforts to improve quality"
    assert {"sentence", "score"} == set(assist["b"]["highlights"][0])
    assert detail["status"] == "received"  # assist never changes an application
