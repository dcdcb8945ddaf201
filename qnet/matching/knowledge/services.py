"""Knowledge sharing in one place: the services for ideas, comments, projects, groups and rounds."""

from __future__ import annotations

from dataclasses import dataclass

from qnet.graph.driver import Graph
from qnet.graph.knowledge.comments import CommentRepository
from qnet.graph.knowledge.follows import FollowRepository
from qnet.graph.knowledge.groups import GroupRepository
from qnet.graph.knowledge.ideas import IdeaRepository
from qnet.graph.knowledge.projects import ProjectRepository
from qnet.graph.knowledge.rounds import RoundRepository
from qnet.graph.knowledge.similar_work import IdeaSearchRepository
from qnet.graph.messaging.activity import ActivityRepository
from qnet.graph.people.collaborators import CollaboratorRepository
from qnet.graph.people.profiles import MemberRepository
from qnet.matching.knowledge.comments import CommentService
from qnet.matching.knowledge.groups import GroupService
from qnet.matching.knowledge.ideas import IdeaService
from qnet.matching.knowledge.projects import ProjectService
from qnet.matching.knowledge.rounds import RoundService
from qnet.matching.knowledge.similar_work import SimilarWork
from qnet.matching.meaning.embedding import Embedder
from qnet.matching.messaging.activity import ActivityNotices
from qnet.matching.messaging.notifications import Notifier
from qnet.matching.people.collaborators import Collaborators


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
