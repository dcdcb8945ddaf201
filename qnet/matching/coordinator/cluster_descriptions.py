"""What each cluster is: size, label, distinctive skills and topics, mix, cohesion, centre and links.

"Distinctive" means over-represented against the whole community, not merely frequent: every
cluster has many quality-improvement generalists, so a skill is scored by its share in the cluster
times the log of its lift (share in cluster / share in community), the term a cluster's skill
contributes to the KL divergence of the cluster from the community. Only items held by at least
two members and a tenth of the cluster qualify, so one enthusiast does not label a cluster.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from qnet.matching.coordinator.community_graph import Edges

TOP_ITEMS = 5
TOP_MEMBERS = 5
TOP_LINKS = 5
BRIDGES_PER_LINK = 3


@dataclass
class Distinctive:
    name: str
    members: int
    share: float
    lift: float


@dataclass
class Share:
    name: str
    members: int
    share: float


@dataclass
class ClusterLink:
    other: int  # the other cluster's number
    weight: float  # summed weight of explicit ties between the two clusters
    bridges: list[int]  # member indexes carrying most of those ties


@dataclass
class ClusterDescription:
    number: int
    size: int
    label: str
    skills: list[Distinctive]
    topics: list[Distinctive]
    regions: list[Share]
    roles: list[Share]
    organisations: list[Share]
    modularity: float  # this cluster's term in the modularity of the partition
    internal_share: float  # share of its members' explicit tie weight that stays inside
    central: list[int]  # member indexes, most central first
    links: list[ClusterLink] = field(default_factory=list)
    unplaced: bool = False


@dataclass
class MemberRoles:
    """Per-member numbers stored on IN_CLUSTER."""

    centrality: np.ndarray  # internal strength / the cluster's largest internal strength
    ties: np.ndarray  # distinct members tied explicitly
    bridge_score: np.ndarray  # share of inter-cluster tie weight carried, summed over clusters bridged
    bridged: list[list[int]]  # cluster numbers a member bridges to (besides their own)


def distinctive(members_of: np.ndarray, items: np.ndarray, names: list[str], labels: np.ndarray,
                count: int) -> dict[int, list[Distinctive]]:
    """Top distinctive items per cluster from (member index, item index) pairs."""
    n = labels.shape[0]
    sizes = np.bincount(labels, minlength=count + 1)
    out: dict[int, list[Distinctive]] = {c: [] for c in range(1, count + 1)}
    if members_of.shape[0] == 0:
        return out
    pairs = np.unique(np.stack([members_of, items], axis=1), axis=0)
    m, it = pairs[:, 0], pairs[:, 1]
    overall = np.bincount(it, minlength=len(names)).astype(np.float64)
    key = labels[m] * len(names) + it
    uniq, counts = np.unique(key, return_counts=True)
    clusters, item_ix = uniq // len(names), uniq % len(names)
    share = counts / sizes[clusters]
    base = (overall[item_ix] + 0.5) / (n + 1)
    lift = (counts + 0.5) / (sizes[clusters] + 1) / base
    score = share * np.log(lift)
    ok = (counts >= 2) & (counts >= 0.1 * sizes[clusters]) & (lift > 1.2)
    for c, i, k, s, lf, sc in sorted(zip(clusters[ok], item_ix[ok], counts[ok], share[ok], lift[ok], score[ok]),
                                     key=lambda row: (row[0], -row[5], names[row[1]])):
        if len(out[int(c)]) < TOP_ITEMS:
            out[int(c)].append(Distinctive(names[int(i)], int(k), round(float(s), 3), round(float(lf), 2)))
    return out


def mix(values: list[str], labels: np.ndarray, count: int, top: int = TOP_ITEMS) -> dict[int, list[Share]]:
    """The most common values of an attribute (region, role, organisation) in each cluster."""
    per: dict[int, Counter[str]] = {c: Counter() for c in range(1, count + 1)}
    for value, c in zip(values, labels.tolist()):
        if value:
            per[c][value] += 1
    sizes = np.bincount(labels, minlength=count + 1)
    return {c: [Share(v, k, round(k / max(int(sizes[c]), 1), 3)) for v, k in sorted(counter.items(), key=lambda x: (-x[1], x[0]))[:top]]
            for c, counter in per.items()}


def _label(skills: list[Distinctive], topics: list[Distinctive], regions: list[Share]) -> str:
    """Two most distinctive topics (or skills), and the region when most members share it."""
    words = [t.name for t in topics[:2]] or [s.name for s in skills[:2]]
    if len(words) < 2 and skills and skills[0].name not in words:
        words.append(skills[0].name)
    label = " & ".join(words) if words else "Mixed interests"
    if regions and regions[0].share >= 0.6:
        label += f" ({regions[0].name})"
    return label[:1].upper() + label[1:]


def _cross(labels: np.ndarray, explicit: Edges) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Explicit ties between clusters, both directions: (member, member's cluster, other cluster, weight)."""
    cross = labels[explicit.i] != labels[explicit.j]
    src = np.concatenate([explicit.i[cross], explicit.j[cross]])
    dst = np.concatenate([explicit.j[cross], explicit.i[cross]])
    w = np.concatenate([explicit.w[cross], explicit.w[cross]])
    return src, labels[src], labels[dst], w


