"""Shared things are written once: configuration, wiring, the Cypher idioms and the permission rules
each have one home, and the rest of the code calls it (read from the source, as a reviewer would)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CODE = sorted([*(ROOT / "qnet").rglob("*.py"), *(ROOT / "seed").rglob("*.py")])


def _relative(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _environment_reads(path: Path) -> list[int]:
    """Lines that read a setting from the environment: os.environ[...], os.environ.get(...), os.getenv(...)."""
    lines = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        target = None
        if isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Load):
            target = node.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in ("get", "getenv"):
            target = node.func.value if node.func.attr == "get" else node.func
        if target is not None and ast.unparse(target) in ("os.environ", "os.getenv", "environ"):
            lines.append(node.lineno)
    return lines


def test_only_settings_read_the_environment() -> None:
    readers = {_relative(p): lines for p in CODE if (lines := _environment_reads(p))}
    assert set(readers) == {"qnet/config.py"}, readers


def test_the_cli_wires_nothing_by_hand_and_borrows_nothing_from_the_web() -> None:
    cli = (ROOT / "qnet" / "cli.py").read_text(encoding="utf-8")
    assert not re.findall(r"\w+Repository\(|Embedder\(|\w+Service\(|\.build\(graph", cli)
    assert "qnet.web" not in cli.replace("qnet.web:create_app", "").replace("qnet.web.gunicorn_config", "")


def test_each_cypher_idiom_is_written_in_one_module() -> None:
    homes = {"db.index.vector.queryNodes": {"qnet/graph/vector_search.py"},
             "db.index.fulltext.queryNodes": {"qnet/graph/fulltext.py"}}
    for idiom, home in homes.items():
        found = {_relative(p) for p in CODE if idiom in p.read_text(encoding="utf-8")}
        assert found == home, (idiom, found)
    builders = {_relative(p) for p in CODE if re.search(r"^def lucene_query\(", p.read_text(encoding="utf-8"), re.MULTILINE)}
    assert builders == {"qnet/graph/fulltext.py"}


def test_roles_are_compared_only_by_the_permission_rules() -> None:
    pattern = re.compile(r"account_role\s*(==|!=|not in|in)\s|COORDINATOR_ROLES|MODERATOR_ROLES")
    places = {_relative(p) for p in (ROOT / "qnet").rglob("*.py") if pattern.search(p.read_text(encoding="utf-8"))}
    assert places == {"qnet/core/permissions.py"}, places


def test_python_m_qnet_cli_knows_every_command() -> None:
    """The module run as a script registers all its commands before it runs (the worker came last)."""
    result = subprocess.run([sys.executable, "-m", "qnet.cli", "worker", "--help"], cwd=ROOT,
                            capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0 and "Send what members are owed" in result.stdout, result.stderr
