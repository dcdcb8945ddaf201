"""The local Neo4j Community server that qnet starts when NEO4J_URI is not set (2026.x by default).

Neo4j is fetched from Maven Central by Maven (pom.xml beside this module) and run by a small Java
launcher with the Bolt connector on 127.0.0.1. The launcher is compiled by the Eclipse compiler
(fetched with Neo4j) on the Java that will run it (qnet/graph/java.py chooses that Java), so no javac
is needed. The build is cached under QNET_HOME, keyed by the Neo4j version and a hash of the sources.

The data directory remembers which Neo4j version wrote it. A store written by an older major version
is not opened by a newer server (its first write would upgrade it one way); `qnet db upgrade`
(qnet/graph/store_upgrade.py) backs it up first and then lets the new server take it over.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ServiceUnavailable

from qnet.config import Settings
from qnet.graph.java import JavaNotFound, JavaRuntime, find_java

log = logging.getLogger(__name__)

SOURCES = Path(__file__).resolve().parent / "server"
WELL_KNOWN_PASSWORDS = frozenset({"neo4j", "password", "admin", "changeme", "secret", "12345678"})
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 90.0
STORE_VERSION_FILE = "qnet-neo4j-version"
# Stores made before qnet recorded versions were all written by this one.
UNRECORDED_STORE_VERSION = "5.26.30"


class ServerError(RuntimeError):
    """The local Neo4j server could not be built, started or stopped."""


class StoreNeedsUpgrade(ServerError):
    """The data was written by an older Neo4j than the one configured: `qnet db upgrade` first."""


def major(version: str) -> int:
    """5 for 5.26.30, 2026 for 2026.08.1: store formats change between these, never within."""
    return int(version.split(".")[0])


def java_range(neo4j_version: str) -> tuple[int, int | None]:
    """The Java feature versions a Neo4j version runs on."""
    return (17, 21) if major(neo4j_version) < 2025 else (21, None)


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    bolt_uri: str
    answering: bool

    def describe(self) -> str:
        if not self.running:
            return f"stopped ({self.bolt_uri})"
        state = "answering" if self.answering else "starting or unresponsive"
        return f"running, pid {self.pid}, {self.bolt_uri}, {state}"


class LocalNeo4j:
    """Builds, starts, stops and reports on one local Neo4j server (its own port and data)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.home = settings.local_neo4j_home
        self.data_dir = self.home / "data"
        self.log_file = self.home / "logs" / "neo4j.log"
        self.pid_file = self.home / "run" / "neo4j.pid"
        self.port = settings.bolt_port
        self.version = settings.neo4j_version
        self._java: JavaRuntime | None = None

    def java(self) -> JavaRuntime:
        """The Java this server runs on (found once per instance)."""
        if self._java is None:
            low, high = java_range(self.version)
            try:
                self._java = find_java(low, high, java_home=self.settings.java_home,
                                       env_java_home=self.settings.env_java_home)
            except JavaNotFound as exc:
                raise ServerError(str(exc)) from exc
        return self._java

    def store_version(self) -> str | None:
        """The Neo4j version that last wrote the data directory; None when there is no store yet."""
        marker = self.data_dir / STORE_VERSION_FILE
        if marker.exists():
            return marker.read_text().strip()
        if (self.data_dir / "data" / "databases").exists():
            return UNRECORDED_STORE_VERSION
        return None

    def check_store(self) -> None:
        """Refuse a store this server version must not open (see the module docstring)."""
        found = self.store_version()
        if found is None or major(found) == major(self.version):
            return
        if major(found) < major(self.version):
            raise StoreNeedsUpgrade(
                f"the data in {self.data_dir} was written by Neo4j {found}; this server is Neo4j {self.version}. "
                "Run `qnet db upgrade` to back it up and upgrade it (one-way: the old version cannot open it afterwards), "
                f"or set QNET_NEO4J_VERSION={found} to keep using the old server.")
        raise ServerError(f"the data in {self.data_dir} was written by Neo4j {found}, newer than the configured "
                          f"{self.version}; restore a backup from {self.home / 'backups'} to go back")

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    # -- build ---------------------------------------------------------------------------------
    def build(self) -> Path:
        """Fetch Neo4j with Maven and compile the launcher once; return the build directory."""
        digest = hashlib.sha256(self.version.encode())
        for path in sorted(SOURCES.rglob("*")):
            if path.is_file() and "target" not in path.parts:
                digest.update(path.relative_to(SOURCES).as_posix().encode())
                digest.update(path.read_bytes())
        build_dir = self.settings.home / "neo4j-server" / f"{self.version}-{digest.hexdigest()[:12]}"
        if (build_dir / "READY").exists():
            return build_dir
        if shutil.which("mvn") is None:
            raise ServerError("Maven (mvn) is needed to fetch Neo4j; install it (apt-get install maven)")
        java = self.java()
        work = build_dir / "src"
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(SOURCES, work, ignore=shutil.ignore_patterns("target"))
        log.info("fetching Neo4j and building its launcher", extra={"dir": str(build_dir), "neo4j": self.version})
        _run_or_fail("Maven could not fetch Neo4j",
                     ["mvn", "-q", "-B", "-f", str(work / "pom.xml"), "package", f"-Dneo4j.version={self.version}"])
        shutil.rmtree(build_dir / "lib", ignore_errors=True)
        shutil.copytree(work / "target" / "lib", build_dir / "lib")
        jars = sorted(str(jar) for jar in (build_dir / "lib").glob("*.jar"))
        sources = sorted(str(path) for path in (work / "src" / "main" / "java").rglob("*.java"))
        # Java 17 class files run on every Java either Neo4j version supports.
        _run_or_fail("the launcher did not compile",
                     [str(java.java), "-jar", str(work / "target" / "compiler" / "ecj.jar"), "-17", "-nowarn",
                      "-encoding", "UTF-8", "-cp", os.pathsep.join(jars), "-d", str(build_dir / "classes"), *sources])
        shutil.rmtree(work, ignore_errors=True)
        (build_dir / "READY").write_text("ok\n")
        return build_dir

    # -- lifecycle -----------------------------------------------------------------------------
    def status(self) -> ServerStatus:
        pid = self._live_pid()
        return ServerStatus(pid is not None, pid, self.bolt_uri, pid is not None and self._answers())

    def start(self, timeout_s: float = START_TIMEOUT_S) -> ServerStatus:
        """Start the server and return once Bolt answers; fail with the server's log tail."""
        password = self.settings.neo4j_password
        if password in WELL_KNOWN_PASSWORDS or len(password) < 8:
            raise ServerError("refusing to start Neo4j with a well-known or short password (NEO4J_PASSWORD)")
        current = self.status()
        if current.running:
            self._wait_until_answering(current.pid, timeout_s)
            return self.status()
        if _port_in_use(self.port):
            raise ServerError(f"port {self.port} is already in use by another program (set QNET_BOLT_PORT)")
        self.check_store()
        build_dir = self.build()
        java = self.java()
        for directory in (self.data_dir, self.log_file.parent, self.pid_file.parent):
            directory.mkdir(parents=True, exist_ok=True)
        command = [
            str(java.java),
            *java.flags,
            f"-Xms{self.settings.neo4j_heap}",
            f"-Xmx{self.settings.neo4j_heap}",
            "-XX:+UseG1GC",
            "-XX:+ExitOnOutOfMemoryError",
            f"-Dqnet.home={self.data_dir}",
            f"-Dqnet.bolt.port={self.port}",
            f"-Dqnet.pagecache.mb={self.settings.neo4j_pagecache_mb}",
            "-cp",
            f"{build_dir / 'classes'}{os.pathsep}{build_dir / 'lib'}/*",
            "org.qnet.server.Launcher",
        ]
        env = dict(os.environ, QNET_NEO4J_PASSWORD=password)
        log_offset = self.log_file.stat().st_size if self.log_file.exists() else 0
        with open(self.log_file, "ab") as out:
            out.write(f"\n--- qnet db start {time.strftime('%Y-%m-%dT%H:%M:%S')}: Neo4j {self.version} on "
                      f"{java.describe()} ---\n".encode())
            out.flush()
            process = subprocess.Popen(
                command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                env=env, start_new_session=True,
            )
        self.pid_file.write_text(str(process.pid))
        try:
            self._wait_until_ready(process.pid, log_offset, timeout_s)
        except ServerError:
            if process.poll() is None:
                process.kill()
            self.pid_file.unlink(missing_ok=True)
            raise
        (self.data_dir / STORE_VERSION_FILE).write_text(self.version + "\n")
        return self.status()

    def stop(self, timeout_s: float = STOP_TIMEOUT_S) -> bool:
        """Shut the server down cleanly (SIGTERM runs Neo4j's shutdown); False if it was not running."""
        pid = self._live_pid()
        if pid is None:
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                break
            time.sleep(0.2)
        else:
            log.warning("Neo4j did not stop in time; killing it", extra={"pid": pid})
            os.kill(pid, signal.SIGKILL)
        self.pid_file.unlink(missing_ok=True)
        return True

    def log_tail(self, lines: int = 40) -> str:
        if not self.log_file.exists():
            return "(no log yet)"
        return _tail(self.log_file.read_text(errors="replace"), lines)

    # -- internals -----------------------------------------------------------------------------
    def _live_pid(self) -> int | None:
        """The pid from the pid file if that process still runs our launcher; clears a stale file."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        if _alive(pid) and _is_launcher(pid):
            return pid
        self.pid_file.unlink(missing_ok=True)
        return None

    def _answers(self) -> bool:
        auth = (self.settings.neo4j_user, self.settings.neo4j_password)
        try:
            with GraphDatabase.driver(self.bolt_uri, auth=auth, connection_timeout=2) as driver:
                driver.verify_connectivity()
            return True
        except (ServiceUnavailable, OSError):
            return False
        except AuthError:
            return True  # it answers; the password is the caller's problem

    def _wait_until_ready(self, pid: int, log_offset: int, timeout_s: float) -> None:
        """Wait for the launcher's ready line (it sets the password first), then for Bolt."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if not _alive(pid):
                raise ServerError("Neo4j exited during start-up; its log ends:\n" + self.log_tail())
            with open(self.log_file, "rb") as handle:
                handle.seek(log_offset)
                if b"qnet-neo4j: ready" in handle.read():
                    break
            time.sleep(0.3)
        else:
            raise ServerError(f"Neo4j was not ready within {timeout_s:.0f}s; log:\n" + self.log_tail())
        self._wait_until_answering(pid, max(10.0, deadline - time.monotonic()))

    def _wait_until_answering(self, pid: int | None, timeout_s: float) -> None:
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if pid is not None and not _alive(pid):
                raise ServerError("Neo4j exited during start-up; its log ends:\n" + self.log_tail())
            if _port_in_use(self.port) and self._answers():
                return
            time.sleep(0.5)
        raise ServerError(f"Neo4j did not answer on {self.bolt_uri} within {timeout_s:.0f}s; log:\n" + self.log_tail())


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child counts as gone
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ", 1)[1][0] != "Z"
    except (FileNotFoundError, IndexError):
        return True


def _is_launcher(pid: int) -> bool:
    try:
        return b"org.qnet.server.Launcher" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return True  # no /proc: trust the pid file


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _run_or_fail(what: str, command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True,
                            check=False)  # a failure is reported with the tool's own output
    if result.returncode != 0:
        raise ServerError(f"{what}:\n" + _tail(result.stdout + result.stderr))


def _tail(text: str, lines: int = 40) -> str:
    return "\n".join(text.strip().splitlines()[-lines:])
