"""Whole-graph housekeeping for operators and tests."""

from __future__ import annotations

from qnet.graph.driver import Graph


def clear_data(graph: Graph) -> None:
    """Delete every node except the migration records; the schema (constraints, indexes) stays."""
    graph.run_autocommit(
        "MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS"
    )


def count_nodes(graph: Graph) -> dict[str, int]:
    rows = graph.query("MATCH (n) WHERE NOT n:Migration RETURN labels(n)[0] AS label, count(*) AS n")
    return {row["label"]: row["n"] for row in rows}
