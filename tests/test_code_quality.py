"""The code passes the project's linter (ruff) and type checker (mypy), as configured in pyproject.toml."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_finds_nothing() -> None:
    result = _run("ruff", "check", "--no-cache", "qnet", "seed", "bench", "tests")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_errors() -> None:
    # The cache lives beside the virtualenv, so a fresh clone's run reuses it (41 s cold, ~3 s warm).
    cache = Path(os.environ.get("QNET_HOME", Path.home() / ".qnet")).expanduser() / "mypy-cache"
    result = _run("mypy", "--cache-dir", str(cache), "qnet", "seed")
    assert result.returncode == 0, result.stdout + result.stderr
