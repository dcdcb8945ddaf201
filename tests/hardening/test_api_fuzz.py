"""Property-based API test: schemathesis over every operation of the OpenAPI document, as a member and as a
coordinator, valid and invalid data, a few examples each (`python -m bench.fuzz` runs thousands).

Nothing may answer 5xx; every status, content type and body must be one the document declares.
"""

from __future__ import annotations

import os

from flask import Flask

from bench.fuzz import fuzz

EXAMPLES = int(os.environ.get("QNET_FUZZ_EXAMPLES", "1"))


def test_every_operation_answers_as_documented_and_never_5xx(app: Flask) -> None:
    report = fuzz(app, EXAMPLES)
    assert report.cases > 0
    assert report.failures == {}, "\n".join(f"{k}\n    {v}" for k, v in sorted(report.failures.items()))
    assert report.server_errors == 0 and report.undocumented == 0
