"""Improvement projects: writing them (embedded in the idea space for similar work), teams and join requests."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from qnet.core.errors import Forbidden
from qnet.core.knowledge_records import Project
from qnet.core.permissions import leads_project
from qnet.core.records import Member, Page
from qnet.graph.knowledge.projects import JoinRequest, ProjectRepository
from qnet.graph.knowledge.shared import utc_now
from qnet.matching.knowledge.similar_work import WorkEmbedder, project_text
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.people.skills import Taxonomy, taxonomy


@dataclass(frozen=True)
class ProjectInput:
    title: str
    aim: str
    setting: str = ""
    methods: tuple[str, ...] = ()
    region: str | None = None
    status: str = "planning"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ProjectInput:
        return cls(title=" ".join(data["title"].split()), aim=data["aim"].strip(), setting=data.get("setting") or "",
                   methods=tuple(data.get("methods") or ()), region=data.get("region"),
                   status=data.get("status") or "planning")


class ProjectService:
    def __init__(self, projects: ProjectRepository, embedder: Embedder, skills: Taxonomy | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.projects = projects
        self.embedder = embedder
        self.work = WorkEmbedder(embedder)  # projects are compared with ideas: the idea space
        self.taxonomy = skills or taxonomy()
        self.clock = clock

    def _row(self, data: ProjectInput) -> dict[str, Any]:
        """Methods resolve to taxonomy skills (as member skills do); the text is embedded."""
        methods: dict[str, str] = {}
        for written in data.methods:
            skill = self.taxonomy.resolve(written)
            methods.setdefault(skill.key, skill.name)
        names = sorted(methods.values())
        text = project_text(data.title, data.aim, data.setting, names, data.region)
        return {
            "title": data.title, "aim": data.aim, "setting": data.setting.strip(), "region": data.region,
            "status": data.status, "methods": [{"key": k, "name": n} for k, n in sorted(methods.items())],
            "methods_text": " ; ".join(names), "embedding": self.work.embed_one(text),
            "embedding_hash": self.work.hash(text),
        }

    def reindex(self, after: str, limit: int, force: bool = False) -> tuple[str | None, int]:
        """Embed again the projects after id `after` (up to `limit`) whose content or space changed (all
        of them with `force`); return the last id seen (None when there are no more) and how many changed."""
        page = self.projects.texts_page(after, limit)
        if not page:
            return None, 0
        rows = self.work.changed(
            [(p.id, project_text(p.title, p.aim, p.setting, p.methods, p.region), p.embedding_hash) for p in page],
            force)
        if rows:
            self.projects.write_embeddings(rows)
        return page[-1].id, len(rows)

    def create(self, lead: Member, data: ProjectInput, now: datetime | None = None) -> Project:
        return self.projects.get(self.projects.create(lead.id, self._row(data), now or self.clock()))

    def update(self, member: Member, project_id: str, data: ProjectInput, now: datetime | None = None) -> Project:
        self._require_lead(member, self.projects.get(project_id))
        self.projects.update(project_id, self._row(data), now or self.clock())
        return self.projects.get(project_id)

    def get(self, project_id: str) -> Project:
        return self.projects.get(project_id)

    def titles_of_member(self, member: Member) -> dict[str, str]:
        """The projects `member` is on the team of, id -> title."""
        return self.projects.titles_of_member(member.id)

    def browse(self, status: str | None, region: str | None, method: str | None, limit: int,
               cursor: str | None) -> Page[Project]:
        method_key = self.taxonomy.resolve(method).key if method else None
        return self.projects.page(status, region, method_key, limit, cursor)

    def request_to_join(self, member: Member, project_id: str, message: str, now: datetime | None = None) -> str:
        return self.projects.request_to_join(project_id, member.id, message.strip(), now or self.clock())

    def join_requests(self, member: Member, project_id: str, status: str | None) -> list[JoinRequest]:
        self._require_lead(member, self.projects.get(project_id))
        return self.projects.join_requests(project_id, status)

    def my_pending_request(self, member: Member, project_id: str) -> JoinRequest | None:
        """My request to join, while the lead has not answered it (the page shows it instead of the form)."""
        return self.projects.pending_request_of(project_id, member.id)

    def decide(self, member: Member, project_id: str, request_id: str, approve: bool, role: str = "member",
               now: datetime | None = None) -> Project:
        """Only the project's lead approves or declines who joins."""
        self._require_lead(member, self.projects.get(project_id))
        self.projects.decide(project_id, request_id, approve, role, now or self.clock())
        return self.projects.get(project_id)

    def leave(self, member: Member, project_id: str) -> Project:
        self.projects.leave(project_id, member.id)
        return self.projects.get(project_id)

    def _require_lead(self, member: Member, project: Project) -> None:
        if not leads_project(member, project):
            raise Forbidden("only the project's lead can do that")
