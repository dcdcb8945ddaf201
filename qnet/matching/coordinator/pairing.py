"""Pairing rounds: introduce members who are close in interests but far apart in the community.

A pair scores its profile similarity plus bonuses for sitting in different clusters, regions and
professions, minus a penalty if they are already connected; a pair that met in any earlier round is
never allowed. Pairs are chosen greedily by score from each member's most similar candidates,
members left over are paired among themselves (then by swapping with an existing pair), and when
the count is odd the last member joins the pair they fit best, making one trio.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from qnet.core.errors import Invalid
from qnet.graph.coordinator.clusters import ClusterRepository
from qnet.graph.coordinator.community_graph import ClusterGraphReader, NodeIndex
from qnet.graph.coordinator.pairing import PairingRepository, PairingRound, Participants
from qnet.matching.coordinator.introductions import Introductions
from qnet.matching.neighbours import nearest_neighbours

CLUSTER_BONUS = 0.3
REGION_BONUS = 0.15
ROLE_BONUS = 0.15
CONNECTED_PENALTY = 0.5
CANDIDATES = 40
FULL_MATRIX_LIMIT = 2000


@dataclass(frozen=True)
class PairingInput:
    vectors: np.ndarray  # (m, 384) unit vectors
    clusters: np.ndarray  # cluster number per member, 0 if unknown
    regions: list[str]
    roles: list[str]
    connected: set[tuple[int, int]]  # (i, j) with i < j
    previous: set[tuple[int, int]]  # (i, j) with i < j: met in an earlier round


def _key(i: int, j: int) -> tuple[int, int]:
    return (i, j) if i < j else (j, i)


def score(data: PairingInput, i: int, j: int, sim: float) -> float:
    """How good an introduction i-j is (higher is better)."""
    return (sim
            + CLUSTER_BONUS * (data.clusters[i] != data.clusters[j] or data.clusters[i] == 0)
            + REGION_BONUS * (data.regions[i] != data.regions[j])
            + ROLE_BONUS * (data.roles[i] != data.roles[j])
            - CONNECTED_PENALTY * (_key(i, j) in data.connected))


def _codes(values: list[str]) -> np.ndarray:
    lookup: dict[str, int] = {}
    return np.asarray([lookup.setdefault(v, len(lookup)) for v in values], np.int64)


def _candidates(data: PairingInput) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (i, j), best score first, never one that met before (vectorised scoring)."""
    m = data.vectors.shape[0]
    if m <= FULL_MATRIX_LIMIT:
        i, j = np.triu_indices(m, k=1)
        sims = (data.vectors @ data.vectors.T)[i, j]
    else:
        idx, val = nearest_neighbours(data.vectors, CANDIDATES)
        i = np.repeat(np.arange(m), idx.shape[1])
        j, sims = idx.ravel(), val.ravel()
        keep = j >= 0
        i, j, sims = np.minimum(i, j)[keep], np.maximum(i, j)[keep], sims[keep]
    regions, roles, clusters = _codes(data.regions), _codes(data.roles), data.clusters
    scores = (sims + CLUSTER_BONUS * ((clusters[i] != clusters[j]) | (clusters[i] == 0))
              + REGION_BONUS * (regions[i] != regions[j]) + ROLE_BONUS * (roles[i] != roles[j]))
    keys = i * m + j

    def among(pairs: set[tuple[int, int]]) -> np.ndarray:
        return np.isin(keys, np.asarray([a * m + b for a, b in pairs], np.int64))

    scores = scores - CONNECTED_PENALTY * among(data.connected)
    allowed = ~among(data.previous) & (i != j)
    order = np.lexsort((j[allowed], i[allowed], -scores[allowed]))
    return i[allowed][order], j[allowed][order]


