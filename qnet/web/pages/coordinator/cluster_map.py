"""The cluster map as data for an inline SVG: where each cluster's circle goes and where its name fits.

Drawn on the server so that it works without JavaScript, is the same on every load (a seeded layout,
no randomness) and can be read by keyboard and screen reader: every circle is a link to the
cluster's entry in the list below the map, which is the legend and the text alternative. Only the
largest clusters are drawn (at 100k members there are hundreds); the list has them all.

A name is written beside its circle only where it fits inside the map without covering another
circle or name, wrapped over at most three lines and never cut short; every circle carries its
number, so a cluster whose name did not fit is still found in the list by that number.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from typing import Any

import numpy as np

MOST_DRAWN = 40
STEPS = 300
GOLDEN_ANGLE = 2.399963229728653
CHAR_WIDTH = 0.56  # average glyph width of a system sans-serif, as a share of the font size


@dataclass(frozen=True)
class Box:
    """An axis-aligned rectangle: left, top, right, bottom."""

    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return not (self.right <= other.left or other.right <= self.left
                    or self.bottom <= other.top or other.bottom <= self.top)

    def inside(self, width: float, height: float) -> bool:
        return self.left >= 0 and self.top >= 0 and self.right <= width and self.bottom <= height


Placement = tuple[tuple[str, ...], float, float, str]  # name lines, x, y, anchor


@dataclass(frozen=True)
class MapNode:
    number: int
    label: str
    size: int
    x: float
    y: float
    r: float
    hue: int
    unplaced: bool
    name_lines: tuple[str, ...]  # empty when the name did not fit beside the circle
    name_x: float
    name_y: float
    name_anchor: str  # SVG text-anchor: start, middle or end; "inside": centred under the number


@dataclass(frozen=True)
class MapLink:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


@dataclass(frozen=True)
class ClusterMap:
    width: int
    height: int
    font: int
    nodes: tuple[MapNode, ...]
    links: tuple[MapLink, ...]
    not_drawn: int  # clusters left off the map (listed below it)


def hue(number: int) -> int:
    """A hue per cluster number, spread round the colour wheel by the golden angle."""
    return round(number * 137.508) % 360


def _simulate(radii: np.ndarray, pairs: list[tuple[int, int, float]], width: float, height: float,
              room: float) -> np.ndarray:
    """Positions for circles of the given radii: `room` apart at least (space for a name between
    them), tied clusters near each other, centred."""
    n = radii.shape[0]
    k = np.arange(n)
    spread = math.sqrt(width * height) * 0.06
    pos = np.stack([width / 2 + spread * np.sqrt(k) * np.cos(k * GOLDEN_ANGLE),
                    height / 2 + spread * np.sqrt(k) * np.sin(k * GOLDEN_ANGLE)], axis=1)
    gap = radii[:, None] + radii[None, :] + room
    a_end = np.array([a for a, _, _ in pairs], dtype=np.int64)
    b_end = np.array([b for _, b, _ in pairs], dtype=np.int64)
    strengths = np.array([w for _, _, w in pairs], dtype=np.float64)
    for step in range(STEPS):
        alpha = 1.0 - step / STEPS
        delta = pos[:, None, :] - pos[None, :, :]
        dist = np.sqrt((delta ** 2).sum(axis=2)) + np.eye(n) + 1e-6
        push = np.clip(gap - dist, 0, None) / dist * 0.5  # separate overlapping circles
        np.fill_diagonal(push, 0)
        move = (delta * push[:, :, None]).sum(axis=1)
        if pairs:  # springs along ties between clusters
            d = pos[b_end] - pos[a_end]
            length = np.sqrt((d ** 2).sum(axis=1)) + 1e-6
            pull = ((length - gap[a_end, b_end] - 10) / length * 0.03 * strengths * alpha)[:, None] * d
            np.add.at(move, a_end, pull)
            np.add.at(move, b_end, -pull)
        move += (np.array([width / 2, height / 2]) - pos) * 0.01 * alpha  # keep the map together
        pos += move
    return pos


def _fit(pos: np.ndarray, radii: np.ndarray, width: float, height: float, margin: float) -> tuple[np.ndarray, np.ndarray]:
    """Scale and move the layout to fill the map, leaving a margin for names."""
    low = (pos - radii[:, None]).min(axis=0)
    high = (pos + radii[:, None]).max(axis=0)
    span = np.maximum(high - low, 1e-6)
    scale = min((width - 2 * margin) / span[0], (height - 2 * margin) / span[1], 1.5)
    centre = (low + high) / 2
    return (pos - centre) * scale + np.array([width / 2, height / 2]), radii * scale


def _name_box(lines: list[str], x: float, y: float, font: float, anchor: str) -> Box:
    width = max(len(line) for line in lines) * font * CHAR_WIDTH
    height = len(lines) * font * 1.2
    left = x - width / 2 if anchor == "middle" else x if anchor == "start" else x - width
    return Box(left, y - font, left + width, y - font + height)


def _place_name(i: int, label: str, pos: np.ndarray, radii: np.ndarray, circles: list[Box], taken: list[Box],
                width: float, height: float, font: float) -> Placement:
    """Inside its circle when the circle is big enough, else the first clear spot beside it, else nowhere."""
    x, y, r = float(pos[i, 0]), float(pos[i, 1]), float(radii[i])
    for chars in (22, 16, 12, 30):
        lines = textwrap.wrap(label, chars, break_long_words=False) or [label]
        if len(lines) > 3:
            continue
        tall = len(lines) * font * 1.2
        wide = max(len(line) for line in lines) * font * CHAR_WIDTH
        if wide <= 1.6 * r and tall + font * 1.4 <= 1.5 * r:  # inside a big circle, under its number
            return tuple(lines), x, y + font * 1.3, "inside"
        spots = [(x, y + r + font + 2, "middle"), (x, y - r - tall + font - 2, "middle"),
                 (x + r + 4, y - tall / 2 + font * 0.9, "start"), (x - r - 4, y - tall / 2 + font * 0.9, "end")]
        for sx, sy, anchor in spots:
            box = _name_box(lines, sx, sy, font, anchor)
            if box.inside(width, height) and not any(box.overlaps(c) for j, c in enumerate(circles) if j != i) \
                    and not any(box.overlaps(t) for t in taken):
                taken.append(box)
                return tuple(lines), sx, sy, anchor
    return (), x, y, "middle"


def _place_names(pos: np.ndarray, radii: np.ndarray, labels: list[str], width: float, height: float,
                 font: float) -> list[Placement]:
    """Names in order of cluster size, so the biggest clusters get the best spots."""
    circles = [Box(x - r, y - r, x + r, y + r) for (x, y), r in zip(pos.tolist(), radii.tolist())]
    taken: list[Box] = []
    return [_place_name(i, label, pos, radii, circles, taken, width, height, font) for i, label in enumerate(labels)]


def draw(clusters: list[dict[str, Any]], width: int, height: int, font: int, most: int = MOST_DRAWN) -> ClusterMap:
    """The map of the `most` largest clusters, laid out to fill width x height (SVG user units)."""
    shown = sorted(clusters, key=lambda c: (-c["size"], c["number"]))[:most]
    if not shown:
        return ClusterMap(width, height, font, (), (), 0)
    where = {c["number"]: k for k, c in enumerate(shown)}
    biggest = max(c["size"] for c in shown)
    # Circle area in proportion to members, with a floor so that the smallest still holds its number.
    radii = np.array([max(font * 1.1, 60.0 * math.sqrt(c["size"] / biggest)) for c in shown])
    pairs: dict[tuple[int, int], float] = {}
    for c in shown:
        for link in c.get("links", []):
            if link["other"] in where and link["other"] != c["number"]:
                key = (min(where[c["number"]], where[link["other"]]), max(where[c["number"]], where[link["other"]]))
                pairs[key] = max(pairs.get(key, 0.0), float(link["weight"]))
    heaviest = max(pairs.values(), default=1.0) or 1.0
    springs = [(a, b, 0.3 + w / heaviest) for (a, b), w in sorted(pairs.items())]
    pos = _simulate(radii, springs, width, height, room=font * 2.6)
    pos, radii = _fit(pos, radii, width, height, margin=font * 3.8)
    radii = np.maximum(radii, font * 0.9)
    names = _place_names(pos, radii, [c["label"] for c in shown], width, height, font)
    # Trim the empty bands above and below the drawing (a few clusters on a tall phone map).
    tops = [float(y - r) for y, r in zip(pos[:, 1], radii)] + [ny - font for lines, _, ny, _ in names if lines]
    bottoms = [float(y + r) for y, r in zip(pos[:, 1], radii)] + [
        ny - font + len(lines) * font * 1.2 for lines, _, ny, _ in names if lines]
    shift = max(0.0, min(tops) - font)
    height = min(height, math.ceil(max(bottoms) - shift + font))
    pos[:, 1] -= shift
    nodes = tuple(
        MapNode(c["number"], c["label"], c["size"], round(float(pos[k, 0]), 1), round(float(pos[k, 1]), 1),
                round(float(radii[k]), 1), hue(c["number"]), bool(c.get("unplaced")), lines,
                round(nx, 1), round(ny - shift, 1), anchor)
        for k, (c, (lines, nx, ny, anchor)) in enumerate(zip(shown, names)))
    links = tuple(
        MapLink(nodes[a].x, nodes[a].y, nodes[b].x, nodes[b].y, round(1 + 5 * (w - 0.3) / 1.0, 1))
        for a, b, w in springs)
    return ClusterMap(width, height, font, nodes, links, max(0, len(clusters) - len(shown)))
