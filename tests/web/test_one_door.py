"""The web layer has one door: it reaches the graph only through the services that qnet.services
builds, never a repository or the driver (that it imports nothing from qnet.graph is
tests/test_architecture.py's rule)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from qnet.services import Services

WEB = Path(__file__).resolve().parents[2] / "qnet" / "web"


def _web_modules() -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text())) for path in sorted(WEB.rglob("*.py"))]


def _chain(node: ast.AST, aliases: dict[str, list[str]]) -> list[str] | None:
    """The attribute names after `services()` in `services().a.b.c` (or after a name bound to such a chain)."""
    names: list[str] = []
    while isinstance(node, ast.Attribute):
        names.append(node.attr)
        node = node.value
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "services":
        return names[::-1]
    if isinstance(node, ast.Name) and node.id in aliases:
        return aliases[node.id] + names[::-1]
    return None


def _from_graph(value: Any) -> bool:
    return type(value).__module__.startswith("qnet.graph")


def test_views_reach_services_never_repositories(services: Services) -> None:
    reaching = []
    for path, tree in _web_modules():
        aliases: dict[str, list[str]] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                bound = _chain(node.value, {})
                if bound is not None:
                    aliases[node.targets[0].id] = bound
        for node in ast.walk(tree):
            chain = _chain(node, aliases) if isinstance(node, ast.Attribute) else None
            if not chain:
                continue
            target: Any = services
            for name in chain:
                owner, target = target, getattr(target, name, None)
                if _from_graph(owner) or (_from_graph(target) and not callable(target)):
                    reaching.append(f"{path.relative_to(WEB)}:{node.lineno}: services().{'.'.join(chain)}")
                    break
    assert sorted(set(reaching)) == []


def test_the_idea_sorts_the_api_accepts_are_the_sorts_the_graph_runs() -> None:
    from qnet.core.vocabulary import IDEA_SORTS
    from qnet.graph.knowledge.ideas import SORT_KEYS

    assert tuple(SORT_KEYS) == IDEA_SORTS
