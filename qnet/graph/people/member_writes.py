"""The one statement that writes members: a profile saved in the app, an import, a seed and a benchmark.

A batch of rows (MemberWrite.row(), optionally with id, joined, account_role, pairing_opt_in and
organisation_id) is written in one statement whose parts run in order over flat lists:
1. the regions, organisations, skills and topics the members point at, merged once per batch;
2. members not yet in the graph, by plain CREATE (a first load has nothing to merge with);
3. members already there, updated in place, and their old links removed;
4. the links, one flat UNWIND per relationship type.
Flat UNWINDs cost less than a subquery per member, and CREATE less than MERGE (docs/BENCHMARKS.md), so
a bulk first load keeps its speed while a profile edit is the same statement with a batch of one.
The embedding goes through setNodeVectorProperty (float32, for the vector index), sent as a Bolt 6
VECTOR where the server takes one (`packed`, qnet/graph/vector_values.py); the segment vectors
arrive as one packed byte array (qnet.matching.people.profiles).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, LiteralString

from neo4j import ManagedTransaction

from qnet.graph.vector_values import vector_value

# Parameters: regions [name], organisations [{key, name, id}], skills [{key, name}], topics [{key, name}],
# created and updated [row], based_in, works_at, interested_in [[member key, target key]],
# has_skill [[member key, skill key, level]], keys [member key].
WRITE_MEMBERS: LiteralString = """
CALL () { UNWIND $regions AS name MERGE (:Region {name: name}) }
CALL () {
  UNWIND $organisations AS o
  MERGE (x:Organisation {key: o.key}) ON CREATE SET x.name = o.name, x.id = coalesce(o.id, randomUUID())
}
CALL () { UNWIND $skills AS s MERGE (k:Skill {key: s.key}) ON CREATE SET k.name = s.name }
CALL () { UNWIND $topics AS t MERGE (tp:Topic {key: t.key}) ON CREATE SET tp.name = t.name }
CALL () {
  UNWIND $created AS row
  CREATE (m:Member {key: row.key, id: coalesce(row.id, randomUUID()),
                    created_at: coalesce(datetime(row.joined), datetime()),
                    updated_at: coalesce(datetime(row.joined), datetime()),
                    account_role: coalesce(row.account_role, 'member'), searchable: true, suggestable: true,
                    email: row.email, name: row.name, sort_name: row.sort_name, role: row.role,
                    organisation: row.organisation, region: row.region, bio: row.bio,
                    skills_text: row.skills_text, interests_text: row.interests_text,
                    pairing_opt_in: row.pairing_opt_in, embedding_hash: row.embedding_hash, segments: row.segments,
                    segment_vectors: row.segment_vectors})
  WITH m, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)
  WITH m, row WHERE row.search_embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(m, 'search_embedding', row.search_embedding)
}
CALL () {
  UNWIND $updated AS row
  MATCH (m:Member {key: row.key})
  SET m.email = row.email, m.name = row.name, m.sort_name = row.sort_name, m.role = row.role,
      m.organisation = row.organisation, m.region = row.region, m.bio = row.bio,
      m.skills_text = row.skills_text, m.interests_text = row.interests_text,
      m.pairing_opt_in = coalesce(row.pairing_opt_in, m.pairing_opt_in),
      m.updated_at = coalesce(datetime(row.joined), datetime())
  WITH m, row WHERE row.embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(m, 'embedding', row.embedding)
  SET m.segment_vectors = row.segment_vectors, m.embedding_hash = row.embedding_hash, m.segments = row.segments
  WITH m, row WHERE row.search_embedding IS NOT NULL
  CALL db.create.setNodeVectorProperty(m, 'search_embedding', row.search_embedding)
}
CALL () {
  UNWIND $updated AS row
  MATCH (:Member {key: row.key})-[old:HAS_SKILL|WORKS_AT|BASED_IN|INTERESTED_IN]->()
  DELETE old
}
CALL () {
  UNWIND $based_in AS link
  MATCH (m:Member {key: link[0]}), (r:Region {name: link[1]})
  CREATE (m)-[:BASED_IN]->(r)
}
CALL () {
  UNWIND $works_at AS link
  MATCH (m:Member {key: link[0]}), (o:Organisation {key: link[1]})
  CREATE (m)-[:WORKS_AT]->(o)
}
CALL () {
  UNWIND $has_skill AS link
  MATCH (m:Member {key: link[0]}), (k:Skill {key: link[1]})
  CREATE (m)-[:HAS_SKILL {level: link[2]}]->(k)
}
CALL () {
  UNWIND $interested_in AS link
  MATCH (m:Member {key: link[0]}), (t:Topic {key: link[1]})
  CREATE (m)-[:INTERESTED_IN]->(t)
}
UNWIND $keys AS key
MATCH (m:Member {key: key})
RETURN m.key AS key, m.id AS id
"""

# What the node parts read of a row (the skills and interests travel as links instead).
_NODE_FIELDS = ("key", "id", "joined", "account_role", "email", "name", "sort_name", "role", "organisation",
                "region", "bio", "skills_text", "interests_text", "pairing_opt_in", "embedding",
                "embedding_hash", "segments", "segment_vectors", "search_embedding")
_VECTOR_FIELDS = ("embedding", "search_embedding")


def member_parameters(rows: list[dict[str, Any]], existing: Collection[str], packed: bool = False) -> dict[str, Any]:
    """WRITE_MEMBERS' parameters for `rows`; members whose key is in `existing` are updated, the others created.

    A skill or topic named twice in one profile gives one link (the last level wins, as an edit would).
    `packed`: send the two vectors as Bolt 6 VECTOR values (the server must speak Bolt 6).
    """
    skills = {(row["key"], s["key"]): s["level"] for row in rows for s in row["skills"]}
    topics = dict.fromkeys((row["key"], t["key"]) for row in rows for t in row["interests"])
    return {
        "regions": sorted({row["region"] for row in rows}),
        "organisations": list({row["organisation_key"]: {"key": row["organisation_key"], "name": row["organisation"],
                                                         "id": row.get("organisation_id")}
                               for row in rows if row["organisation_key"]}.values()),
        "skills": list({s["key"]: {"key": s["key"], "name": s["name"]} for row in rows for s in row["skills"]}.values()),
        "topics": list({t["key"]: t for row in rows for t in row["interests"]}.values()),
        "created": [_node(row, packed) for row in rows if row["key"] not in existing],
        "updated": [_node(row, packed) for row in rows if row["key"] in existing],
        "based_in": [[row["key"], row["region"]] for row in rows],
        "works_at": [[row["key"], row["organisation_key"]] for row in rows if row["organisation_key"]],
        "has_skill": [[member, skill, level] for (member, skill), level in skills.items()],
        "interested_in": [list(pair) for pair in topics],
        "keys": [row["key"] for row in rows],
    }


def _node(row: dict[str, Any], packed: bool) -> dict[str, Any]:
    node = {name: row.get(name) for name in _NODE_FIELDS}
    for name in _VECTOR_FIELDS:
        node[name] = vector_value(node[name], packed)
    return node


def existing_member_keys(tx: ManagedTransaction, keys: list[str]) -> set[str]:
    """The keys among `keys` that already belong to a member."""
    result = tx.run("UNWIND $keys AS key MATCH (m:Member {key: key}) RETURN m.key AS key", keys=keys)
    return {record["key"] for record in result}


def write_members(tx: ManagedTransaction, rows: list[dict[str, Any]],
                  existing: Collection[str] | None = None, packed: bool = False) -> list[dict[str, str]]:
    """Create or update a batch of members in `tx`; [{key, id}] for each row.

    `existing`: the keys already in the graph when the caller knows them (a bulk load asks once for
    the whole batch); otherwise they are read in the same transaction. `packed`: the server speaks
    Bolt 6 (`features(graph).vector_values`), so the vectors travel as VECTOR values.
    """
    if not rows:
        return []
    if existing is None:
        existing = existing_member_keys(tx, [row["key"] for row in rows])
    return [record.data() for record in tx.run(WRITE_MEMBERS, member_parameters(rows, existing, packed))]
