"""`qnet db upgrade`: move the local server's data to a newer Neo4j (5.26 LTS -> 2026.x), safely.

The step is one-way: once the new server has written to the store, the old one refuses to open it.
So, in this order:
1. the server is stopped and the whole data directory is archived under `$QNET_NEO4J_HOME/backups`
   (restoring = stopping qnet and unpacking that archive in place of `data/`);
2. the new server starts on the store (Neo4j upgrades its format) and the nodes and relationships
   are counted;
3. pending migrations run, and every vector index still on the old provider (no SIMD, no filter
   properties) is dropped and created again in its 2025+ form (qnet/graph/vector_indexes.py);
4. the counts are compared: nothing may be lost.

For a server qnet does not run (NEO4J_URI), qnet cannot take the backup: the operator backs it up
and upgrades it with Neo4j's tools; `rebuild_indexes` then does step 3 on it.
"""

from __future__ import annotations

import logging
import tarfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import LiteralString

from qnet.graph.driver import Graph
from qnet.graph.migrations import migrate
from qnet.graph.server import STORE_VERSION_FILE, LocalNeo4j, ServerError, major
from qnet.graph.vector_indexes import rebuild_vector_indexes

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

COUNTS: LiteralString = """
CALL () { MATCH (n) RETURN count(n) AS nodes }
CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships }
RETURN nodes, relationships
"""

ONE_WAY = ("This step is one-way: once Neo4j {new} has written to the data, Neo4j {old} cannot open it again. "
           "The backup is the way back.")


class UpgradeError(ServerError):
    """The upgrade could not be completed (the backup, if taken, is named in the message)."""


@dataclass(frozen=True)
class UpgradeReport:
    from_version: str
    to_version: str
    backup: Path | None
    nodes: int
    relationships: int
    rebuilt_indexes: list[str]

    def describe(self) -> str:
        backup = f"; backup: {self.backup}" if self.backup else ""
        rebuilt = ", ".join(self.rebuilt_indexes) or "none needed"
        return (f"upgraded from Neo4j {self.from_version} to {self.to_version}: {self.nodes} nodes and "
                f"{self.relationships} relationships kept, vector indexes rebuilt: {rebuilt}{backup}")


def counts(graph: Graph) -> tuple[int, int]:
    row = graph.query(COUNTS)[0]
    return int(row["nodes"]), int(row["relationships"])


def back_up(server: LocalNeo4j, found: str, progress: Progress) -> Path:
    """Archive the (stopped) server's data directory; return the archive's path."""
    if server.status().running:
        raise UpgradeError("the server must be stopped before its data is backed up")
    backups = server.home / "backups"
    backups.mkdir(parents=True, exist_ok=True)
    archive = backups / f"neo4j-{found}-{time.strftime('%Y%m%d-%H%M%S')}.tar.gz"
    progress(f"backing up {server.data_dir} to {archive} ...")
    partial = archive.with_suffix(".partial")
    with tarfile.open(partial, "w:gz") as tar:
        tar.add(server.data_dir, arcname="data")
    partial.rename(archive)
    return archive


def upgrade_local(server: LocalNeo4j, settings_graph: Callable[[], Graph], progress: Progress = log.info
                  ) -> UpgradeReport:
    """Back up, then open the store with the configured (newer) Neo4j and rebuild its vector indexes.

    `settings_graph` connects to the server once it runs (the caller owns the settings).
    """
    found = server.store_version()
    if found is None:
        raise UpgradeError(f"there is no data in {server.data_dir} to upgrade; `qnet db start` creates it")
    if major(found) > major(server.version):
        raise UpgradeError(f"the data was written by Neo4j {found}, newer than the configured {server.version}")
    backup: Path | None = None
    if major(found) < major(server.version):
        progress(ONE_WAY.format(new=server.version, old=found))
        if server.stop():
            progress("stopped the running server")
        backup = back_up(server, found, progress)
        (server.data_dir / STORE_VERSION_FILE).write_text(server.version + "\n")  # the new server may open it
    progress(f"starting Neo4j {server.version} on the data (it upgrades the store's format) ...")
    try:
        server.start()
        graph = settings_graph()
        try:
            before = counts(graph)
            progress(f"{before[0]} nodes and {before[1]} relationships found; migrating and rebuilding indexes ...")
            migrate(graph)
            rebuilt = rebuild_vector_indexes(graph, progress)
            after = counts(graph)
        finally:
            graph.close()
    except ServerError as exc:
        raise UpgradeError(f"{exc}\nthe data as it was is in {backup}" if backup else str(exc)) from exc
    if after != before:
        raise UpgradeError(f"the counts changed during the upgrade ({before} -> {after}); restore {backup}")
    return UpgradeReport(found, server.version, backup, after[0], after[1], rebuilt)


def rebuild_indexes(graph: Graph, progress: Progress = log.info) -> list[str]:
    """For a server qnet does not run, already upgraded by its operator: step 3 only."""
    migrate(graph)
    return rebuild_vector_indexes(graph, progress)