def pair_up(data: PairingInput) -> list[list[int]]:
    """Groups of member indexes: pairs, plus one trio when the count is odd; nobody twice."""
    m = data.vectors.shape[0]
    if m < 2:
        return []
    partner = np.full(m, -1)
    firsts, seconds = _candidates(data)
    for i, j in zip(firsts.tolist(), seconds.tolist()):
        if partner[i] < 0 and partner[j] < 0:
            partner[i], partner[j] = j, i

    def sim(i: int, j: int) -> float:
        return score(data, i, j, float(data.vectors[i] @ data.vectors[j]))

    def allowed(i: int, j: int) -> bool:
        return i != j and _key(i, j) not in data.previous

    left = [i for i in range(m) if partner[i] < 0]
    while len(left) >= 2:
        i = left.pop(0)
        options = [j for j in left if allowed(i, j)]
        if options:
            j = max(options, key=lambda j: sim(i, j))
            left.remove(j)
            partner[i], partner[j] = j, i
            continue
        # Swap: take a paired member a (whose partner b can pair with another leftover y).
        for a in range(m):
            b = int(partner[a])
            if b < 0 or not allowed(i, a):
                continue
            y = next((y for y in left if allowed(b, y)), None)
            if y is not None:
                left.remove(y)
                partner[i], partner[a], partner[b], partner[y] = a, i, y, b
                break
        else:
            left.append(i)  # nobody new is left for i this round; try to add them to a trio below
            break
    groups = [[i, int(partner[i])] for i in range(m) if 0 <= partner[i] and i < partner[i]]
    for x in left:
        fits = [(sim(x, g[0]) + sim(x, g[1]), k) for k, g in enumerate(groups)
                if len(g) == 2 and allowed(x, g[0]) and allowed(x, g[1])]
        if fits:
            groups[max(fits)[1]].append(x)
    return groups


def reason(p: Participants, group: list[int], clusters: np.ndarray, labels: dict[int, str]) -> str:
    """One sentence on why these members were introduced."""
    skills = set.intersection(*(set(p.skills[i]) for i in group))
    topics = set.intersection(*(set(p.topics[i]) for i in group))
    shared = sorted(topics)[:2] + sorted(skills)[:2]
    first = (f"Shared interest in {', '.join(shared[:3])}" if shared else "Similar profiles and interests")
    apart = []
    if len({p.roles[i] for i in group}) > 1:
        apart.append(" / ".join(p.roles[i] for i in group))
    if len({p.regions[i] for i in group}) > 1:
        apart.append(" / ".join(p.regions[i] for i in group))
    numbers = {int(clusters[i]) for i in group}
    if len(numbers) > 1 and 0 not in numbers:
        apart.append("different clusters (" + " / ".join(labels.get(int(clusters[i]), "?") for i in group) + ")")
    return first + ("; " + "; ".join(apart) if apart else "; same profession and region, new to each other") + "."


class PairingService:
    def __init__(self, pairing: PairingRepository, clusters: ClusterRepository, reader: ClusterGraphReader,
                 introductions: Introductions) -> None:
        self.pairing = pairing
        self.clusters = clusters
        self.reader = reader
        self.introductions = introductions

    def start_round(self, created_by: str | None) -> PairingRound:
        """Pair every opted-in member once, never repeating an earlier pair, in one transaction that
        also opens a conversation for each pair; then tell every paired member who and why."""
        people = self.pairing.participants()
        if len(people.ids) < 2:
            raise Invalid("at least two members must have opted in to pairing")
        index = {member_id: i for i, member_id in enumerate(people.ids)}
        table = self.reader.members()
        row_of = {member_id: k for k, member_id in enumerate(table.ids)}
        found = np.asarray([row_of.get(member_id, -1) for member_id in people.ids], np.int64)
        vectors = np.where((found >= 0)[:, None], table.vectors[np.maximum(found, 0)], 0.0).astype(np.float32)
        nodes = NodeIndex(np.where(found >= 0, table.nodes[np.maximum(found, 0)], -1))
        clusters = np.zeros(len(people.ids), np.int64)
        labels: dict[int, str] = {}
        latest = self.clusters.latest_done()
        if latest:
            for member_id, number in zip(*self.clusters.assignments(latest.id)):
                if member_id in index:
                    clusters[index[member_id]] = number
            labels = {c.number: c.label for c in self.clusters.clusters(latest.id)}

        connected = {_key(int(a), int(b)) for a, b in self.reader.ties(nodes, ("connections",))["connections"]}
        previous = {_key(index[x], index[y]) for x, y in self.pairing.past_pairs() if x in index and y in index}
        data = PairingInput(vectors, clusters, people.regions, people.roles, connected, previous)
        groups = pair_up(data)
        rows = []
        for g in groups:
            sims = [score(data, a, b, float(vectors[a] @ vectors[b])) for k, a in enumerate(g) for b in g[k + 1:]]
            rows.append({"members": [people.ids[i] for i in g], "reason": reason(people, g, clusters, labels),
                         "score": round(float(np.mean(sims)), 4)})
        created = self.pairing.create_round(self.pairing.next_number(), created_by, rows, len(people.ids))
        self.introductions.tell(created)
        return created
