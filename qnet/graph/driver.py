"""One Neo4j driver per process, and the two ways qnet talks through it: read and write units of work.

Reads are sent with READ access so that a cluster (NEO4J_URI=neo4j://...) serves them from its
secondaries. Both run as managed transactions, retried on transient errors (deadlocks, a leader
switch) for up to `retry_time_s`. A lost server surfaces as qnet.core.errors.Unavailable, which the web
layer answers with 503, fast: the driver retries an unreachable server for only FAST_RETRY_S, and
then every call fails at once for UNREACHABLE_WINDOW_S before one tries again. Before, each request
waited 6-7 s for its 503, so eight of them held every worker thread; now it takes under a second,
and qnet recovers by itself when the server answers again.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any, LiteralString, TypeVar

from neo4j import Driver, GraphDatabase, ManagedTransaction, Query, Result
from neo4j.exceptions import (
    AuthError,
    ConstraintError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from qnet.config import Settings
from qnet.core.errors import Conflict, NotFound, Unavailable

log = logging.getLogger(__name__)

T = TypeVar("T")
Work = Callable[..., T]  # a unit of work: (tx, **kwargs) -> T

# The driver formats every RUN for its debug log before it checks the log level
# (`" ".join(map(repr, fields))` in neo4j/_sync/io/_bolt/_bolt5.py), so a parameter is repr()'d
# whole on every query. For a bulk UNWIND of 1,000 members with 384-float vectors that repr took
# six times longer than sending the rows (bench: 3,073 -> 24,470 rows/s). Long lists therefore
# travel as _QuietList, which packs as the same list but prints as its length.
_QUIET_FROM = 16

FAST_RETRY_S = 0.3  # how long the driver retries a server it cannot reach before qnet answers 503
UNREACHABLE_WINDOW_S = 1.0  # after that, calls fail at once for this long; then one tries again
CONNECT_TIMEOUT_S = 1.0  # a TCP connection to Neo4j (a black-holed host must not hold a worker)


class _QuietList(list):  # type: ignore[type-arg]
    def __repr__(self) -> str:
        return f"<list of {len(self)}>"


def quiet(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters with every long list wrapped as a _QuietList (same values, cheap repr)."""
    return {name: _QuietList(value) if isinstance(value, list | tuple) and len(value) >= _QUIET_FROM else value
            for name, value in (params or {}).items()}


class _QuietTransaction:
    """A ManagedTransaction whose run() sends long list parameters as _QuietList."""

    def __init__(self, tx: ManagedTransaction) -> None:
        self._tx = tx

    def run(self, query: Any, parameters: Mapping[str, Any] | None = None, **kwparameters: Any) -> Result:
        return self._tx.run(query, quiet({**(parameters or {}), **kwparameters}))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._tx, name)


def _quietly(tx: ManagedTransaction, work: Work[T], **kwargs: Any) -> T:
    return work(_QuietTransaction(tx), **kwargs)


class Graph:
    """Owns the driver; repositories receive a Graph and run their units of work through it."""

    def __init__(self, driver: Driver, database: str, retry_time_s: float = 5.0) -> None:
        self.driver = driver
        self.database = database
        self.retry_time_s = retry_time_s
        self._unreachable_until = 0.0
        self._lock = threading.Lock()

    @classmethod
    def connect(cls, settings: Settings, *, retry_time_s: float = 5.0) -> Graph:
        """Create the driver (no I/O happens until the first query)."""
        driver = GraphDatabase.driver(
            settings.bolt_uri,
            auth=(settings.neo4j_user, settings.neo4j_password),
            connection_timeout=CONNECT_TIMEOUT_S,
            connection_acquisition_timeout=10.0,
            max_transaction_retry_time=FAST_RETRY_S,
            initial_retry_delay=0.1,
            max_connection_pool_size=50,
            liveness_check_timeout=30.0,
            notifications_min_severity="OFF",
        )
        return cls(driver, settings.neo4j_database, retry_time_s)

    def close(self) -> None:
        self.driver.close()

    def read(self, work: Work[T], **kwargs: Any) -> T:
        """Run a read unit of work (routed to readers in a cluster)."""
        return self._run("execute_read", work, kwargs)

    def write(self, work: Work[T], **kwargs: Any) -> T:
        """Run a write unit of work in one transaction: all of it happens, or none."""
        return self._run("execute_write", work, kwargs)

    def query(self, cypher: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """A single read query whose rows are returned as dicts (for small lookups)."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher, params)]

        return self.read(work)

    def query_one(self, cypher: LiteralString, missing: str, **params: Any) -> dict[str, Any]:
        """The first row of a lookup (a node by its id); NotFound(missing) when there is none."""
        rows = self.query(cypher, **params)
        if not rows:
            raise NotFound(missing)
        return rows[0]

    def execute(self, cypher: LiteralString, **params: Any) -> list[dict[str, Any]]:
        """A single write statement in its own transaction."""

        def work(tx: ManagedTransaction) -> list[dict[str, Any]]:
            return [record.data() for record in tx.run(cypher, params)]

        return self.write(work)

    def run_autocommit(self, cypher: LiteralString, **params: Any) -> None:
        """Schema commands and CALL {...} IN TRANSACTIONS need an auto-commit transaction."""
        self._fail_fast_while_unreachable()
        try:
            with self.driver.session(database=self.database) as session:
                session.run(Query(cypher), quiet(params)).consume()
        except (ServiceUnavailable, SessionExpired) as exc:
            self._mark_unreachable()
            raise Unavailable("the graph database is unavailable") from exc

    def is_up(self) -> bool:
        try:
            self.driver.verify_connectivity()
            return True
        except (DriverError, OSError, AuthError):
            return False

    def _run(self, method: str, work: Work[T], kwargs: dict[str, Any]) -> T:
        self._fail_fast_while_unreachable()
        deadline = time.monotonic() + self.retry_time_s
        delay = 0.05
        while True:
            try:
                with self.driver.session(database=self.database) as session:
                    return getattr(session, method)(_quietly, work, **kwargs)  # type: ignore[no-any-return]
            except ConstraintError as exc:
                raise Conflict("that conflicts with something that already exists") from exc
            except (ServiceUnavailable, SessionExpired) as exc:
                log.warning("graph unavailable: %s", exc)
                self._mark_unreachable()
                raise Unavailable("the graph database is unavailable; try again shortly") from exc
            except AuthError as exc:
                log.error("graph refused our credentials: %s", exc)
                raise Unavailable("the graph database refused qnet's credentials") from exc
            except (Neo4jError, DriverError) as exc:
                # Transient (a deadlock between concurrent writes): the driver's own retries are kept
                # short for the sake of fast 503s, so keep retrying here for the full retry time.
                if not exc.is_retryable() or time.monotonic() + delay > deadline:
                    raise
                time.sleep(delay * (0.8 + 0.4 * random.random()))
                delay = min(delay * 2, 1.0)

    def _mark_unreachable(self) -> None:
        with self._lock:
            self._unreachable_until = time.monotonic() + UNREACHABLE_WINDOW_S

    def _fail_fast_while_unreachable(self) -> None:
        """Answer at once while the server was found unreachable a moment ago (one call probes after)."""
        with self._lock:
            if time.monotonic() < self._unreachable_until:
                raise Unavailable("the graph database is unavailable; try again shortly")
