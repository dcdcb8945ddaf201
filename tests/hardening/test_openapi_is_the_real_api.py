"""The documented API is the real one: the error body, 405's Allow, CSV content types, statuses per operation."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from tests.conftest import Session


def spec_of(client: FlaskClient) -> dict[str, Any]:
    return client.get("/api/v1/openapi.json").get_json()  # type: ignore[no-any-return]


def test_the_documented_error_body_is_the_one_every_error_has(client: FlaskClient, member: Session) -> None:
    spec = spec_of(client)
    schemas = spec["components"]["schemas"]
    assert schemas["Error"]["properties"] == {"error": {"$ref": "#/components/schemas/ErrorDetail"}}
    assert set(schemas["ErrorDetail"]["properties"]) == {"code", "message", "fields"}
    real = member.put("/api/v1/members/me", json={"name": ""}).get_json()
    assert set(real) == {"error"} and set(real["error"]) == {"code", "message", "fields"}
    for path_item in spec["paths"].values():
        for operation in (op for op in path_item.values() if isinstance(op, dict)):
            assert "default" not in operation["responses"]  # every status is listed, none is a catch-all


def test_operations_list_the_errors_they_can_answer(client: FlaskClient) -> None:
    paths = spec_of(client)["paths"]
    member = paths["/api/v1/members/{member_id}"]["get"]["responses"]
    assert {"200", "401", "404", "414", "503"} <= set(member)
    apply = paths["/api/v1/applications"]["post"]["responses"]
    assert {"400", "409", "413", "429", "503"} <= set(apply) and "401" not in apply
    delete_account = paths["/api/v1/members/me"]["delete"]["responses"]
    assert {"401", "429"} <= set(delete_account)  # wrong passwords count towards the sign-in throttle
    assert "429" not in paths["/api/v1/members/me"]["put"]["responses"]


def test_a_wrong_method_is_a_json_405_with_allow(member: Session) -> None:
    response = member.client.patch("/api/v1/members/me")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"
    assert {"GET", "PUT"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_csv_exports_declare_text_csv(client: FlaskClient) -> None:
    paths = spec_of(client)["paths"]
    for path in ("/api/v1/coordinator/clusters/export.csv", "/api/v1/coordinator/pairing-rounds/{round_id}/export.csv"):
        assert list(paths[path]["get"]["responses"]["200"]["content"]) == ["text/csv"]


def test_a_throttled_password_check_answers_a_documented_429(member: Session, client: FlaskClient) -> None:
    paths = spec_of(client)["paths"]
    wrong = {"current_password": "not-my-password", "new_password": "a-new-password-2026"}
    answers = [member.post("/api/v1/auth/password", json=wrong).status_code for _ in range(6)]
    assert answers[-1] == 429 and "429" in paths["/api/v1/auth/password"]["post"]["responses"]
    # Messages past the hourly limit are 429 too (tests/messages), and the document says so.
    assert "429" in paths["/api/v1/members/me/conversations/{member_id}/messages"]["post"]["responses"]
