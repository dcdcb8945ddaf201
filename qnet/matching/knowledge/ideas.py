"""Ideas: who may write, edit and move them, how they are embedded, and how members find them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from qnet.core.errors import Conflict, Forbidden, Invalid, NotFound
from qnet.core.filters import IdeaFilters
from qnet.core.knowledge_records import Idea
from qnet.core.permissions import (
    idea_status_refusal,
    may_edit_idea,
    may_see_idea,
    may_withdraw_idea,
)
from qnet.core.records import Member, Page
from qnet.graph.fulltext import lucene_query
from qnet.graph.knowledge.follows import FollowRepository
from qnet.graph.knowledge.ideas import IdeaRepository, IdeaWrite
from qnet.graph.knowledge.shared import utc_now
from qnet.graph.knowledge.similar_work import IdeaSearchRepository
from qnet.matching.knowledge.similar_work import SimilarItem, SimilarWork, idea_text, key_ordered
from qnet.matching.markdown import plain_text, render_markdown
from qnet.matching.messaging.activity import ActivityNotices
from qnet.matching.people.skills import normalise_topic

TRENDING_DAYS = 14
RRF_K = 60


@dataclass(frozen=True)
class IdeaInput:
    title: str
    summary: str
    topics: tuple[str, ...]
    body: str = ""
    region: str | None = None
    project_id: str | None = None

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> IdeaInput:
        return cls(title=" ".join(data["title"].split()), summary=data["summary"].strip(),
                   topics=tuple(data.get("topics") or ()), body=data.get("body") or "",
                   region=data.get("region"), project_id=data.get("project_id"))


@dataclass(frozen=True)
class SearchHit:
    idea: Idea
    score: float


class IdeaService:
    def __init__(self, ideas: IdeaRepository, search: IdeaSearchRepository, follows: FollowRepository,
                 similar_work: SimilarWork, clock: Callable[[], datetime] = utc_now) -> None:
        self.ideas = ideas
        self.search = search
        self.follows = follows
        self.similar_work = similar_work
        self.clock = clock
        self.notices: ActivityNotices | None = None  # who to tell about status changes (set by Knowledge)

    # -- writing ---------------------------------------------------------------------------------
    def prepare(self, data: IdeaInput) -> IdeaWrite:
        """Normalise topics, render the body safely, and embed the idea's text (in the idea space).

        The text has the topics in the order written; its hash is of the text with them in key
        order, as the graph keeps them, so `qnet reindex` can tell an unchanged idea from the graph."""
        topics: dict[str, str] = {}
        for written in data.topics:
            key, name = normalise_topic(written)
            topics.setdefault(key, name)
        body_text = plain_text(data.body)
        text = idea_text(data.title, data.summary, body_text, list(topics.values()))
        stored = idea_text(data.title, data.summary, body_text, key_ordered(topics))
        return IdeaWrite(
            title=data.title, summary=data.summary, body=data.body, body_html=render_markdown(data.body),
            body_text=body_text, topics=sorted(topics.items()), region=data.region, project_id=data.project_id,
            embedding=self.similar_work.vector_for(text), embedding_hash=self.similar_work.work.hash(stored),
        )

    def reindex(self, after: str, limit: int, force: bool = False) -> tuple[str | None, int]:
        """Embed again the ideas after id `after` (up to `limit`) whose content or space changed (all of
        them with `force`); return the last id seen (None when there are no more) and how many changed."""
        page = self.ideas.texts_page(after, limit)
        if not page:
            return None, 0
        rows = self.similar_work.work.changed(
            [(i.id, idea_text(i.title, i.summary, i.body_text, i.topics), i.embedding_hash) for i in page], force)
        if rows:
            self.ideas.write_embeddings(rows)
        return page[-1].id, len(rows)

    def create(self, author: Member, data: IdeaInput, status: str = "open", now: datetime | None = None) -> Idea:
        if status not in ("draft", "open"):
            raise Invalid("a new idea is a draft or open", fields={"status": ["must be draft or open"]})
        idea_id = self.ideas.create(author.id, self.prepare(data), status, now or self.clock())
        return self.ideas.get(idea_id, author.id)

    def update(self, member: Member, idea_id: str, data: IdeaInput, now: datetime | None = None) -> Idea:
        idea = self.get(idea_id, member)
        if not may_edit_idea(member, idea):
            raise Forbidden("members can edit only their own ideas")
        if idea.withdrawn:
            raise Conflict("a withdrawn idea cannot be edited")
        self.ideas.update(idea_id, self.prepare(data), now or self.clock())
        return self.ideas.get(idea_id, member.id)

    def change_status(self, member: Member, idea_id: str, status: str, now: datetime | None = None) -> Idea:
        """Authors move their own ideas; only coordinators move ideas into or out of shortlisted."""
        idea = self.get(idea_id, member)
        refusal = idea_status_refusal(member, idea, status)
        if refusal:
            raise Forbidden(refusal)
        if idea.withdrawn and status != "archived":
            raise Conflict("a withdrawn idea stays archived")
        self.ideas.set_status(idea_id, status, now or self.clock())
        if self.notices and status != idea.status:
            self.notices.idea_status_changed(member, idea_id, status, now)
        return self.ideas.get(idea_id, member.id)

    def withdraw(self, member: Member, idea_id: str, now: datetime | None = None) -> Idea:
        idea = self.get(idea_id, member)
        if not may_withdraw_idea(member, idea):
            raise Forbidden("members can withdraw only their own ideas")
        self.ideas.set_status(idea_id, "archived", now or self.clock(), withdrawn=True)
        return self.ideas.get(idea_id, member.id)

    # -- reading ---------------------------------------------------------------------------------
    def get(self, idea_id: str, viewer: Member) -> Idea:
        """An idea; someone else's draft does not exist for the viewer."""
        idea = self.ideas.get(idea_id, viewer.id)
        if not may_see_idea(viewer, idea):
            raise NotFound("no idea with that id")
        return idea

    def browse(self, viewer: Member, filters: IdeaFilters, sort: str, limit: int, cursor: str | None,
               now: datetime | None = None) -> Page[Idea]:
        since = (now or self.clock()) - timedelta(days=TRENDING_DAYS)
        return self.ideas.page(filters, sort, limit, cursor, viewer.id, int(since.timestamp() * 1000))

    def search_ideas(self, viewer: Member, query: str, limit: int) -> list[SearchHit]:
        """Hybrid search: reciprocal-rank fusion of meaning (vector index) and words (full text)."""
        pool = max(50, limit * 3)
        by_meaning = self.search.by_meaning(self.similar_work.work.query(query), pool)
        # Every word must appear, which keeps the word ranking precise; a question in natural language
        # rarely matches all its words anywhere and is then found by meaning alone.
        by_words = self.search.by_words(lucene_query(query.split(), every_word=True), pool)
        fused: dict[str, float] = {}
        for ranking in (by_meaning, by_words):
            for rank, (idea_id, _) in enumerate(ranking):
                fused[idea_id] = fused.get(idea_id, 0.0) + 1.0 / (RRF_K + rank + 1)
        best = sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
        found = self.ideas.get_many([idea_id for idea_id, _ in best], viewer.id)
        return [SearchHit(found[i], round(s, 6)) for i, s in best if i in found]

    # -- similar work ----------------------------------------------------------------------------
    def similar_to_draft(self, title: str, summary: str, topics: list[str], body: str,
                         limit: int) -> tuple[list[SimilarItem], list[SimilarItem]]:
        names = [normalise_topic(t)[1] for t in topics]
        text = idea_text(" ".join(title.split()), summary, plain_text(body), names)
        return self.similar_work.similar(self.similar_work.vector_for(text), exclude=[], limit=limit)

    def similar_to_idea(self, viewer: Member, idea_id: str, limit: int) -> tuple[list[SimilarItem], list[SimilarItem]]:
        idea = self.get(idea_id, viewer)
        exclude = [idea.id] + ([idea.project.id] if idea.project else [])
        return self.similar_work.similar(self.vector_of(idea), exclude=exclude, limit=limit, idea_id=idea.id)

    def vector_of(self, idea: Idea) -> list[float]:
        """The idea's vector in the idea space: the stored one, or (for an idea whose older vector
        migration 16 removed, until `qnet reindex` runs) its text embedded now and not stored."""
        stored = self.ideas.embedding_of(idea.id)
        if stored is not None and len(stored) == self.similar_work.work.dims:
            return stored
        return self.similar_work.vector_for(idea_text(idea.title, idea.summary, plain_text(idea.body), idea.topics))

    def mark_duplicate(self, coordinator: Member, duplicate_id: str, original_id: str,
                       now: datetime | None = None) -> Idea:
        """A coordinator folds a duplicate into the original; its supporters move across."""
        if duplicate_id == original_id:
            raise Invalid("an idea cannot duplicate itself", fields={"original_id": ["must be another idea"]})
        original = self.ideas.get(original_id, coordinator.id)
        if original.duplicate_of:
            raise Conflict("that idea is itself marked as a duplicate; merge into its original instead")
        duplicate = self.ideas.get(duplicate_id, coordinator.id)
        # Merging archives the duplicate, which would publish a draft; and members cannot see a draft
        # original their support would move to. Drafts are their authors' until they post them.
        for idea, field_name in ((duplicate, "idea_id"), (original, "original_id")):
            if idea.status == "draft":
                raise Conflict("drafts are not published yet: only published ideas can be marked as duplicates",
                               fields={field_name: ["is a draft"]})
        self.ideas.mark_duplicate(duplicate_id, original_id, now or self.clock())
        return self.ideas.get(original_id, coordinator.id)

    # -- supports and follows --------------------------------------------------------------------
    def support(self, member: Member, idea_id: str, now: datetime | None = None) -> int:
        self.get(idea_id, member)
        return self.ideas.support(idea_id, member.id, now or self.clock())

    def withdraw_support(self, member: Member, idea_id: str) -> int:
        self.get(idea_id, member)
        return self.ideas.withdraw_support(idea_id, member.id)

    def follow(self, member: Member, kind: str, node_id: str, now: datetime | None = None) -> int:
        if kind == "idea":
            self.get(node_id, member)
        return self.follows.follow(kind, node_id, member.id, now or self.clock())

    def unfollow(self, member: Member, kind: str, node_id: str) -> int:
        return self.follows.unfollow(kind, node_id, member.id)
