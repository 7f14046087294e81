"""openapi.json is generated from the URL map, so it cannot drift; these tests keep it honest."""

import re

API_RULE = re.compile(r"^/api/v1/")


def test_openapi_lists_every_api_route_and_method(app, client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    documented = {(path, method) for path, ops in spec["paths"].items() for method in ops}
    routed = set()
    for rule in app.url_map.iter_rules():
        if API_RULE.match(rule.rule) and not rule.rule.startswith("/api/v1/_"):
            path = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule[len("/api/v1") :])
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routed.add((path, method.lower()))
    assert routed == documented


def test_every_api_view_carries_a_summary(app):
    missing = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if API_RULE.match(rule.rule)
        and not getattr(app.view_functions[rule.endpoint], "api_doc", {}).get("summary")
    ]
    assert missing == []


def test_spec_has_the_foundation_endpoints_and_error_schema(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    for path in ("/auth/register", "/auth/token", "/me", "/openapi.json"):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/auth/register"]
    assert spec["components"]["schemas"]["Error"]["properties"]["error"]["required"] == [
        "code",
        "message",
    ]
    assert spec["paths"]["/me"]["get"]["security"] == [{"bearer": []}]
