"""How qnet sends parameters: long lists arrive whole, but never go through the driver's debug repr."""

from __future__ import annotations

import logging

import pytest

from qnet.graph.driver import Graph, quiet


def test_long_list_parameters_arrive_intact(graph: Graph) -> None:
    rows = [{"key": f"k{i}", "vector": [i / 1000.0] * 384} for i in range(200)]
    result = graph.execute("UNWIND $rows AS row RETURN count(*) AS n, sum(row.vector[383]) AS total, "
                           "collect(row.key)[199] AS last", rows=rows)
    assert result == [{"n": 200, "total": pytest.approx(sum(i / 1000.0 for i in range(200))), "last": "k199"}]
    assert graph.query("RETURN size($vector) AS dims", vector=[0.5] * 384) == [{"dims": 384}]


def test_long_lists_print_as_their_length_and_short_values_are_untouched() -> None:
    params = quiet({"rows": list(range(1000)), "pair": ["a", "b"], "name": "x", "vector": tuple([0.1] * 384)})
    assert repr(params["rows"]) == "<list of 1000>" and params["rows"] == list(range(1000))
    assert repr(params["vector"]) == "<list of 384>" and params["vector"] == [0.1] * 384
    assert params["pair"] == ["a", "b"] and repr(params["pair"]) == "['a', 'b']" and params["name"] == "x"


def test_debug_logging_of_a_bulk_statement_names_the_row_count_not_the_rows(
        graph: Graph, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="neo4j"):
        graph.execute("UNWIND $rows AS row RETURN count(*) AS n", rows=[[0.25] * 384 for _ in range(50)])
    runs = [r.getMessage() for r in caplog.records if "C: RUN" in r.getMessage()]
    assert runs and "<list of 50>" in runs[-1] and "0.25" not in runs[-1]
