"""Who could help with an idea, and which work fits a member: the Cypher behind both.

Members are compared in people search's space (`search_embedding`, its index `member_search_embedding`),
ideas and projects in the idea space (`embedding`, 1,152 dimensions): the matching layer re-weights the
vector it sends to the space it is compared in (qnet.matching.meaning.search_space.reweigh).
Only members who chose to be suggested (`suggestable`) are ever returned as helpers.
"""

from __future__ import annotations

from typing import Any, LiteralString

from qnet.graph.driver import Graph
from qnet.graph.vector_search import VectorQuery

LIVED_ROLES = ["patient leader", "carer"]
LIVED_SKILL = "lived-experience-leadership"

TEAM_PROFILE: LiteralString = """
UNWIND $team AS id
MATCH (m:Member {id: id})
RETURN m.id AS id, m.role AS role,
       [(m)-[h:HAS_SKILL]->(s:Skill) | {key: s.key, name: s.name, level: h.level}] AS skills
"""

# Candidates: members near the idea in meaning, members with a skill it lacks, members with lived experience.
# $vector: the idea in people search's weighting.
HELPER_CANDIDATES = VectorQuery("""
CALL () {
  <<NEAREST>>
  RETURN m
  UNION
  MATCH (m:Member)-[:HAS_SKILL]->(s:Skill) WHERE s.key IN $gaps RETURN m
  UNION
  MATCH (m:Member) WHERE $lived AND (m.role IN $lived_roles OR EXISTS { (m)-[:HAS_SKILL]->(:Skill {key: $lived_skill}) })
  RETURN m
}
WITH DISTINCT m
WHERE NOT m.id IN $team AND coalesce(m.suggestable, true) AND m.search_embedding IS NOT NULL
RETURN m.id AS id, m.role AS role, vector.similarity.cosine(m.search_embedding, $vector) * 2 - 1 AS cosine,
       [(m)-[h:HAS_SKILL]->(s:Skill) | {key: s.key, name: s.name, level: h.level}] AS skills
""", index="member_search_embedding", label="Member", node="m", vector="$vector", k="$k")

MEMBER_PROFILE: LiteralString = """
MATCH (m:Member {id: $member})
RETURN m.search_embedding AS search_embedding,
       [(m)-[h:HAS_SKILL]->(s:Skill) | {key: s.key, name: s.name, level: h.level}] AS skills
"""

# $vector below: the member in the idea space's weighting.

IDEAS_FOR_MEMBER = VectorQuery("""
<<NEAREST>>
WITH i, score WHERE NOT EXISTS { (:Member {id: $member})-[:AUTHORED]->(i) }
RETURN i.id AS id, 'idea' AS kind, i.title AS title, i.summary AS text, i.body_text AS more, 2 * score - 1 AS cosine,
       [] AS methods
""", index="idea_embedding", label="Idea", node="i", vector="$vector", k="$k", filters={"status": "i.status = 'open'"})

PROJECTS_FOR_MEMBER = VectorQuery("""
CALL () {
  <<NEAREST>>
  RETURN p
  UNION
  MATCH (p:Project)-[:USES_METHOD]->(s:Skill) WHERE s.key IN $skills RETURN p
}
WITH DISTINCT p
WHERE p.status IN ['planning', 'active'] AND NOT EXISTS { (:Member {id: $member})-[:MEMBER_OF]->(p) }
RETURN p.id AS id, 'project' AS kind, p.title AS title, p.aim AS text, p.setting AS more,
       vector.similarity.cosine(p.embedding, $vector) * 2 - 1 AS cosine,
       [(p)-[:USES_METHOD]->(s:Skill) | s.key] AS methods
""", index="project_embedding", label="Project", node="p", vector="$vector", k="$k",
    filters={"status": "p.status IN ['planning', 'active']"})


class CollaboratorRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def team_profiles(self, team: list[str]) -> list[dict[str, Any]]:
        return self.graph.query(TEAM_PROFILE, team=team)

    def helper_candidates(self, vector: list[float], team: list[str], gaps: list[str], lived: bool,
                          k: int) -> list[dict[str, Any]]:
        return self.graph.query(HELPER_CANDIDATES.cypher(self.graph), vector=vector, team=team, gaps=gaps, lived=lived,
                                lived_roles=LIVED_ROLES, lived_skill=LIVED_SKILL, k=k)

    def member_profile(self, member_id: str) -> dict[str, Any] | None:
        rows = self.graph.query(MEMBER_PROFILE, member=member_id)
        return rows[0] if rows else None

    def work_for_member(self, member_id: str, vector: list[float], skills: list[str], k: int) -> list[dict[str, Any]]:
        ideas = self.graph.query(IDEAS_FOR_MEMBER.cypher(self.graph, "status"), member=member_id, vector=vector, k=k)
        projects = self.graph.query(PROJECTS_FOR_MEMBER.cypher(self.graph, "status"), member=member_id, vector=vector, skills=skills, k=k)
        return ideas + projects
