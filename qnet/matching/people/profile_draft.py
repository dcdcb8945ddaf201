"""An accepted applicant's profile starts from her application, as a draft she checks and confirms.

The draft holds what she already told us: name, role, organisation and region; a bio from her answer
about her improvement experience (criterion b, cut at a sentence near BIO_DRAFT_CHARS); and, at the
"practised" level, the taxonomy's skills her answers name. A draft stays out of people search and
suggestions until she confirms it (she may not want to be found with words she wrote for reviewers).
"""

from __future__ import annotations

import re

from qnet.core.records import Application
from qnet.matching.people.profiles import ProfileInput
from qnet.matching.people.skills import Taxonomy

BIO_DRAFT_CHARS = 600
DRAFT_SKILL_LEVEL = 2  # "practised": she chooses "expert" herself
MAX_DRAFT_SKILLS = 8
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def first_sentences(text: str, limit: int = BIO_DRAFT_CHARS) -> str:
    """As many whole sentences of `text` as fit in `limit` characters (at least the first, cut at a word)."""
    kept: list[str] = []
    for sentence in _SENTENCE_END.split(" ".join(text.split())):
        if kept and len(" ".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    bio = " ".join(kept)
    return bio if len(bio) <= limit else bio[:limit].rsplit(" ", 1)[0] + "…"


def draft_profile(application: Application, skills: Taxonomy) -> ProfileInput:
    """The profile an accepted application starts: her details, a bio and the skills her answers name."""
    answers = application.answers
    bio = first_sentences(answers.get("b") or next(iter(answers.values()), ""))
    named = skills.mentions(" ".join(answers.get(k, "") for k in sorted(answers)))[:MAX_DRAFT_SKILLS]
    return ProfileInput(
        name=application.name, role=application.role, region=application.region,
        organisation=application.organisation, bio=bio,
        skills=tuple((skills.skills[key].name, DRAFT_SKILL_LEVEL) for key in named),
    )
