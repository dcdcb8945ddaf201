"""What a search query asks for beyond its meaning: named skills, roles, and lucene terms."""

from __future__ import annotations

import re

from qnet.matching.glossary import expand_abbreviations
from qnet.matching.skills import Taxonomy

# Phrases that signal the kind of person wanted. A query for "someone with lived experience" wants
# patient leaders and carers, whatever words their profiles use.
ROLE_PHRASES: dict[str, tuple[str, ...]] = {
    # Only phrases that name the person sought. Words that often name a setting or an audience
    # ("in a GP surgery", "teaching junior doctors", "supporting nurses") are left to the text match.
    "patient leader": ("lived experience", "patient leader", "patient leaders", "patient voice",
                       "patient perspective", "patient representative", "expert by experience",
                       "experts by experience", "patient partner"),
    "carer": ("lived experience", "carer", "unpaid carer", "family carer"),
    "pharmacist": ("pharmacist", "pharmacists"),
    "commissioner": ("commissioner", "commissioners"),
    "data analyst": ("analyst", "analysts"),
    "researcher": ("researcher", "researchers"),
    "policymaker": ("policymaker", "policy maker", "policy makers", "policymakers"),
    "improvement adviser": ("improvement adviser", "improvement advisor", "improvement advisers"),
    "midwife": ("midwife",),
    "allied health professional": ("physiotherapist", "occupational therapist", "speech and language therapist",
                                   "dietitian", "paramedic", "podiatrist", "radiographer"),
}

_WORD = re.compile(r"[a-z0-9]+")
STOP_WORDS = frozenset(
    "a an and are as at be but by for from has have i in into is it of on or our so someone somebody "
    "that the their them they this to was we who with what which person people anyone looking need "
    "want find help helps helped experience worked working work".split()
)
MIN_LETTERS = 2


def normalised_words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def wanted_roles(query: str) -> list[str]:
    """Roles the query names or implies (as written in the profile vocabulary)."""
    text = " " + " ".join(normalised_words(query)) + " "
    roles = [role for role, phrases in ROLE_PHRASES.items() if any(f" {p} " in text for p in phrases)]
    return roles


def lucene_query(query: str, taxonomy: Taxonomy) -> str | None:
    """A Lucene query built only from plain words of the query (never its syntax).

    Abbreviations are expanded and named skills add their canonical names, so "A&E" also finds
    "emergency department" and "SPC" also finds "statistical process control".
    """
    expanded = expand_abbreviations(query)
    words = [w for w in normalised_words(expanded) if w not in STOP_WORDS and len(w) >= MIN_LETTERS]
    phrases = []
    for key in taxonomy.mentions(query):
        name_words = normalised_words(taxonomy.skills[key].name)
        if len(name_words) > 1:
            phrases.append('"' + " ".join(name_words) + '"^2')
        words.extend(name_words)
    unique = list(dict.fromkeys(words))
    if not unique and not phrases:
        return None
    return " OR ".join(unique + phrases)
