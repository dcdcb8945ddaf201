"""The API's shared behaviour: health, the OpenAPI document, and one error shape everywhere."""

from __future__ import annotations

from flask.testing import FlaskClient

from tests.conftest import Session


def test_healthz_reports_neo4j_up(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "neo4j": "up"}


def test_openapi_document_is_built_from_the_schemas(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/members/me" in spec["paths"]
    public = spec["components"]["schemas"]["MemberPublic"]["properties"]
    assert "email" not in public
    assert "enum" in spec["components"]["schemas"]["Profile"]["properties"]["role"]


def test_docs_page_lists_the_endpoints(client: FlaskClient) -> None:
    page = client.get("/api/v1/docs")
    assert page.status_code == 200
    assert "/api/v1/members/me" in page.get_data(as_text=True)


def test_unknown_route_is_a_json_404(client: FlaskClient) -> None:
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.get_json()["error"]["code"] == "not_found"


def test_oversized_body_is_a_413(signed_in: Session) -> None:
    response = signed_in.put("/api/v1/members/me", data=b"x" * (2 * 1024 * 1024), content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"


def test_malformed_json_is_a_400(signed_in: Session) -> None:
    response = signed_in.put("/api/v1/members/me", data=b"{not json", content_type="application/json")
    assert response.status_code == 400
    assert "error" in response.get_json()
