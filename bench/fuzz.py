"""Property-based API testing: schemathesis over every operation of /api/v1/openapi.json.

    QNET_NEO4J_HOME=~/.qnet/neo4j-fuzz QNET_BOLT_PORT=7697 python -m bench.fuzz --examples 45

Runs each operation as a member and as a coordinator (personal API tokens of accounts made as an
operator makes them), with data generated from the document (valid) and against it (invalid), and
counts what must never happen: a 5xx, a status the document does not list for the operation, a
body or content type that does not match the document. The suite runs the same code with a few
examples per operation (tests/hardening/test_api_fuzz.py); this command runs thousands. The graph
it runs against is filled with what the fuzzer writes: use a database of its own.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import schemathesis
from flask import Flask
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.control import SkipTest
from schemathesis.core.failures import Failure, FailureGroup
from schemathesis.generation import GenerationMode

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
PROFILE = {"name": "Fuzz Member", "role": "nurse", "organisation": "Riverside Trust", "region": "London",
           "bio": "I lead falls prevention work on our wards.", "skills": [{"name": "PDSA", "level": 2}],
           "interests": ["falls"]}


@dataclass
class FuzzReport:
    """What the run found: cases sent, statuses seen, and each kind of failure with an example."""

    cases: int = 0
    statuses: Counter[int] = field(default_factory=Counter)
    server_errors: int = 0
    undocumented: int = 0
    failures: dict[str, str] = field(default_factory=dict)  # "METHOD path: failure title" -> an example
    seconds: float = 0.0

    def summary(self) -> dict[str, Any]:
        return {"cases": self.cases, "server_errors": self.server_errors, "undocumented_statuses": self.undocumented,
                "failures": len(self.failures), "statuses": dict(sorted(self.statuses.items())),
                "seconds": round(self.seconds, 1)}


def operator_token(app: Flask, account_role: str) -> str:
    """A member made through the profile service (as `qnet users create` does) and a personal API token."""
    from qnet.matching.membership.accounts import hash_password
    from qnet.matching.people.profiles import ProfileInput

    services = app.extensions["qnet"]
    member = services.profiles.register(f"fuzz-{account_role}-{uuid.uuid4().hex[:8]}@example.org",
                                        ProfileInput.from_dict({**PROFILE, "name": f"Fuzz {account_role.title()}"}),
                                        password_hash=hash_password("fuzz-password-" + uuid.uuid4().hex),
                                        account_role=account_role)
    _, secret = services.accounts.create_token(member.id, "fuzz")
    return str(secret)


def fuzz(app: Flask, examples: int, roles: tuple[str, ...] = ("member", "coordinator"),
         modes: tuple[GenerationMode, ...] = (GenerationMode.POSITIVE, GenerationMode.NEGATIVE),
         progress: bool = False, report: FuzzReport | None = None) -> FuzzReport:
    """Send `examples` generated cases per operation, role and mode; collect what the checks find
    (into `report`, when given, so that a run stopped early still has what it found)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    report = report if report is not None else FuzzReport()
    started = time.monotonic()
    for role in roles:
        headers = {"Authorization": f"Bearer {operator_token(app, role)}"}
        for number, operation in enumerate(operations, start=1):
            for mode in modes:
                # One mode at a time, so that an operation with nothing to break in its input (a path id
                # that any string fits) is skipped at once in negative mode, not after ~460 discarded draws.
                schema.config.generation.update(modes=[mode])
                _fuzz_operation(operation, mode, headers, examples, report)
            if progress:
                print(f"{role}: {number}/{len(operations)} operations, {report.cases} cases, "
                      f"{report.server_errors} 5xx, {report.undocumented} undocumented", file=sys.stderr, flush=True)
    report.seconds = time.monotonic() - started
    return report


def _fuzz_operation(operation: Any, mode: GenerationMode, headers: dict[str, str], examples: int,
                    report: FuzzReport) -> None:
    label = f"{operation.method.upper()} {operation.path}"

    @settings(max_examples=examples, deadline=None, database=None, derandomize=True, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(case=operation.as_strategy(generation_mode=mode))
    def one(case: Any) -> None:
        response = case.call(headers=headers)
        report.cases += 1
        report.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Failure as failure:
            _record(report, label, failure, case)
        except FailureGroup as group:  # several failures of one case
            for failure in group.exceptions:
                _record(report, label, failure, case)

    try:
        one()
    except (Unsatisfiable, SkipTest):  # invalid data for an operation that takes none: nothing to send
        pass


def _record(report: FuzzReport, label: str, failure: BaseException, case: Any) -> None:
    title = getattr(failure, "title", type(failure).__name__)
    if title == "Server error" or "ServerError" in type(failure).__name__:
        report.server_errors += 1
    if "Undocumented HTTP status code" in title or "UndefinedStatusCode" in type(failure).__name__:
        report.undocumented += 1
    key = f"{label}: {title}"
    if key not in report.failures:
        report.failures[key] = f"{getattr(failure, 'message', failure)!s}"[:400] + f" | curl: {case.as_curl_command()}"[:600]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=45,
                        help="cases per operation, role and mode (45: about 20,000 cases over 119 operations)")
    parser.add_argument("--out", default="bench/results/fuzz.json")
    args = parser.parse_args()
    from qnet.web import create_app

    app = create_app(test_config={"TESTING": True})
    report = FuzzReport()
    signal.signal(signal.SIGTERM, _stop)
    started = time.monotonic()
    try:
        fuzz(app, args.examples, progress=True, report=report)
    except KeyboardInterrupt:
        print("stopped early: the counts below are of the cases sent so far", file=sys.stderr)
    report.seconds = time.monotonic() - started
    result = {**report.summary(), "failure_examples": report.failures}
    with open(args.out, "w", encoding="utf-8") as handle:
        json.dump(result, handle, indent=1)
    print(json.dumps(report.summary(), indent=1))
    for key, example in sorted(report.failures.items()):
        print(f"- {key}\n    {example}")
    sys.exit(1 if report.failures else 0)


def _stop(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt

if __name__ == "__main__":
    main()
