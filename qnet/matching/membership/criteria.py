"""The published membership criteria, the routes into a recruitment phase, and answer limits.

Applicants answer each criterion in their own words. The descriptors under each criterion are what
reviewer assist compares answer sentences with: several plain sentences that say what good evidence
of the criterion sounds like, written from the published criteria.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    key: str
    title: str
    descriptors: tuple[str, ...]


CRITERIA: tuple[Criterion, ...] = (
    Criterion(
        "a",
        "Commitment to collaborative improvement",
        (
            "I am committed to working with others to improve the quality of health and care.",
            "I collaborate across teams, professions and organisations to improve services.",
            "I share what I learn about improvement with colleagues and learn from other people.",
            "I support and mentor colleagues who are improving care, and connect people doing similar work.",
            "I involve patients, carers and staff as partners when we change how care is delivered.",
            "I believe improvement works best when people connect and work on it together.",
        ),
    ),
    Criterion(
        "b",
        "Experience of playing a role in efforts to improve quality",
        (
            "I led or took part in a quality improvement project in health or care.",
            "I played a role in a team that changed a process to make care safer or better.",
            "We tested changes with plan-do-study-act cycles and measured the results.",
            "I used data and measurement to track whether a change was an improvement.",
            "Our improvement work reduced waiting times, harm or errors for patients.",
            "I brought my experience as a patient or carer to an improvement programme.",
        ),
    ),
    Criterion(
        "c",
        "Ability to articulate and reflect on approaches used to improve quality",
        (
            "I can explain the improvement approach we used and why we chose it.",
            "Looking back, I reflect on what worked, what did not work and what I would do differently.",
            "I learned lessons about improvement methods such as PDSA, Lean or statistical process control.",
            "I compared different approaches to improving quality and their strengths and limitations.",
            "The experience changed how I think about improvement, context and sustaining change.",
            "On reflection, team culture, leadership and relationships mattered as much as the method.",
            "I think critically about how we measured change and whether the evidence was convincing.",
            "I understand why some improvement efforts fail and how to spread what succeeds.",
        ),
    ),
)

CRITERIA_BY_KEY: dict[str, Criterion] = {c.key: c for c in CRITERIA}

# Each answer is between these lengths (characters), so that there is something to review and a
# reviewer can read hundreds of them.
ANSWER_MIN_CHARS = 150
ANSWER_MAX_CHARS = 2500

# The ways into a phase. Routes with evidence need the course or organisation to be on the phase's list.
ROUTES: dict[str, str] = {
    "patient_carer": "people bringing a patient's or carer's perspective who work mostly at national level",
    "course_alumni": "alumni of the improvement courses identified for the phase",
    "national_organisation": "staff of the national organisations identified for the phase",
    "regional": "people in a region where a partner regional improvement organisation takes part",
    "open": "anyone working to improve health and care in the UK",
}

# The route whose evidence must be on the phase's list, and what that list is called.
EVIDENCE_LISTS: dict[str, str] = {"course_alumni": "course", "national_organisation": "organisation"}

DECISIONS: tuple[str, ...] = ("accepted", "declined", "waitlisted")
APPLICATION_STATUSES: tuple[str, ...] = ("received", "under_review", "waitlisted", "accepted", "declined")
# An application in one of these holds its email: no second application until it is decided.
IN_PROGRESS: tuple[str, ...] = ("received", "under_review", "waitlisted")
