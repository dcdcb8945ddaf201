"""Skill and topic normalisation, so the graph holds one node per skill however members write it.

"SPC", "spc", "Control charts" and "statistical  process control" all become the taxonomy's
`statistical-process-control`; a skill outside the taxonomy keeps the member's wording, tidied.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from qnet.core.errors import Invalid

_SEPARATORS = re.compile(r"[\s\-_/]+")
_UNWANTED = re.compile(r"[^\w&+#.' ]")
NO_KEY = "write a name with at least one letter or digit"
_PUNCTUATION = re.compile(r"[.,;:!?()\[\]\"]+(?=\s|$)|(?<=\s)[(\[\"]+")


def normalise_text(text: str) -> str:
    """Lower-case, accent-free, single-spaced form used for matching names and aliases."""
    text = unicodedata.normalize("NFKC", text).casefold()
    text = _SEPARATORS.sub(" ", text)
    text = _UNWANTED.sub("", text)
    return " ".join(text.split()).strip(" .")


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9&+#]+", "-", normalise_text(text)).strip("-")


def has_key(written: str) -> bool:
    """Whether a name keeps something to match on (" ", "!!" or "¶" do not): its slug is not empty."""
    return bool(slug(written))


@dataclass(frozen=True)
class Skill:
    key: str
    name: str
    category: str = "other"
    aliases: tuple[str, ...] = ()
    description: str = ""


@dataclass
class Taxonomy:
    """The shipped quality-improvement skills, looked up by any name or alias."""

    skills: dict[str, Skill]
    _lookup: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for skill in self.skills.values():
            for spelling in (skill.name, skill.key, *skill.aliases):
                self._lookup.setdefault(normalise_text(spelling), skill.key)
        self._by_length = sorted((s for s in self._lookup if len(s) >= 2), key=len, reverse=True)

    def resolve(self, written: str) -> Skill:
        """The canonical skill for what a member wrote (a new, tidied skill if unknown)."""
        if not normalise_text(written) or not has_key(written):
            raise Invalid("a skill needs at least one letter or digit", fields={"skill": [NO_KEY]})
        known = self.find(written)
        if known is not None:
            return known
        tidy = " ".join(written.split())
        return Skill(key=slug(tidy), name=tidy[:1].upper() + tidy[1:])

    def find(self, written: str) -> Skill | None:
        """The taxonomy skill a written name or alias (singular or plural) refers to; None if it names none."""
        norm = normalise_text(written)
        key = self._lookup.get(norm)
        if key is None and norm.endswith("s"):
            key = self._lookup.get(norm[:-1])
        if key is None:
            key = self._lookup.get(norm + "s")
        return self.skills[key] if key is not None and norm else None

    def aliases_of(self, key: str) -> tuple[str, ...]:
        skill = self.skills.get(key)
        return skill.aliases if skill else ()

    def mentions(self, text: str) -> list[str]:
        """Keys of taxonomy skills named (by name or alias) anywhere in free text.

        Longer names win: "realist evaluation" is one skill, not also "evaluation".
        """
        return self._mentioned(text)[0]

    def unmentioned(self, text: str) -> str:
        """The text (normalised) with every skill it names taken out: what it says besides skills."""
        return self._mentioned(text)[1].replace("|", " ")

    def _mentioned(self, text: str) -> tuple[list[str], str]:
        norm = f" {_PUNCTUATION.sub(' ', normalise_text(text))} "
        norm = " ".join(norm.split())
        norm = f" {norm} "
        found: list[str] = []
        for spelling in self._by_length:
            needle = f" {spelling} "
            if needle in norm:
                key = self._lookup[spelling]
                if key not in found:
                    found.append(key)
                norm = norm.replace(needle, " | ")
        return found, norm


@lru_cache(maxsize=1)
def taxonomy() -> Taxonomy:
    """The taxonomy shipped beside this module (taxonomy.json), loaded once per process."""
    raw = json.loads(resources.files("qnet.matching.people").joinpath("taxonomy.json").read_text(encoding="utf-8"))
    skills = {
        item["key"]: Skill(
            key=item["key"],
            name=item["name"],
            category=item.get("category", "other"),
            aliases=tuple(item.get("aliases", ())),
            description=item.get("description", ""),
        )
        for item in raw
    }
    return Taxonomy(skills)


def normalise_topic(written: str) -> tuple[str, str]:
    """(key, display name) for an interest/topic; topics are free text, matched case-insensitively."""
    tidy = " ".join(written.split())
    if not has_key(tidy):
        raise Invalid("a topic needs at least one letter or digit", fields={"topic": [NO_KEY]})
    return slug(tidy), tidy
