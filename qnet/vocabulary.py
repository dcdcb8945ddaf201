"""The fixed vocabularies of a member profile, exactly as members see and write them."""

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
