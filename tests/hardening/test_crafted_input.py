"""Crafted input is a JSON 4xx, never a 500: deep nesting, lone surrogates, huge numbers, forged cursors, long URLs."""

from __future__ import annotations

import base64
import json
import socket
from typing import Any

import pytest

from qnet.web import gunicorn_config
from tests.conftest import Session, profile


def forged(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode("utf-8", "surrogatepass")).decode().rstrip("=")


FORGED_CURSORS = {
    "a huge integer": forged("[" + "9" * 40 + ', "x"]'),
    "an integer past 64 bits": forged('[18446744073709551616, "x"]'),
    "hundreds of digits": forged("[" + "9" * 330 + ', "x"]'),
    "a lone surrogate": forged('["\\ud800", "\\udfff"]'),
    "a raw lone surrogate": forged('["\ud800", "x"]'),
    "NaN": forged('[NaN, "x"]'),
    "Infinity": forged('[1e999, "x"]'),
    "the wrong shape": forged('{"o": 1}'),
    "too many parts": forged('[1, "x", 3]'),
    "booleans": forged("[true, false]"),
    "deep nesting": forged("[" * 300 + "]" * 300),
    "not base64": "%%%$$$",
    "not JSON": forged("hello"),
}
LISTINGS = ["/api/v1/members", "/api/v1/ideas", "/api/v1/projects", "/api/v1/groups",
            "/api/v1/search/people?q=sepsis"]


def refused_cursor(response: Any) -> None:
    assert response.status_code == 400, (response.status_code, response.get_data(as_text=True)[:300])
    body = response.get_json()["error"]
    assert body["code"] == "invalid" and "cursor" in body["fields"], body


@pytest.mark.parametrize("kind", sorted(FORGED_CURSORS))
def test_every_listing_refuses_a_forged_cursor(member: Session, coordinator: Session, kind: str) -> None:
    cursor = FORGED_CURSORS[kind]
    for listing in LISTINGS:
        separator = "&" if "?" in listing else "?"
        refused_cursor(member.get(f"{listing}{separator}cursor={cursor}"))
    refused_cursor(coordinator.get(f"/api/v1/applications?cursor={cursor}"))


def test_a_cursor_from_the_listing_still_pages(member: Session, coordinator: Session, services: Any) -> None:
    from tests.conftest import make_member

    for n in range(3):
        make_member(services, name=f"Member {n}")
    first = member.get("/api/v1/members?limit=2").get_json()
    assert first["next_cursor"]
    second = member.get(f"/api/v1/members?limit=2&cursor={first['next_cursor']}").get_json()
    assert {m["id"] for m in first["members"]}.isdisjoint({m["id"] for m in second["members"]})


@pytest.mark.parametrize("body", [
    "[" * 2000 + "]" * 2000,
    '{"name": ' + '{"a": ' * 600 + "1" + "}" * 600 + "}",
    '{"name": "Amira \\ud800 Hassan"}',
    '{"name": "Amira", "skills": [{"name": "SPC", "level": 99999999999999999999999}]}',
    '{"name": "Amira", "skills": [{"name": "SPC", "level": NaN}]}',
])
def test_a_crafted_body_is_a_json_400(member: Session, body: str) -> None:
    response = member.put("/api/v1/members/me", data=body, content_type="application/json")
    assert response.status_code == 400, response.get_data(as_text=True)[:300]
    error = response.get_json()["error"]
    assert error["code"] == "invalid" and "json" in error["fields"], error


def test_a_profile_still_saves_with_characters_beyond_the_basic_plane(member: Session) -> None:
    response = member.put("/api/v1/members/me", data=json.dumps(profile(bio="Patient partner \U0001f600 ok")),
                          content_type="application/json")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["bio"] == "Patient partner \U0001f600 ok"


def test_a_url_over_4_kb_is_a_json_414(member: Session) -> None:
    response = member.get("/api/v1/members?skill=" + "a" * 5000)
    assert response.status_code == 414
    assert response.get_json()["error"]["code"] == "uri_too_long"
    assert member.get("/api/v1/members?skill=" + "a" * 81).status_code == 400  # under the limit: the schema speaks


def test_gunicorn_reads_lines_past_4_kb_and_writes_its_own_refusals_as_json() -> None:
    assert gunicorn_config.limit_request_line == 8190
    ours, theirs = socket.socketpair()
    with ours, theirs:
        gunicorn_config.write_json_error(ours, 400, "Bad Request", "Request Line is too large (9000 > 8190)")
        ours.shutdown(socket.SHUT_WR)
        raw = b""
        while chunk := theirs.recv(4096):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 414 URI Too Long")
    assert b"Content-Type: application/json" in head
    assert json.loads(body)["error"]["code"] == "uri_too_long"
