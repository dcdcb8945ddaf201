"""Knowledge sharing in one place: the services for ideas, comments, projects, groups and rounds."""

from __future__ import annotations

from dataclasses import dataclass

from qnet.graph.activity import ActivityRepository
from qnet.graph.collaborators import CollaboratorRepository
from qnet.graph.comments import CommentRepository
from qnet.graph.driver import Graph
from qnet.graph.follows import FollowRepository
from qnet.graph.groups import GroupRepository
from qnet.graph.idea_search import IdeaSearchRepository
from qnet.graph.ideas import IdeaRepository
from qnet.graph.members import MemberRepository
from qnet.graph.projects import ProjectRepository
from qnet.graph.rounds import RoundRepository
from qnet.matching.activity_notices import ActivityNotices
from qnet.matching.collaborators import Collaborators
from qnet.matching.comments import CommentService
from qnet.matching.embedding import Embedder
from qnet.matching.groups import GroupService
from qnet.matching.ideas import IdeaService
from qnet.matching.notifications import Notifier
from qnet.matching.projects import ProjectService
from qnet.matching.rounds import RoundService
from qnet.matching.similar_work import SimilarWork


@dataclass
class Knowledge:
    ideas: IdeaService
    comments: CommentService
    projects: ProjectService
    groups: GroupService
    rounds: RoundService
    collaborators: Collaborators
    follows: FollowRepository

    @classmethod
    def build(cls, graph: Graph, embedder: Embedder, notifier: Notifier | None = None) -> Knowledge:
        follows = FollowRepository(graph)
        search = IdeaSearchRepository(graph)
        ideas = IdeaService(IdeaRepository(graph), search, follows, SimilarWork(search, embedder))
        projects = ProjectRepository(graph)
        knowledge = cls(
            ideas=ideas,
            comments=CommentService(CommentRepository(graph), ideas, projects.exists),
            projects=ProjectService(projects, embedder),
            groups=GroupService(GroupRepository(graph), embedder),
            rounds=RoundService(RoundRepository(graph), ideas),
            collaborators=Collaborators(CollaboratorRepository(graph), MemberRepository(graph), ideas, embedder),
            follows=follows,
        )
        if notifier is not None:  # activity tells the people it concerns
            notices = ActivityNotices(notifier, ActivityRepository(graph))
            knowledge.ideas.notices = knowledge.comments.notices = knowledge.rounds.notices = notices
        return knowledge
