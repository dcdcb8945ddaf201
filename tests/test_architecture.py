"""The house rules of docs/ARCHITECTURE.md, read from the source: which layer may import which,
how full a folder may get, and where Cypher may be written."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

QNET = Path(__file__).resolve().parents[1] / "qnet"

# What each part of qnet must never import (a prefix matches the module and everything below it).
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "qnet.core": ("qnet.graph", "qnet.matching", "qnet.web", "qnet.services", "qnet.cli"),
    "qnet.graph": ("qnet.matching", "qnet.web", "qnet.services", "qnet.cli"),
    "qnet.matching": ("qnet.web", "qnet.services", "qnet.cli"),
    "qnet.web": ("qnet.graph", "qnet.cli"),
}
MOST_MODULES_IN_A_FOLDER = 15
CYPHER = re.compile(r"\b(MATCH|MERGE)\s*\(|\bDETACH DELETE\b|\bUNWIND\s+\$")


def module_name(path: Path) -> str:
    parts = path.relative_to(QNET.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> list[Path]:
    return sorted(QNET.rglob("*.py"))


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


def below(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_each_layer_imports_only_the_layers_beneath_it_and_the_core(layer: str) -> None:
    breaches = [f"{module_name(path)} imports {name}"
                for path in modules() if below(module_name(path), layer)
                for name in sorted(imported(path)) if any(below(name, banned) for banned in FORBIDDEN[layer])]
    assert breaches == []


def test_no_folder_holds_more_than_about_fifteen_modules() -> None:
    crowded = {}
    for folder in {path.parent for path in modules()}:
        count = len([p for p in folder.glob("*.py") if p.name != "__init__.py"])
        if count > MOST_MODULES_IN_A_FOLDER:
            crowded[str(folder.relative_to(QNET.parent))] = count
    assert crowded == {}


def test_cypher_is_written_only_in_the_graph_layer() -> None:
    outside = []
    for path in modules():
        if below(module_name(path), "qnet.graph"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and CYPHER.search(node.value):
                outside.append(f"{module_name(path)}:{node.lineno}")
    assert outside == []
