"""Counters of recent attempts per key (e.g. a client address), kept in the graph so that every app
process behind the load balancer sees the same counts.

(:Throttle {key, hits: [datetime], last_at})
"""

from __future__ import annotations

from typing import LiteralString

from neo4j import ManagedTransaction

from qnet.graph.driver import Graph

# One statement: MERGE takes the node's lock, so concurrent hits on one key are counted exactly.
HIT: LiteralString = """
MERGE (t:Throttle {key: $key})
WITH t, [at IN coalesce(t.hits, []) WHERE at > datetime() - duration({seconds: $window})] AS recent
SET t.hits = recent + [datetime()], t.last_at = datetime()
RETURN size(recent) + 1 AS n
"""

FORGET_STALE: LiteralString = """
MATCH (t:Throttle) WHERE t.last_at < datetime() - duration({seconds: $window})
DELETE t
"""


class ThrottleRepository:
    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def hit(self, key: str, window_s: int) -> int:
        """Record one attempt under `key`; return the attempts within the window, this one included."""

        def work(tx: ManagedTransaction) -> int:
            record = tx.run(HIT, key=key, window=window_s).single()
            return int(record["n"]) if record else 1

        return self.graph.write(work)

    def forget_stale(self, window_s: int) -> None:
        """Drop counters with no attempt inside the window (they would all be empty anyway)."""
        self.graph.execute(FORGET_STALE, window=window_s)
