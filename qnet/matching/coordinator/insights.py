"""Insights for coordinators: who is isolated, and how clusters changed since the previous run.

Bridges (members who carry the ties between otherwise separate clusters) are computed with the
descriptions (qnet.matching.coordinator.cluster_descriptions.member_roles) and stored per member.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

import numpy as np

RECENT_DAYS = 60
SPLIT_SHARE = 0.25  # an old cluster split when at least two new clusters each took this share of it
MERGE_SHARE = 0.5  # clusters merged when at least two old ones each sent this share into one new one
GROWTH = 0.1  # a relative size change under this is "stable"
MIN_CHANGE_MEMBERS = 3


def isolation_reasons(ties: np.ndarray, activity: np.ndarray, joined: list[str], today: date,
                      recent_days: int = RECENT_DAYS) -> list[str | None]:
    """Why each member counts as isolated ('no ties', 'one tie', 'new and inactive'), or None."""
    out: list[str | None] = []
    for k, a, j in zip(ties.tolist(), activity.tolist(), joined):
        if k == 0:
            out.append("no ties")
        elif k == 1:
            out.append("one tie")
        elif j and a == 0 and k <= 2 and (today - date.fromisoformat(j)).days <= recent_days:
            out.append("new and inactive")
        else:
            out.append(None)
    return out


@dataclass
class ClusterChange:
    kind: str  # new, grown, shrunk, stable, split, merged, dissolved
    new: list[int]  # cluster numbers in this run
    old: list[int]  # cluster numbers in the previous run
    size_before: int
    size_after: int
    note: str = ""


@dataclass
class RunComparison:
    changes: list[ClusterChange] = field(default_factory=list)
    moved_from: np.ndarray | None = None  # previous cluster number for members who moved, else 0
    moved: int = 0
    joined: int = 0
    left: int = 0


def compare(previous: np.ndarray, current: np.ndarray, left: int = 0) -> RunComparison:
    """Match clusters of two runs by overlap. `previous` holds each current member's old cluster
    number (0 where the member was not in the previous run); `left` counts members since removed."""
    both = previous > 0
    overlap = Counter(zip(previous[both].tolist(), current[both].tolist()))
    old_sizes = Counter(previous[both].tolist())
    new_sizes = Counter(current.tolist())
    successors: dict[int, list[tuple[int, int]]] = {}
    predecessors: dict[int, list[tuple[int, int]]] = {}
    for (o, c), k in overlap.items():
        successors.setdefault(o, []).append((k, c))
        predecessors.setdefault(c, []).append((k, o))
    for lists in (successors, predecessors):
        for key in lists:
            lists[key].sort(reverse=True)
    changes: list[ClusterChange] = []
    handled_old: set[int] = set()
    handled_new: set[int] = set()
    for o, parts in sorted(successors.items()):
        big = [c for k, c in parts if k >= max(SPLIT_SHARE * old_sizes[o], MIN_CHANGE_MEMBERS)]
        if len(big) >= 2:
            changes.append(ClusterChange("split", sorted(big), [o], old_sizes[o], sum(new_sizes[c] for c in big),
                                         f"cluster {o} split into {len(big)}"))
            handled_old.add(o)
            handled_new.update(big)
    for c, parts in sorted(predecessors.items()):
        if c in handled_new:
            continue
        merged = [o for k, o in parts if o not in handled_old and k >= MERGE_SHARE * old_sizes[o]
                  and k >= MIN_CHANGE_MEMBERS]
        if len(merged) >= 2:
            changes.append(ClusterChange("merged", [c], sorted(merged), sum(old_sizes[o] for o in merged),
                                         new_sizes[c], f"{len(merged)} clusters merged"))
            handled_new.add(c)
            handled_old.update(merged)
    for c in sorted(new_sizes):
        if c in handled_new:
            continue
        parts = predecessors.get(c, [])
        if not parts or parts[0][0] < 0.3 * new_sizes[c]:
            changes.append(ClusterChange("new", [c], [], 0, new_sizes[c], "mostly new or regrouped members"))
            continue
        o = parts[0][1]
        before, after = old_sizes[o], new_sizes[c]
        kind = "grown" if after > before * (1 + GROWTH) else "shrunk" if after < before * (1 - GROWTH) else "stable"
        changes.append(ClusterChange(kind, [c], [o], before, after))
        handled_old.add(o)
    for o in sorted(old_sizes):
        if o not in handled_old and not any(o in ch.old for ch in changes):
            changes.append(ClusterChange("dissolved", [], [o], old_sizes[o], 0, "its members spread out"))
    # A member moved when their new cluster is not where the bulk of their old cluster went.
    width = int(max(current.max(initial=0), 0)) + 1
    successor_keys = np.asarray([o * width + c for ch in changes for o in ch.old for c in ch.new], np.int64)
    went_elsewhere = both & ~np.isin(previous * width + current, successor_keys)
    moved_from = np.where(went_elsewhere, previous, 0).astype(current.dtype)
    return RunComparison(changes, moved_from, int((moved_from > 0).sum()), int((~both).sum()), left)
