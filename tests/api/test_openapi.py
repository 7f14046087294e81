"""The OpenAPI document: valid, complete, typed, and built from the services' own limits."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from marketplace.domain.money import minor_ceiling
from marketplace.domain.taxonomy import CATEGORIES, COLLAB_TYPES, PLATFORMS
from marketplace.services.briefs import lifecycle
from marketplace.services.catalogue import kol_profiles, listing_rules
from marketplace.services.discovery.search_filters import SORTS
from marketplace.services.paging import MAX_PER_PAGE
from tests.api.contract import operation

ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.is_json
    return response.get_json()


def _schema(spec, name):
    return spec["components"]["schemas"][name]


def _concrete(path: str) -> str:
    """A URL for a documented path, with 7 for every path parameter."""
    return "/api/v1" + re.sub(r"\{[a-z_]+\}", "7", path)


def test_document_is_valid_openapi(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.1")


def test_every_api_route_and_method_is_an_operation_and_nothing_else(app, spec):
    """Each documented operation routes to a view, and there are as many as routes."""
    urls = app.url_map.bind("localhost")
    documented = set()
    for path, methods in spec["paths"].items():
        for method in methods:
            endpoint, _args = urls.match(_concrete(path), method=method.upper())
            documented.add((endpoint, method))
    routed = {
        (rule.endpoint, method.lower())
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1/")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    assert documented == routed
    assert len(routed) >= 40


def test_every_operation_documents_success_and_its_error_statuses(spec):
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            statuses = {int(s) for s in op["responses"]}
            assert any(200 <= s < 300 for s in statuses), (method, path)
            errors = {s: op["responses"][str(s)] for s in statuses if s >= 400}
            assert 429 in errors, (method, path)
            for answer in errors.values():
                assert answer["content"]["application/json"]["schema"] == ERROR_REF
            if path.startswith("/admin"):  # the admin guard: 404 to all but admins
                assert 404 in errors and not {401, 403} & set(errors), (method, path)
            elif "security" in op:
                assert 401 in errors, (method, path)
            if "{" in path:
                assert 404 in errors, (method, path)
            if "requestBody" in op or any(p["in"] == "query" for p in op.get("parameters", [])):
                assert 400 in errors, (method, path)
            if "requestBody" in op:
                assert 413 in errors, (method, path)


def test_success_bodies_have_schemas(spec):
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            for status, answer in op["responses"].items():
                if status == "204":
                    assert "content" not in answer
                else:
                    assert answer["content"]["application/json"]["schema"]["$ref"], (path, method)


def test_error_format_is_documented(spec):
    error = _schema(spec, "Error")
    assert error["required"] == ["error"]
    detail = _schema(spec, "ErrorDetail")
    assert set(detail["required"]) == {"code", "message", "request_id"}
    assert detail["properties"]["fields"]["additionalProperties"]["items"] == {"type": "string"}


def test_path_ids_are_32_bit_integers(spec):
    param = operation(spec, "get", "/kols/{kol_id}")["parameters"][0]
    assert param == {
        "name": "kol_id",
        "in": "path",
        "required": True,
        "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
    }


def test_query_parameters_are_typed(spec):
    params = {p["name"]: p for p in operation(spec, "get", "/listings")["parameters"]}
    assert params["per_page"]["schema"]["type"] == "integer"
    assert params["per_page"]["schema"]["maximum"] == MAX_PER_PAGE
    assert params["min_followers"]["schema"]["type"] == "integer"
    assert params["min_engagement"]["schema"]["type"] == "number"
    assert params["verified"]["schema"]["type"] == "boolean"
    assert params["sort"]["schema"]["enum"] == list(SORTS)
    assert params["platform"]["schema"]["enum"] == list(PLATFORMS)
    assert not any(p["required"] for p in params.values())
    k = operation(spec, "get", "/briefs/{brief_id}/matches")["parameters"][1]
    assert (k["name"], k["schema"]["type"], k["schema"]["maximum"]) == ("k", "integer", 100)


def test_request_limits_come_from_the_services(spec):
    listing = _schema(spec, "ListingIn")
    assert set(listing["required"]) == {"platform", "collab_type", "title", "currency"}
    rate = listing["properties"]["rate"]["anyOf"][0]
    assert rate["maximum"] == minor_ceiling(listing_rules.MAX_LISTING_RATE)
    assert listing["properties"]["title"]["maxLength"] == listing_rules.TITLE_MAX
    assert listing["properties"]["collab_type"]["enum"] == list(COLLAB_TYPES)
    profile = _schema(spec, "KolProfileIn")
    categories = profile["properties"]["categories"]
    assert categories["maxItems"] == kol_profiles.MAX_CATEGORIES
    assert categories["items"]["enum"] == list(CATEGORIES)
    brief = _schema(spec, "BriefIn")
    assert brief["properties"]["budget"]["maximum"] == minor_ceiling(lifecycle.MAX_BUDGET)
    assert brief["properties"]["deadline"]["anyOf"][0]["format"] == "date"


def test_responses_declare_every_key(spec):
    listing = _schema(spec, "ListingOut")
    assert listing["additionalProperties"] is False
    assert {"id", "rate", "currency", "status", "created_at"} <= set(listing["required"])
    assert listing["properties"]["created_at"]["format"] == "date-time"


def test_document_is_public_and_bearer_auth_is_declared(client, spec):
    assert "security" not in operation(spec, "get", "/openapi.json")
    assert operation(spec, "get", "/me")["security"] == [{"bearer": []}]
    assert spec["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert client.get("/api/v1/openapi.json").headers["Content-Type"] == "application/json"
