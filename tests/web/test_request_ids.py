"""Every response carries a request id, which error pages and API errors show to the user."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from marketplace.observability.request_tracking import HEADER

GENERATED = re.compile(r"[0-9a-f]{32}")


@pytest.fixture
def failing_app(app_with) -> Flask:
    """An app with a page and an API route that fail with an unexpected error."""
    other = app_with()

    def explode():
        raise RuntimeError("boom for the request id test")

    other.add_url_rule("/exploding-page", "exploding_page", explode)
    other.add_url_rule("/api/v1/exploding", "exploding_api", explode)
    return other


def test_every_response_gets_a_fresh_id(client):
    first = client.get("/healthz").headers[HEADER]
    second = client.get("/").headers[HEADER]
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second)
    assert first != second


def test_a_sane_incoming_id_is_kept(client):
    incoming = "lb-7f3a9c2e-1d4b-4c8e-9a6f-0b5d3e2c1a90"
    assert client.get("/", headers={HEADER: incoming}).headers[HEADER] == incoming


@pytest.mark.parametrize(
    "incoming",
    [
        "short",
        "x" * 65,
        "has space in it",
        "semi;colon-1234",
        "<script>alert(1)</script>",
        "é" * 10,
    ],
)
def test_an_insane_incoming_id_is_replaced(client, incoming):
    answered = client.get("/", headers={HEADER: incoming}).headers[HEADER]
    assert GENERATED.fullmatch(answered)


def test_the_not_found_page_shows_the_reference(client):
    response = client.get("/no-such-page", headers={HEADER: "support-case-0001"})
    assert response.status_code == 404
    assert "Reference: support-case-0001" in response.get_data(as_text=True)


def test_the_server_error_page_shows_the_reference(failing_app):
    response = failing_app.test_client().get("/exploding-page")
    assert response.status_code == 500
    request_id = response.headers[HEADER]
    assert f"Reference: {request_id}" in response.get_data(as_text=True)


def test_api_errors_carry_the_request_id(client, failing_app):
    anonymous = client.get("/api/v1/me", headers={HEADER: "integrator-req-42"})
    assert anonymous.status_code == 401
    assert anonymous.get_json()["error"] == {
        "code": "unauthorized",
        "message": anonymous.get_json()["error"]["message"],
        "request_id": "integrator-req-42",
    }
    missing = client.get("/api/v1/no-such-resource")
    assert missing.status_code == 404
    assert missing.get_json()["error"]["request_id"] == missing.headers[HEADER]
    crashed = failing_app.test_client().get("/api/v1/exploding")
    assert crashed.status_code == 500
    assert crashed.get_json()["error"]["code"] == "internal_error"
    assert crashed.get_json()["error"]["request_id"] == crashed.headers[HEADER]


def test_validation_errors_keep_their_fields_beside_the_request_id(client, auth_headers, kol):
    response = client.post("/api/v1/listings", json={}, headers=auth_headers(kol))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and error["fields"]
    assert error["request_id"] == response.headers[HEADER]
