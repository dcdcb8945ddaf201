"""How much a search's word and meaning evidence is worth, on scales that do not move with the query.

Words: a word that many members use ("health", "care", "project", "patient", "community" in a health
improvement network) says little about who can help, so it neither counts as lexical evidence nor is
shown as a "word that matched". Which words are common is read from the graph at search time (how
many members the full-text index finds for each query word), never from a list. The full-text score
itself is saturated on a fixed scale (score / (score + LEXICAL_HALF)) instead of being divided by the
best hit's, so the best of weak matches is not promoted to 1.0.

Meaning: the relevance floor is an absolute value of the search space's score (whole-profile and
best-sentence cosine mix, qnet.matching.meaning.search_space); below it a result is a weak match. All constants
here were set on tests/fixtures/ and on nonsense queries written for the purpose (docs/SEARCH.md),
never on ../shared/eval.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from qnet.matching.people.intent import STOP_WORDS, normalised_words

# A full-text (BM25) score at which word evidence is worth half of its most.
LEXICAL_HALF = 4.0
# A word found in more than this share of members (and in more than COMMON_MIN members) is common.
COMMON_SHARE = 0.05
COMMON_MIN = 5
# The search space's semantic score (0.35 x whole-profile + 0.65 x best-sentence weighted-mean cosine)
# below which a result is only a weak match. On tests/fixtures the best member of every one of the 42
# real queries scores 0.770 or more (median 0.823); twelve queries written to be outside the
# network's expertise ("xyzzy plugh", "banana bread recipe", "my cat is sick", ...) score 0.618-0.720
# at best. The floor is between the two. A larger community raises both; see docs/SEARCH.md.
RELEVANCE_FLOOR = 0.745
WEAK_MATCHES_SHOWN = 5


def content_words(words: Iterable[str]) -> list[str]:
    """The query's words worth looking up (intent.query_words: abbreviations both ways and named skills'
    names included): not stop words, at least three characters, once each."""
    return list(dict.fromkeys(w for w in words if w not in STOP_WORDS and len(w) > 2))


def lexical_evidence(score: float) -> float:
    """A BM25 score on a fixed 0..1 scale."""
    return score / (score + LEXICAL_HALF) if score > 0 else 0.0


def informative_words(words: Iterable[str], frequencies: Mapping[str, int], members: int) -> set[str]:
    """The words that few members use (unknown words count as informative: nobody uses them)."""
    limit = max(COMMON_MIN, COMMON_SHARE * members)
    return {w for w in words if frequencies.get(w, 0) <= limit}


def matched_words(informative: set[str], profile_text: str) -> list[str]:
    """The informative query words that the profile uses, in order."""
    return sorted(informative & set(normalised_words(profile_text)))
