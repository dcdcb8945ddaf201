"""The cluster map's layout: legible, complete names, nothing overlapping, the same every time."""

from __future__ import annotations

import itertools
import math
import random
from typing import Any

import pytest

from qnet.web.pages.coordinator.cluster_map import MOST_DRAWN, ClusterMap, draw

TOPICS = ["sepsis", "frailty", "care homes", "maternity safety", "patient flow", "mental health", "digital",
          "workforce", "patient safety", "end of life care", "health inequalities", "primary care"]


def community(count: int) -> list[dict[str, Any]]:
    rng = random.Random(count)
    return [{"number": k, "size": int(2000 / k ** 0.8) + 3, "unplaced": False,
             "label": f"{rng.choice(TOPICS).capitalize()} & {rng.choice(TOPICS)} (North West) {k}",
             "links": [{"other": rng.randint(1, count), "weight": rng.random() * 20} for _ in range(3)]}
            for k in range(1, count + 1)]


def name_box(m: ClusterMap, lines: tuple[str, ...], x: float, y: float, anchor: str) -> tuple[float, float, float, float]:
    width = max(len(line) for line in lines) * m.font * 0.56
    left = x - width / 2 if anchor in ("middle", "inside") else x if anchor == "start" else x - width
    return left, y - m.font, left + width, y - m.font + len(lines) * m.font * 1.2


@pytest.mark.parametrize("count, size", [(3, (960, 560, 15, MOST_DRAWN)), (12, (960, 560, 15, MOST_DRAWN)),
                                         (500, (960, 560, 15, MOST_DRAWN)), (500, (360, 600, 14, 20))])
def test_circles_never_overlap_and_names_are_whole_inside_the_map_and_clear_of_each_other(
        count: int, size: tuple[int, int, int, int]) -> None:
    m = draw(community(count), *size)
    assert len(m.nodes) == min(count, size[3]) and m.not_drawn == count - len(m.nodes)
    assert [n.number for n in m.nodes] == sorted(n.number for n in m.nodes)  # the largest are drawn
    for a, b in itertools.combinations(m.nodes, 2):
        assert math.hypot(a.x - b.x, a.y - b.y) >= a.r + b.r - 0.5, (a.number, b.number)
    boxes = []
    for n in m.nodes:
        assert n.r >= m.font * 0.9  # big enough to hold its number
        assert 0 <= n.x - n.r and n.x + n.r <= m.width and 0 <= n.y - n.r and n.y + n.r <= m.height
        if n.name_lines:
            assert " ".join(n.name_lines) == n.label  # wrapped, never cut short
            box = name_box(m, n.name_lines, n.name_x, n.name_y, n.name_anchor)
            assert box[0] >= -1 and box[1] >= -1 and box[2] <= m.width + 1 and box[3] <= m.height + 1
            if n.name_anchor != "inside":
                boxes.append(box)
    for a, b in itertools.combinations(boxes, 2):
        assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    named = sum(1 for n in m.nodes if n.name_lines)
    assert named >= min(len(m.nodes), 2)  # the rest are found by their number in the list (the legend)


def test_the_same_clusters_give_the_same_map() -> None:
    assert draw(community(60), 960, 560, 15) == draw(community(60), 960, 560, 15)


def test_no_clusters_no_map() -> None:
    m = draw([], 960, 560, 15)
    assert m.nodes == () and m.not_drawn == 0
