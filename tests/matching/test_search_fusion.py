"""How people search combines meaning with the other evidence (qnet.matching.people.search.Weights)."""

from __future__ import annotations

from qnet.matching.people.search import EVIDENCE_SCALE, HYBRID, SEMANTIC_SENTENCES


def parts(semantic: float, evidence: float = 0.0) -> dict[str, float]:
    return {"semantic": semantic, "lexical": evidence, "skills": evidence, "role": evidence, "proximity": evidence}


def test_every_other_signal_at_its_most_cannot_outrank_a_clear_lead_in_meaning() -> None:
    lead = EVIDENCE_SCALE * HYBRID.evidence + 0.001
    assert HYBRID.combined(parts(0.80)) > HYBRID.combined(parts(0.80 - lead, evidence=1.0))


def test_other_evidence_decides_between_members_equally_close_in_meaning() -> None:
    with_words = {**parts(0.80), "lexical": 0.6}
    assert HYBRID.combined(with_words) > HYBRID.combined(parts(0.80))


def test_a_perfect_result_scores_one_and_meaning_alone_is_its_own_score() -> None:
    assert abs(HYBRID.combined(parts(1.0, evidence=1.0)) - 1.0) < 1e-9
    assert SEMANTIC_SENTENCES.combined(parts(0.7731, evidence=1.0)) == 0.7731
