"""Following an idea, a project or a group: (:Member)-[:FOLLOWS {at}]->(:Idea|Project|Group).

The followed node is locked while its follower count is recomputed, so the count is exact.
"""

from __future__ import annotations

from datetime import datetime
from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph
from qnet.graph.knowledge.shared import lock, stamp

LABELS = {"idea": "Idea", "project": "Project", "group": "Group"}

_FOLLOW: dict[str, LiteralString] = {
    "Idea": "MATCH (n:Idea {id: $id}), (m:Member {id: $member}) "
            "MERGE (m)-[f:FOLLOWS]->(n) ON CREATE SET f.at = $at "
            "SET n.follower_count = COUNT { (n)<-[:FOLLOWS]-(:Member) } RETURN n.follower_count AS n",
    "Project": "MATCH (n:Project {id: $id}), (m:Member {id: $member}) "
               "MERGE (m)-[f:FOLLOWS]->(n) ON CREATE SET f.at = $at "
               "SET n.follower_count = COUNT { (n)<-[:FOLLOWS]-(:Member) } RETURN n.follower_count AS n",
    "Group": "MATCH (n:Group {id: $id}), (m:Member {id: $member}) "
             "MERGE (m)-[f:FOLLOWS]->(n) ON CREATE SET f.at = $at "
             "SET n.follower_count = COUNT { (n)<-[:FOLLOWS]-(:Member) } RETURN n.follower_count AS n",
}
_UNFOLLOW: dict[str, LiteralString] = {
    "Idea": "MATCH (n:Idea {id: $id}) OPTIONAL MATCH (:Member {id: $member})-[f:FOLLOWS]->(n) DELETE f "
            "WITH DISTINCT n SET n.follower_count = COUNT { (n)<-[:FOLLOWS]-(:Member) } RETURN n.follower_count AS n",
    "Project": "MATCH (n:Project {id: $id}) OPTIONAL MATCH (:Member {id: $member})-[f:FOLLOWS]->(n) DELETE f "
               "WITH DISTINCT n SET n.follower_count = COUNT { (n)<-[:FOLLOWS]-(:Member) } "
               "RETURN n.follower_count AS n",
    "Group": "MATCH (n:Group {id: $id}) OPTIONAL MATCH (:Member {id: $member})-[f:FOLLOWS]->(n) DELETE f "
             "WITH DISTINCT n SET n.follower_count = COUNT { (n)<-[:FOLLOWS]-(:Member) } RETURN n.follower_count AS n",
}


class FollowRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def follow(self, kind: str, node_id: str, member_id: str, at: datetime) -> int:
        """Follow (idempotent); returns the exact follower count."""
        label = LABELS[kind]

        def work(tx: ManagedTransaction) -> int:
            lock(tx, label, node_id, kind)
            record = tx.run(_FOLLOW[label], id=node_id, member=member_id, at=stamp(at)["iso"]).single()
            return int(record["n"]) if record else 0

        return self.graph.write(work)

    def unfollow(self, kind: str, node_id: str, member_id: str) -> int:
        label = LABELS[kind]

        def work(tx: ManagedTransaction) -> int:
            lock(tx, label, node_id, kind)
            record = tx.run(_UNFOLLOW[label], id=node_id, member=member_id).single()
            return int(record["n"]) if record else 0

        return self.graph.write(work)
