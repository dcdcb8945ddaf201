"""What a search query asks for beyond its meaning: named skills, roles, and the words it is searched by."""

from __future__ import annotations

import re

from qnet.matching.meaning.glossary import abbreviations_meant, expand_abbreviations
from qnet.matching.people.skills import Taxonomy, slug

# Phrases that signal the kind of person wanted. A query for "someone with lived experience" wants
# patient leaders and carers, whatever words their profiles use.
ROLE_PHRASES: dict[str, tuple[str, ...]] = {
    # Only phrases that name the person sought. Words that often name a setting or an audience
    # ("in a GP surgery", "teaching junior doctors", "supporting nurses") are left to the text match.
    "patient leader": ("lived experience", "patient leader", "patient leaders", "patient voice",
                       "patient perspective", "patient representative", "expert by experience",
                       "experts by experience", "patient partner"),
    "carer": ("lived experience", "carer", "unpaid carer", "family carer", "caring for someone",
              "caring for a relative", "caring for a family member", "family member caring",
              "looking after a relative", "looks after a relative"),
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
_STOP_TEXT = (
    "a an and are as at be but by for from has have i in into is it of on or our so someone somebody "
    "that the their them they this to was we who with what which person people anyone looking need "
    "want find help helps helped experience worked working work"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())
MIN_LETTERS = 2
MAX_SKILL_PHRASES = 60  # phrases of a long query looked up as member-written skills


def normalised_words(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def wanted_roles(query: str) -> list[str]:
    """Roles the query names or implies (as written in the profile vocabulary)."""
    text = " " + " ".join(normalised_words(query)) + " "
    roles = [role for role, phrases in ROLE_PHRASES.items() if any(f" {p} " in text for p in phrases)]
    return roles


# A place the query asks for ("someone in Wales who ..."): the profile regions, and the words people
# use for them. Only after a word of place ("in", "from", "based in", ...): "the Scottish Patient
# Safety Programme" names a programme, not where the people sought work.
REGION_PHRASES: dict[str, tuple[str, ...]] = {
    "North East and Yorkshire": ("north east and yorkshire", "north east", "yorkshire", "yorkshire and the humber"),
    "North West": ("north west",),
    "Midlands": ("midlands", "east midlands", "west midlands"),
    "East of England": ("east of england", "east anglia"),
    "London": ("london",),
    "South East": ("south east",),
    "South West": ("south west",),
    "Scotland": ("scotland",),
    "Wales": ("wales",),
    "Northern Ireland": ("northern ireland",),
}
_PLACE_WORDS = ("in", "from", "based in", "across", "around", "near", "within", "covering", "throughout")
_REGION_PATTERN = re.compile(
    r"\b(?:" + "|".join(_PLACE_WORDS) + r") (?:the )?("
    + "|".join(sorted((p for ps in REGION_PHRASES.values() for p in ps), key=len, reverse=True)) + r")\b"
)
_REGION_OF = {phrase: region for region, phrases in REGION_PHRASES.items() for phrase in phrases}


def wanted_regions(query: str) -> list[str]:
    """Regions the query asks the people sought to be in (profile vocabulary); a soft preference."""
    text = " ".join(normalised_words(query))
    return list(dict.fromkeys(_REGION_OF[m.group(1)] for m in _REGION_PATTERN.finditer(text)))


def named_skills(query: str, taxonomy: Taxonomy) -> list[str]:
    """Skill keys the query names: taxonomy skills by any alias, then skills members wrote themselves.

    Most skills members list are outside the taxonomy ("Schwartz Rounds", "Discharge to assess"); a
    phrase of two to four words in the query is looked up by the key such a skill is stored under, so
    a query naming it finds the members who hold it. Single words are left to the text match: a
    passing "training" or "teaching" is rarely the skill sought.
    """
    keys = taxonomy.mentions(query)
    words = normalised_words(query)
    phrases = []
    for n in (4, 3, 2):
        for i in range(len(words) - n + 1):
            gram = words[i:i + n]
            if gram[0] not in STOP_WORDS and gram[-1] not in STOP_WORDS:
                phrases.append(" ".join(gram))
    for phrase in phrases[:MAX_SKILL_PHRASES]:
        key = slug(phrase)
        if key and taxonomy.resolve(phrase).key not in taxonomy.skills and key not in keys:
            keys.append(key)
    return keys


def asks_only_for_skills(query: str, taxonomy: Taxonomy) -> bool:
    """Whether the query is nothing but skill names ("health economics", "SPC and lean"): then it asks
    for people who hold them, and a profile that merely shares one of the words is no answer."""
    if not taxonomy.mentions(query):
        return False
    return not [w for w in normalised_words(taxonomy.unmentioned(query)) if w not in STOP_WORDS and w != "and"]


def query_words(query: str, taxonomy: Taxonomy) -> tuple[list[str], list[str]]:
    """The plain words a query is searched by, and its skills' names as phrases (several words).

    Abbreviations are expanded and named skills add their canonical names, so "A&E" also finds
    "emergency department" and "SPC" also finds "statistical process control"; a meaning spelled out
    adds its abbreviation, so "Scottish Patient Safety Programme" also finds "SPSP".
    """
    expanded = expand_abbreviations(query)
    words = [w for w in normalised_words(expanded) if w not in STOP_WORDS and len(w) >= MIN_LETTERS]
    words.extend(w for short in abbreviations_meant(query) for w in normalised_words(short) if len(w) >= MIN_LETTERS)
    phrases = []
    for key in taxonomy.mentions(query):
        name_words = normalised_words(taxonomy.skills[key].name)
        if len(name_words) > 1:
            phrases.append(" ".join(name_words))
        words.extend(name_words)
    return list(dict.fromkeys(words)), phrases

