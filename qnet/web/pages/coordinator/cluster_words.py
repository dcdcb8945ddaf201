"""Clusters, insights and pairing rounds described in the words a coordinator uses.

The API keeps its numbers (lift, modularity term, internal share); the page says what they mean:
"sepsis: 12 of 40 members, against 4% of the whole community", "close-knit: 78% of their ties are
with each other". Nothing here reads the graph: it rewrites the API's own representations.
"""

from __future__ import annotations

from typing import Any

CHANGES = {
    "split": "Split", "merged": "Merged", "new": "New", "dissolved": "Broke up",
    "grown": "Grew", "shrunk": "Shrank", "stable": "Much the same",
}
CHANGE_ORDER = ("split", "merged", "new", "dissolved", "grown", "shrunk", "stable")
ISOLATION = {
    "no ties": "No connections or shared work yet",
    "one tie": "Only one connection or piece of shared work",
    "new and inactive": "Joined recently and not yet active",
}


def percent(share: float) -> str:
    return f"{round(share * 100)}%"


def cohesion(internal_share: float, unplaced: bool) -> str:
    """How knit together a cluster is, from the share of its members' ties that stay inside it."""
    if unplaced:
        return "These members have no connections, shared work or profile yet, so they belong to no group."
    if internal_share <= 0:
        return "Grouped by similar profiles: they have no direct ties with each other yet."
    kind = ("Close-knit" if internal_share >= 0.6 else "Fairly close" if internal_share >= 0.35
            else "Loosely knit")
    return f"{kind}: {percent(internal_share)} of their connections and shared work are with each other."


def standout(items: list[dict[str, Any]], size: int) -> list[str]:
    """'sepsis: 12 of 40 members, against 4% of the whole community' for each distinctive item."""
    out = []
    for item in items:
        everyone = item["share"] / item["lift"] if item.get("lift") else 0.0
        out.append(f"{item['name']}: {item['members']} of {size} members, against "
                   f"{_small_percent(everyone)} of the whole community")
    return out


def _small_percent(share: float) -> str:
    return "under 1%" if 0 < share < 0.005 else percent(share)


def mix(items: list[dict[str, Any]], most: int = 3) -> str:
    """'London (70%), North West (20%)'."""
    return ", ".join(f"{i['name']} ({percent(i['share'])})" for i in items[:most])


def describe(cluster: dict[str, Any]) -> dict[str, Any]:
    """The page's view of one cluster (the API's representation rewritten in words)."""
    size = cluster["size"]
    return {
        "number": cluster["number"], "label": cluster["label"], "size": size, "unplaced": cluster["unplaced"],
        "id": cluster["id"],
        "members": "1 member" if size == 1 else f"{size} members",
        "cohesion": cohesion(cluster.get("internal_share", 0.0), cluster["unplaced"]),
        "topics": standout(cluster.get("topics", []), size),
        "skills": standout(cluster.get("skills", []), size),
        "regions": mix(cluster.get("regions", [])),
        "roles": mix(cluster.get("roles", [])),
        "organisations": mix(cluster.get("organisations", []), 2),
        "central": cluster.get("central", []),
        "links": [{"number": link["other"], "label": link.get("label") or f"cluster {link['other']}",
                   "bridges": link.get("bridges", [])} for link in cluster.get("links", [])],
    }


def change_rows(changes: list[dict[str, Any]], most: int = 10) -> list[dict[str, str]]:
    """Changes since the previous run, biggest kinds of change first, in words."""
    def names(clusters: list[dict[str, Any]]) -> str:
        return " and ".join(c.get("label") or f"cluster {c['number']}" for c in clusters)

    ordered = sorted(changes, key=lambda c: CHANGE_ORDER.index(c["kind"]) if c["kind"] in CHANGE_ORDER else 99)
    rows = []
    for c in ordered[:most]:
        if c["kind"] == "split":
            what = f"{names(c['old'])} split into {names(c['new'])}"
        elif c["kind"] == "merged":
            what = f"{names(c['old'])} came together as {names(c['new'])}"
        else:
            what = names(c["new"] or c["old"])
        rows.append({"kind": CHANGES.get(c["kind"], c["kind"]), "what": what,
                     "size": f"{c['size_before']} to {c['size_after']} members"})
    return rows


def isolation(reason: str | None) -> str:
    return ISOLATION.get(reason or "", reason or "")
