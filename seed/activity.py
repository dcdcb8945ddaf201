"""Turn the generator's projects, ideas, supports, comments and groups into rows for the bulk writer.

Project, idea and group rows are those the repositories' batch statements take (WRITE_PROJECTS,
WRITE_IDEAS, WRITE_GROUPS), with the seeded moment as both creation and last update.

Texts are prepared and embedded exactly as the app's services do it (IdeaService.prepare,
ProjectService._row, GroupService._row): ideas and projects in the idea space (WorkEmbedder), their
hashes naming the space, groups with MiniLM; so seeded activity is found by similar-work search and
group suggestions like anything members write, and a seed over an older graph embeds again what an
older space embedded. Ids are uuid5 of the generator's keys and every
timestamp is derived from the keys and join dates, so two seeds give the same graph.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

import numpy as np

from qnet.graph.knowledge.shared import stamp
from qnet.matching.knowledge.groups import group_text
from qnet.matching.knowledge.similar_work import idea_text, key_ordered, project_text
from qnet.matching.markdown import html_words, render_markdown
from qnet.matching.meaning.embedding import content_hash
from qnet.matching.people.skills import normalise_topic, taxonomy
from seed.generator import Activity

ID_NAMESPACE = uuid.UUID("6f1d3f4e-3c55-4f7b-9a43-6c2b7f0c4a11")
ACTIVITY_END = datetime(2026, 11, 26, tzinfo=UTC)
IDEA_STATUSES = {"draft": "draft", "open": "open", "adopted": "in_progress", "closed": "completed"}
SUPPORTABLE = frozenset({"open", "shortlisted", "in_progress", "completed"})


def stable_id(key: str) -> str:
    """The uuid a generated member, project, idea, comment or group always gets (from its key)."""
    return str(uuid.uuid5(ID_NAMESPACE, key))


def joined_moment(joined: date) -> datetime:
    return datetime.combine(joined, time(9, 0), tzinfo=UTC)


def moment(key: str, after: datetime, before: datetime = ACTIVITY_END) -> datetime:
    """A time between `after` and `before`, always the same for the same key."""
    if after >= before:
        return after
    fraction = int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 2**32
    return after + timedelta(seconds=int((before - after).total_seconds() * fraction))


@lru_cache(maxsize=4096)
def _html(body: str) -> str:
    return render_markdown(body)


def _topics(written: Sequence[str]) -> dict[str, str]:
    topics: dict[str, str] = {}
    for text in written:
        key, name = normalise_topic(text)
        topics.setdefault(key, name)
    return topics


def embed_rows(rows: list[dict[str, Any]], texts: list[str], known: dict[str, str | None],
               encode: Callable[[list[str]], np.ndarray]) -> int:
    """Attach an embedding to the rows whose text hash is not already stored; return how many.
    `encode`: the idea space's for ideas and projects (WorkEmbedder.embed), MiniLM's for groups."""
    todo = [i for i, row in enumerate(rows) if known.get(row["id"]) != row["embedding_hash"]]
    vectors = encode([texts[i] for i in todo])
    for i, vector in zip(todo, vectors):
        rows[i]["embedding"] = [float(x) for x in vector]
    return len(todo)


class ActivityRows:
    """Rows for one generated Activity; `joined(key)` gives a member's join date, `work_hash(text)` the
    embedding hash of an idea's or project's text (WorkEmbedder.hash: the space is part of it)."""

    def __init__(self, activity: Activity, joined: Callable[[str], date], work_hash: Callable[[str], str]) -> None:
        self.activity = activity
        self.joined = joined
        self.work_hash = work_hash
        self.created: dict[str, datetime] = {}
        self.statuses: dict[str, str] = {}

    def projects(self, chunk: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
        rows, texts = [], []
        for project in chunk:
            methods: dict[str, str] = {}
            for written in project["methods"]:
                skill = taxonomy().resolve(written)
                methods.setdefault(skill.key, skill.name)
            names = sorted(methods.values())
            text = project_text(project["title"], project["aim"], project["setting"], names, project["region"])
            at = moment(project["key"], joined_moment(self.joined(project["lead"])))
            when = stamp(at)
            rows.append({
                "id": stable_id(project["key"]), "key": project["key"], "title": project["title"],
                "aim": project["aim"], "setting": project["setting"], "region": project["region"],
                "status": project["status"], "methods": [{"key": k, "name": n} for k, n in sorted(methods.items())],
                "methods_text": " ; ".join(names), "created_at": when["iso"], "created_ms": when["ms"],
                "updated_at": when["iso"], "team": project["team"], "embedding": None,
                "embedding_hash": self.work_hash(text),
            })
            texts.append(text)
        return rows, texts

    def ideas(self, chunk: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
        rows, texts = [], []
        for idea in chunk:
            topics = _topics(idea["topics"])
            body_html = _html(idea["body"])
            body_text = html_words(body_html)  # plain_text(body), without rendering the body twice
            text = idea_text(idea["title"], idea["summary"], body_text, list(topics.values()))
            stored = idea_text(idea["title"], idea["summary"], body_text, key_ordered(topics))  # as prepare() does
            at = moment(idea["key"], joined_moment(self.joined(idea["author"])))
            self.created[idea["key"]] = at
            status = IDEA_STATUSES.get(idea["status"], "open")
            self.statuses[idea["key"]] = status
            when = stamp(at)
            rows.append({
                "id": stable_id(idea["key"]), "key": idea["key"], "title": idea["title"], "summary": idea["summary"],
                "body": idea["body"], "body_html": body_html, "body_text": body_text,
                "topics": [{"key": k, "name": n} for k, n in sorted(topics.items())],
                "topics_text": " ; ".join(n for _, n in sorted(topics.items())), "region": idea["region"],
                "status": status, "created_at": when["iso"], "created_ms": when["ms"], "updated_at": when["iso"],
                "updated_ms": when["ms"], "author": idea["author"],
                "project_id": stable_id(idea["project"]) if idea["project"] else None,
                "embedding": None, "embedding_hash": self.work_hash(stored),
            })
            texts.append(text)
        return rows, texts

    def supports(self, chunk: list[tuple[str, str]]) -> list[tuple[str, str, str, int]]:
        """Supports of published ideas only (a draft cannot be supported), after the idea appeared."""
        rows = []
        for member, idea in chunk:
            if self.statuses.get(idea) in SUPPORTABLE:
                when = stamp(moment(f"{member}/{idea}", self.created[idea]))
                rows.append((member, stable_id(idea), when["iso"], when["ms"]))
        return rows

    def comments(self, chunk: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Comments on published ideas; later comments on an idea are later in time, so replies follow."""
        total = len(self.activity.comments) + 1
        rows = []
        for comment in chunk:
            idea = comment["idea"]
            if self.statuses.get(idea) not in SUPPORTABLE:
                continue
            start = self.created[idea]
            at = start + (ACTIVITY_END - start) * (int(comment["key"][1:]) / total)
            when = stamp(at)
            rows.append({
                "id": stable_id(comment["key"]), "key": comment["key"], "idea": stable_id(idea),
                "author": comment["author"], "body": comment["body"], "body_html": _html(comment["body"]),
                "created_at": when["iso"], "created_ms": when["ms"],
                "parent": stable_id(comment["parent"]) if comment["parent"] else None,
            })
        return rows

    def groups(self, chunk: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
        rows, texts = [], []
        for group in chunk:
            topics = _topics(group["topics"])
            names = sorted(topics.values())
            text = group_text(group["name"], group["learning_question"], "", names)
            first = group["conveners"][0] if group["conveners"] else group["members"][0]
            when = stamp(moment(group["key"], joined_moment(self.joined(first))))
            conveners = set(group["conveners"])
            rows.append({
                "id": stable_id(group["key"]), "key": group["key"], "name": group["name"],
                "learning_question": group["learning_question"], "description": "",
                "topics": [{"key": k, "name": n} for k, n in sorted(topics.items())],
                "topics_text": " ; ".join(names), "created_at": when["iso"], "created_ms": when["ms"],
                "updated_at": when["iso"], "members": [{"member": key, "role": "convener" if key in conveners else "member"}
                            for key in group["members"]],
                "embedding": None, "embedding_hash": content_hash(text),
            })
            texts.append(text)
        return rows, texts

