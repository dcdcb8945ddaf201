"""The relevance sets, read into one shape: the team's fixtures and the independent set in ../shared/eval.

`shared/eval` is a TEST SET (its README): benchmarks report it beside the fixtures; nothing in qnet
is written or tuned from its queries or profiles.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def shared_eval_dir() -> Path:
    """QNET_SHARED_EVAL, else the `shared/eval` beside the checkout's parent (/work/shared/eval)."""
    named = os.environ.get("QNET_SHARED_EVAL", "").strip()
    if named:
        return Path(named)
    for parent in ROOT.parents:
        if (parent / "shared" / "eval" / "queries.jsonl").exists():
            return parent / "shared" / "eval"
    return ROOT.parent / "shared" / "eval"


@dataclass
class PeopleQueryCase:
    qid: str
    text: str
    relevant: dict[str, int]
    filters: dict[str, str] = field(default_factory=dict)


@dataclass
class PeopleSet:
    name: str
    members: list[dict[str, Any]]
    queries: list[PeopleQueryCase]


@dataclass
class IdeaSet:
    name: str
    ideas: list[tuple[str, dict[str, Any]]]  # (group, idea); group "" for an idea without duplicates


def _jsonl(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def people_sets(names: list[str] | None = None) -> list[PeopleSet]:
    out = []
    if names is None or "fixtures" in names:
        data = json.loads((FIXTURES / "people_search_eval.json").read_text(encoding="utf-8"))
        out.append(PeopleSet("fixtures", data["members"], [
            PeopleQueryCase(q["id"], q["text"], q["relevant"]) for q in data["queries"]]))
    if names is None or "dev2" in names:  # the second development set (its "about" says how it was written)
        data = json.loads((FIXTURES / "people_search_dev2.json").read_text(encoding="utf-8"))
        out.append(PeopleSet("dev2", data["members"], [
            PeopleQueryCase(q["id"], q["text"], q["relevant"]) for q in data["queries"]]))
    shared = shared_eval_dir()
    if (names is None or "shared" in names) and (shared / "queries.jsonl").exists():
        out.append(PeopleSet("shared", _jsonl(shared / "members.jsonl"), [
            PeopleQueryCase(q["qid"], q["query"], q["relevant"], q.get("filters") or {})
            for q in _jsonl(shared / "queries.jsonl")]))
    return out


def idea_sets(names: list[str] | None = None) -> list[IdeaSet]:
    out = []
    if names is None or "fixtures" in names:
        data = json.loads((FIXTURES / "idea_duplicates_eval.json").read_text(encoding="utf-8"))
        items = [(g["id"], idea) for g in data["groups"] for idea in g["ideas"]]
        out.append(IdeaSet("fixtures", items + [("", idea) for idea in data["distractors"]]))
    shared = shared_eval_dir()
    if (names is None or "shared" in names) and (shared / "ideas.jsonl").exists():
        out.append(IdeaSet("shared", [("" if i["group"] == "solo" else i["group"], i)
                                      for i in _jsonl(shared / "ideas.jsonl")]))
    return out


def passes(member: dict[str, Any], filters: dict[str, str]) -> bool:
    return all(member.get(name) == value for name, value in filters.items())