def _pair_totals(own: np.ndarray, other: np.ndarray, w: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """Sorted cluster-pair keys (low * (count+1) + high) and the tie weight between each pair."""
    key = np.minimum(own, other) * (count + 1) + np.maximum(own, other)
    uniq, inv = np.unique(key, return_inverse=True)
    return uniq, np.bincount(inv, weights=w) / 2  # every tie was counted from both ends


def member_roles(labels: np.ndarray, count: int, everything: Edges, explicit: Edges) -> MemberRoles:
    """Centrality inside the cluster (full graph) and bridging between clusters (explicit ties).

    A member's bridge score sums, over each other cluster they are tied to, the share of all ties
    between their cluster and that one which they carry; they bridge to a cluster when they carry
    at least a fifth of those ties (the clusters would be more separate without them).
    """
    n = labels.shape[0]
    same = labels[everything.i] == labels[everything.j]
    internal = np.bincount(everything.i[same], weights=everything.w[same], minlength=n) + np.bincount(
        everything.j[same], weights=everything.w[same], minlength=n)
    top = np.zeros(count + 1)
    np.maximum.at(top, labels, internal)
    centrality = internal / np.maximum(top[labels], 1e-12)
    ties = np.bincount(explicit.i, minlength=n) + np.bincount(explicit.j, minlength=n)
    bridge = np.zeros(n)
    bridged: list[list[int]] = [[] for _ in range(n)]
    src, own, other, w = _cross(labels, explicit)
    if src.shape[0]:
        pair_keys, totals = _pair_totals(own, other, w, count)
        carried_key = src * (count + 1) + other
        uniq, inv = np.unique(carried_key, return_inverse=True)
        carried = np.bincount(inv, weights=w)
        members, targets = uniq // (count + 1), uniq % (count + 1)
        mine = labels[members]
        pair = np.minimum(mine, targets) * (count + 1) + np.maximum(mine, targets)
        share = carried / np.maximum(totals[np.searchsorted(pair_keys, pair)], 1e-12)
        bridge = np.bincount(members, weights=share, minlength=n).astype(np.float64)
        for m, t in zip(members[share >= 0.2].tolist(), targets[share >= 0.2].tolist()):
            bridged[m].append(int(t))
    return MemberRoles(centrality, ties, bridge, bridged)


def cluster_links(labels: np.ndarray, explicit: Edges, count: int) -> dict[int, list[ClusterLink]]:
    """Each cluster's strongest links to other clusters, with the members who carry them."""
    out: dict[int, list[ClusterLink]] = {c: [] for c in range(1, count + 1)}
    src, own, other, w = _cross(labels, explicit)
    if not src.shape[0]:
        return out
    pair_keys, totals = _pair_totals(own, other, w, count)
    chosen: list[int] = []
    for p in np.argsort(-totals, kind="stable").tolist():
        ca, cb = divmod(int(pair_keys[p]), count + 1)
        if len(out[ca]) >= TOP_LINKS and len(out[cb]) >= TOP_LINKS:
            continue
        chosen.append(p)
        for here, there in ((ca, cb), (cb, ca)):
            if len(out[here]) < TOP_LINKS:
                out[here].append(ClusterLink(there, round(float(totals[p]), 3), []))
    # Who carries each chosen link: only the ties of chosen cluster pairs are grouped by member.
    pair = np.searchsorted(pair_keys, np.minimum(own, other) * (count + 1) + np.maximum(own, other))
    keep = np.isin(pair, chosen)
    key = pair[keep].astype(np.int64) * labels.shape[0] + src[keep]
    uniq, inv = np.unique(key, return_inverse=True)
    carried = np.bincount(inv, weights=w[keep])
    pair_of, member = uniq // labels.shape[0], uniq % labels.shape[0]
    order = np.lexsort((-carried, pair_of))
    starts = np.searchsorted(pair_of[order], np.arange(pair_keys.shape[0] + 1))
    bridges = {p: member[order[starts[p]:starts[p] + BRIDGES_PER_LINK]].tolist() for p in chosen}
    for cluster, links in out.items():
        for link in links:
            low, high = min(cluster, link.other), max(cluster, link.other)
            link.bridges = bridges[int(np.searchsorted(pair_keys, low * (count + 1) + high))]
    return out


def cohesion(labels: np.ndarray, count: int, everything: Edges, explicit: Edges,
             resolution: float) -> tuple[np.ndarray, np.ndarray]:
    """(modularity term, internal share of explicit ties) per cluster number (index 0 unused)."""
    total = max(float(everything.w.sum()), 1e-12)
    same = labels[everything.i] == labels[everything.j]
    internal = np.bincount(labels[everything.i][same], weights=everything.w[same], minlength=count + 1)
    degree = np.bincount(labels[everything.i], weights=everything.w, minlength=count + 1) + np.bincount(
        labels[everything.j], weights=everything.w, minlength=count + 1)
    modularity = internal / total - resolution * (degree / (2 * total)) ** 2
    same_x = labels[explicit.i] == labels[explicit.j]
    inside = 2 * np.bincount(labels[explicit.i][same_x], weights=explicit.w[same_x], minlength=count + 1)
    strength = np.bincount(labels[explicit.i], weights=explicit.w, minlength=count + 1) + np.bincount(
        labels[explicit.j], weights=explicit.w, minlength=count + 1)
    share = np.where(strength > 0, inside / np.maximum(strength, 1e-12), 0.0)
    return modularity, share


def describe(labels: np.ndarray, count: int, unplaced: int | None, *, everything: Edges, explicit: Edges,
             resolution: float, regions: list[str], roles: list[str], organisations: list[str],
             skills: tuple[np.ndarray, np.ndarray, list[str]], topics: tuple[np.ndarray, np.ndarray, list[str]],
             roles_of_members: MemberRoles) -> list[ClusterDescription]:
    """One description per cluster number 1..count."""
    top_skills = distinctive(*skills[:2], skills[2], labels, count)
    top_topics = distinctive(*topics[:2], topics[2], labels, count)
    region_mix, role_mix, org_mix = mix(regions, labels, count), mix(roles, labels, count), mix(organisations, labels, count)
    modularity, share = cohesion(labels, count, everything, explicit, resolution)
    links = cluster_links(labels, explicit, count)
    sizes = np.bincount(labels, minlength=count + 1)
    order = np.lexsort((-roles_of_members.centrality, labels))
    starts = np.searchsorted(labels[order], np.arange(count + 2))
    out = []
    for c in range(1, count + 1):
        members = order[starts[c]:starts[c + 1]]
        is_unplaced = c == unplaced
        label = "Not yet tied to anyone" if is_unplaced else _label(top_skills[c], top_topics[c], region_mix[c])
        out.append(ClusterDescription(
            number=c, size=int(sizes[c]), label=label, skills=top_skills[c], topics=top_topics[c],
            regions=region_mix[c], roles=role_mix[c], organisations=org_mix[c],
            modularity=round(float(modularity[c]), 5), internal_share=round(float(share[c]), 3),
            central=[] if is_unplaced else [int(m) for m in members[:TOP_MEMBERS]],
            links=links[c], unplaced=is_unplaced,
        ))
    _unique_labels(out)
    return out


def _unique_labels(descriptions: list[ClusterDescription]) -> None:
    """Two clusters with the same label are told apart by their next distinctive skill or number."""
    seen: Counter[str] = Counter(d.label for d in descriptions)
    for d in descriptions:
        if seen[d.label] > 1:
            extra = next((s.name for s in d.skills if s.name not in d.label), None)
            d.label = f"{d.label} · {extra}" if extra else f"{d.label} · cluster {d.number}"
    repeat: Counter[str] = Counter(d.label for d in descriptions)
    for d in descriptions:
        if repeat[d.label] > 1:
            d.label = f"{d.label} ({d.number})"
