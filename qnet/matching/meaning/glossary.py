"""UK health and care abbreviations, expanded before text is embedded.

The general-purpose embedding model does not know that "A&E" is an emergency department or that
"CAMHS" serves children's mental health; writing the expansion beside the abbreviation, in profiles
and queries alike, lets a query in one vocabulary find a profile written in the other.
"""

from __future__ import annotations

import re

ABBREVIATIONS: dict[str, str] = {
    "A&E": "accident and emergency, emergency department",
    "ED": "emergency department",
    "ICU": "intensive care unit",
    "ITU": "intensive care unit",
    "GP": "general practitioner, general practice",
    "GPs": "general practitioners",
    "PCN": "primary care network",
    "ICB": "integrated care board",
    "ICS": "integrated care system",
    "CCG": "clinical commissioning group",
    "CAMHS": "child and adolescent mental health services",
    "CYP": "children and young people",
    "MSK": "musculoskeletal",
    "AHP": "allied health professional",
    "AHPs": "allied health professionals",
    "OT": "occupational therapy",
    "SLT": "speech and language therapy",
    "LOS": "length of stay",
    "DTOC": "delayed transfers of care, delayed discharge",
    "NEWS2": "national early warning score for deteriorating patients",
    "NEWS": "national early warning score",
    "SPSP": "Scottish Patient Safety Programme",
    "HSC": "health and social care",
    "QI": "quality improvement",
    "PDSA": "plan do study act cycles",
    "SPC": "statistical process control charts",
    "RCA": "root cause analysis",
    "FMEA": "failure modes and effects analysis",
    "EBCD": "experience-based co-design",
    "PPI": "patient and public involvement",
    "PROMs": "patient reported outcome measures",
    "PREMs": "patient reported experience measures",
    "COPD": "chronic obstructive pulmonary disease",
    "AKI": "acute kidney injury",
    "VTE": "venous thromboembolism, blood clots",
    "UTI": "urinary tract infection",
    "HCAI": "healthcare associated infection",
    "AMR": "antimicrobial resistance",
    "AMS": "antimicrobial stewardship",
    "MDT": "multidisciplinary team",
    "EHR": "electronic health record",
    "EPR": "electronic patient record",
    "LD": "learning disabilities",
    "SEND": "special educational needs and disabilities",
    "IAPT": "talking therapies",
    "SMI": "severe mental illness",
    "MH": "mental health",
    "RTT": "referral to treatment waiting times",
    "GIRFT": "Getting It Right First Time",
    "NHSE": "NHS England",
    "NICE": "National Institute for Health and Care Excellence",
    "HQIP": "Healthcare Quality Improvement Partnership",
    "CQC": "Care Quality Commission",
    "VSM": "value stream mapping",
    "DES": "discrete event simulation",
    "ITS": "interrupted time series",
    "RCT": "randomised controlled trial",
}

_PATTERN = re.compile(r"(?<![\w&])(" + "|".join(re.escape(k) for k in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w&])")


# Abbreviations that are also ordinary words (or a first name): searching for them as words would
# find the wrong profiles, so a query that spells out their meaning does not add them.
_ORDINARY_WORDS = frozenset({"NEWS", "NICE", "SEND", "ITS", "ED"})
_WORDS = re.compile(r"[a-z0-9]+")


def _words(text: str) -> str:
    return " ".join(_WORDS.findall(text.casefold()))


# "scottish patient safety programme" -> ["SPSP"]: each spelled-out meaning, as plain words.
_MEANINGS: dict[str, list[str]] = {}
for _short, _meaning in ABBREVIATIONS.items():
    if _short in _ORDINARY_WORDS:
        continue
    for _part in _meaning.split(","):
        if len(_words(_part).split()) >= 2:
            _MEANINGS.setdefault(_words(_part), []).append(_short)


def abbreviations_meant(text: str) -> list[str]:
    """Abbreviations whose meaning the text spells out, for word search in the other direction.

    Profiles are indexed for full-text search as written, so a query for "the Scottish Patient Safety
    Programme" must also ask for "SPSP" to find a profile that only uses the abbreviation.
    """
    plain = f" {_words(text)} "
    found = [short for meaning, shorts in _MEANINGS.items() if f" {meaning} " in plain for short in shorts]
    return list(dict.fromkeys(found))


def expand_abbreviations(text: str) -> str:
    """Write each known abbreviation's meaning after its first use: "A&E" -> "A&E (accident and ...)"."""
    seen: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        word = match.group(1)
        if word in seen:
            return word
        seen.add(word)
        return f"{word} ({ABBREVIATIONS[word]})"

    return _PATTERN.sub(replace, text)
