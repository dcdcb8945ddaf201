"""The fixed vocabularies of qnet, exactly as members see and write them, and the words people read
for the codes the API uses (`label("in_progress")` is "In progress"; the `label` Jinja filter)."""

from __future__ import annotations

ROLES: tuple[str, ...] = (
    "frontline clinician",
    "nurse",
    "midwife",
    "allied health professional",
    "GP",
    "pharmacist",
    "manager",
    "executive",
    "patient leader",
    "carer",
    "researcher",
    "policymaker",
    "improvement adviser",
    "data analyst",
    "commissioner",
    "educator",
    "other",
)

REGIONS: tuple[str, ...] = (
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
    "Scotland",
    "Wales",
    "Northern Ireland",
)

ACCOUNT_ROLES: tuple[str, ...] = ("member", "coordinator", "admin")

SKILL_LEVELS: dict[int, str] = {1: "learning", 2: "practised", 3: "expert"}

# Codes whose words are not just the code with spaces and a capital letter.
LABELS: dict[str, str] = {
    # routes into a recruitment phase
    "patient_carer": "Patient or carer leader",
    "course_alumni": "Alumni of an improvement course",
    "national_organisation": "Staff of a national organisation",
    "regional": "In a partner region",
    "open": "Open to everyone",
}


def label(code: object) -> str:
    """What people read for a code: its entry in LABELS, else the code with spaces for underscores and
    its first letter capitalised (the rest as written, so "GP" stays "GP", never "Gp")."""
    text = str(code if code is not None else "")
    if text in LABELS:
        return LABELS[text]
    text = text.replace("_", " ")
    return text[:1].upper() + text[1:]
