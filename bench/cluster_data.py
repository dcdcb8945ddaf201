"""Load a synthetic community with planted groups into the graph, for bench/clusters.py.

Members, ties, projects, groups, ideas, supports and comments come from seed/generator.py. The
embeddings are either real (the profile text through the sentence-transformers model, as the app
computes them) or synthetic: unit vectors correlated with the member's planted group, role and
region, which is what makes a 100k-member load take minutes rather than the ~25 minutes real
embeddings would need on two cores. Everything is written by qnet.graph.bulk, which writes members,
projects, groups and ideas with the repositories' own batch statements.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import Any

import numpy as np

from qnet.core.records import SkillLevel
from qnet.graph.bulk import BulkWriter, batched
from qnet.graph.driver import Graph
from qnet.graph.maintenance import clear_data
from qnet.matching.people.profiles import ProfileInput, ProfileService
from qnet.matching.people.skills import normalise_topic, taxonomy
from seed.generator import Community, generate_community

DIMS = 384
ID_NAMESPACE = uuid.UUID("6f1d3f4e-3c55-4f7b-9a43-6c2b7f0c4a11")
BATCH = 2000


def member_id(key: str) -> str:
    """A stable uuid for a generated member, so reruns give the same ids."""
    return str(uuid.uuid5(ID_NAMESPACE, key))


def _skills(member: dict[str, Any]) -> list[SkillLevel]:
    found: dict[str, SkillLevel] = {}
    for written in member["skills"]:
        skill = taxonomy().resolve(written["name"])
        if skill.key not in found or found[skill.key].level < written["level"]:
            found[skill.key] = SkillLevel(skill.key, skill.name, int(written["level"]))
    return sorted(found.values(), key=lambda s: (-s.level, s.name))


def synthetic_embeddings(community: Community, seed: int = 11) -> np.ndarray:
    """Unit vectors: planted-group direction + role + region + noise (cosine to own group ~0.6)."""
    rng = np.random.default_rng(seed)
    groups = sorted(set(community.planted_groups.values()))
    roles = sorted({m["role"] for m in community.members})
    regions = sorted({m["region"] for m in community.members})

    def directions(n: int) -> np.ndarray:
        v = rng.standard_normal((n, DIMS)).astype(np.float32)
        return v / np.linalg.norm(v, axis=1, keepdims=True)

    g_dir, r_dir, p_dir = directions(max(groups) + 1), directions(len(roles)), directions(len(regions))
    role_ix = {r: i for i, r in enumerate(roles)}
    region_ix = {r: i for i, r in enumerate(regions)}
    g = np.array([community.planted_groups[m["key"]] for m in community.members])
    ro = np.array([role_ix[m["role"]] for m in community.members])
    re_ = np.array([region_ix[m["region"]] for m in community.members])
    noise = directions(len(community.members))
    vectors = 1.0 * g_dir[g] + 0.5 * r_dir[ro] + 0.3 * p_dir[re_] + 1.2 * noise
    return (vectors / np.linalg.norm(vectors, axis=1, keepdims=True)).astype(np.float32)


def real_embeddings(community: Community, profiles: ProfileService, batch: int = 500) -> np.ndarray:
    """Embed each profile exactly as the app does (ProfileService.normalise + with_embeddings)."""
    out: list[list[float]] = []
    for start in range(0, len(community.members), batch):
        writes = [profiles.normalise(m["key"], m["email"], ProfileInput.from_dict(m))
                  for m in community.members[start:start + batch]]
        out.extend(w.embedding or [] for w in profiles.with_embeddings(writes, {}))
    return np.asarray(out, dtype=np.float32)


def member_rows(community: Community, vectors: np.ndarray) -> Iterator[dict[str, Any]]:
    for member, vector in zip(community.members, vectors):
        extras = community.extras[member["key"]]
        skills = _skills(member)
        topics = sorted({normalise_topic(t) for t in member["interests"]})
        vec = vector.tolist()
        yield {
            "id": member_id(member["key"]),
            "key": member["key"],
            "email": member["email"].lower(),
            "name": member["name"],
            "sort_name": member["name"].lower(),
            "role": member["role"],
            "organisation": member.get("organisation"),
            "organisation_key": None,  # the organisation stays a property: clustering never reads WORKS_AT
            "region": member["region"],
            "bio": member.get("bio", ""),
            "joined": extras["joined"],
            "account_role": extras.get("account_role", "member"),
            "pairing_opt_in": bool(extras.get("pairing_opt_in")),
            "skills": [{"key": s.key, "name": s.name, "level": s.level} for s in skills],
            "interests": [{"key": k, "name": n} for k, n in topics],
            "skills_text": " ; ".join(s.name for s in skills),
            "interests_text": " ; ".join(n for _, n in topics),
            "embedding": vec,
            "embedding_hash": hashlib.sha256(vector.tobytes()).hexdigest()[:32],
        }


def load(graph: Graph, community: Community, vectors: np.ndarray, log: Callable[[str], None] = print) -> dict[str, float]:
    """Clear the graph and write the whole community in batches of BATCH rows; returns seconds per part."""
    writer = BulkWriter(graph)
    timings: dict[str, float] = {}
    now = datetime.now(UTC)
    at = (now.isoformat(), int(now.timestamp() * 1000))

    def step(name: str, write: Callable[[list[Any]], int], rows: Iterable[Any]) -> None:
        started = time.perf_counter()
        count = sum(write(batch) for batch in batched(rows, BATCH))
        timings[name] = round(time.perf_counter() - started, 2)
        log(f"  loaded {count} {name} in {timings[name]} s")

    clear_data(graph)
    step("members", lambda batch: writer.members(batch, existing=()), member_rows(community, vectors))
    step("connections", writer.connections, ((a, b, at[0]) for a, b in community.connections))
    step("projects", writer.projects,
         ({"id": f"bench-{p['key']}", "title": p["title"], "team": p["team"]} for p in community.projects))
    step("groups", writer.groups,
         ({"id": f"bench-{g['key']}", "name": g["name"],
           "members": [{"member": k, "role": "convener" if k in g["conveners"] else "member"} for k in g["members"]]}
          for g in community.groups))
    step("ideas", writer.ideas,
         ({"id": f"bench-{i['key']}", "title": i["title"], "author": i["author"]} for i in community.ideas))
    step("supports", writer.supports, ((m, f"bench-{i}", *at) for m, i in community.supports))
    step("comments", writer.comments,
         ({"id": f"bench-{c['key']}", "idea": f"bench-{c['idea']}", "author": c["author"],
           "body": c["body"], "parent": f"bench-{c['parent']}" if c["parent"] else None} for c in community.comments))
    return timings


def community(members: int, seed: int = 7) -> Community:
    return generate_community(members, seed)
