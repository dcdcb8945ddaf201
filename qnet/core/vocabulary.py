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

IDEA_STATUSES: tuple[str, ...] = ("draft", "open", "shortlisted", "in_progress", "completed", "archived")
# How idea listings may be sorted (qnet.graph.knowledge.ideas holds the Cypher for each).
IDEA_SORTS: tuple[str, ...] = ("newest", "most_supported", "most_discussed", "trending")

PROJECT_STATUSES: tuple[str, ...] = ("planning", "active", "paused", "completed")
TEAM_ROLES: tuple[str, ...] = ("lead", "member", "adviser")

CRITERION_KEYS: tuple[str, ...] = ("a", "b", "c")  # the three published membership criteria

# How a member chose to hear about a kind of notification by email.
MAIL_MODES: tuple[str, ...] = ("immediate", "daily", "weekly", "never")

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
