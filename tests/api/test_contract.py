"""The documented schemas agree with the services: what one rejects the other rejects, and
real answers match what is documented for them."""

from __future__ import annotations

import pytest

from marketplace.domain.money import minor_ceiling
from marketplace.domain.taxonomy import CATEGORIES
from marketplace.services.briefs import lifecycle
from marketplace.services.catalogue import kol_profiles, listing_rules
from marketplace.services.discovery import shortlists
from tests.api.contract import query_errors, request_errors, response_errors
from tests.factories import kols as kol_data
from tests.factories.brands import brief_payload, make_brief
from tests.factories.catalogue import make_kol_with_listing


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").get_json()


@pytest.fixture
def kol_headers(kol, auth_headers):
    return auth_headers(kol)


@pytest.fixture
def brand_headers(brand, auth_headers):
    return auth_headers(brand)


def _rejected_by_service(response, field: str) -> bool:
    body = response.get_json()
    return response.status_code == 400 and field in body["error"].get("fields", {})


REGISTER = {"email": "new@example.com", "password": "long-enough-1", "role": "kol", "name": "N"}
REGISTER_CASES = [
    ("role", {**REGISTER, "role": "admin"}),
    ("password", {**REGISTER, "password": "short"}),
    ("name", {**REGISTER, "name": "n" * 81}),
    ("email", {**{k: v for k, v in REGISTER.items() if k != "email"}}),
]


@pytest.mark.parametrize(("field", "body"), REGISTER_CASES)
def test_register_schema_rejects_what_the_service_rejects(client, spec, field, body):
    response = client.post("/api/v1/auth/register", json=body)
    assert _rejected_by_service(response, field), response.get_json()
    assert field in request_errors(spec, "post", "/auth/register", body)


def test_valid_register_body_passes_both(client, spec):
    assert request_errors(spec, "post", "/auth/register", REGISTER) == set()
    assert client.post("/api/v1/auth/register", json=REGISTER).status_code == 201


PROFILE_CASES = [
    ("categories", {"categories": list(CATEGORIES[: kol_profiles.MAX_CATEGORIES + 1])}),
    ("categories", {"categories": ["knitting"]}),
    ("tags", {"tags": ["t" * (kol_profiles.TAG_MAX + 1)]}),
    ("display_name", {"display_name": "d" * (kol_profiles.DISPLAY_NAME_MAX + 1)}),
    ("platforms", {"platforms": [kol_data.platform_row(followers=-1)]}),
    ("platforms", {"platforms": [kol_data.platform_row(engagement_rate=1.5)]}),
    ("audience", {"audience": {"age": {"12-99": 1.0}}}),
]


@pytest.mark.parametrize(("field", "override"), PROFILE_CASES)
def test_kol_profile_schema_rejects_what_the_service_rejects(
    client, spec, kol_headers, field, override
):
    body = kol_data.profile_payload(**override)
    response = client.put("/api/v1/kol/profile", json=body, headers=kol_headers)
    fields = response.get_json()["error"]["fields"]
    assert response.status_code == 400 and any(f.startswith(field) for f in fields), fields
    assert field in request_errors(spec, "put", "/kol/profile", body)


def test_valid_profile_and_listing_pass_both(client, spec, kol_headers):
    profile = kol_data.profile_payload()
    assert request_errors(spec, "put", "/kol/profile", profile) == set()
    assert client.put("/api/v1/kol/profile", json=profile, headers=kol_headers).status_code == 200
    listing = kol_data.listing_payload()
    assert request_errors(spec, "post", "/listings", listing) == set()
    assert client.post("/api/v1/listings", json=listing, headers=kol_headers).status_code == 201


LISTING_CASES = [
    ("rate", {"rate": minor_ceiling(listing_rules.MAX_LISTING_RATE) + 1}),
    ("rate", {"rate": -1}),
    ("currency", {"currency": "eur"}),
    ("collab_type", {"collab_type": "podcast"}),
    ("turnaround_days", {"turnaround_days": listing_rules.TURNAROUND_DAYS[1] + 1}),
    ("revisions", {"revisions": listing_rules.REVISIONS[1] + 1}),
    ("title", {"title": "t" * (listing_rules.TITLE_MAX + 1)}),
    ("commission_bps", {"collab_type": "affiliate", "rate": 0, "commission_bps": 0}),
]


@pytest.mark.parametrize(("field", "override"), LISTING_CASES)
def test_listing_schema_rejects_what_the_service_rejects(
    client, spec, kol_headers, field, override
):
    client.put("/api/v1/kol/profile", json=kol_data.profile_payload(), headers=kol_headers)
    body = kol_data.listing_payload(**override)
    response = client.post("/api/v1/listings", json=body, headers=kol_headers)
    assert _rejected_by_service(response, field), response.get_json()
    assert field in request_errors(spec, "post", "/listings", body)


BRIEF_CASES = [
    ("budget", {"budget": 0}),
    ("budget", {"budget": minor_ceiling(lifecycle.MAX_BUDGET) + 1}),
    ("platforms", {"platforms": []}),
    ("category", {"category": "knitting"}),
    ("status", {"status": "closed"}),
    ("target_audience", {"target_audience": {"gender": {"female": 2}}}),
]


@pytest.mark.parametrize(("field", "override"), BRIEF_CASES)
def test_brief_schema_rejects_what_the_service_rejects(
    client, spec, brand_headers, field, override
):
    body = brief_payload(**override)
    response = client.post("/api/v1/briefs", json=body, headers=brand_headers)
    fields = response.get_json()["error"]["fields"]
    assert response.status_code == 400 and any(f.startswith(field) for f in fields), fields
    assert field in request_errors(spec, "post", "/briefs", body)


def test_valid_brief_passes_both(client, spec, brand_headers):
    assert request_errors(spec, "post", "/briefs", brief_payload()) == set()
    response = client.post("/api/v1/briefs", json=brief_payload(), headers=brand_headers)
    assert response.status_code == 201


def test_shortlist_name_and_suspension_reason(client, spec, brand_headers, admin, auth_headers):
    body = {"name": "n" * (shortlists.MAX_NAME + 1)}
    response = client.post("/api/v1/shortlists", json=body, headers=brand_headers)
    assert _rejected_by_service(response, "name")
    assert "name" in request_errors(spec, "post", "/shortlists", body)
    path = "/admin/users/{user_id}/suspend"
    kol, _listing = make_kol_with_listing()
    response = client.post(
        f"/api/v1/admin/users/{kol.id}/suspend", json={}, headers=auth_headers(admin)
    )
    assert _rejected_by_service(response, "reason")
    assert "reason" in request_errors(spec, "post", path, {})


@pytest.mark.parametrize(
    ("name", "raw", "typed"),
    [("per_page", "101", 101), ("page", "0", 0), ("sort", "cheapest", "cheapest")],
)
def test_listing_query_schema_rejects_what_the_service_rejects(
    client, spec, kol_headers, name, raw, typed
):
    response = client.get(f"/api/v1/listings?{name}={raw}", headers=kol_headers)
    assert _rejected_by_service(response, name)
    assert query_errors(spec, "get", "/listings", {name: typed}) == {name}


def test_real_answers_match_their_documented_schemas(client, spec, brand, auth_headers):
    kol, listing = make_kol_with_listing()
    kol_headers, brand_headers = auth_headers(kol), auth_headers(brand)
    brief = make_brief(brand)
    calls = [
        ("get", "/me", "/api/v1/me", kol_headers, None, 200),
        ("get", "/me", "/api/v1/me", brand_headers, None, 200),
        ("get", "/kol/profile", "/api/v1/kol/profile", kol_headers, None, 200),
        ("get", "/kols/{kol_id}", f"/api/v1/kols/{kol.id}", brand_headers, None, 200),
        ("get", "/listings", "/api/v1/listings?q=sunscreen", brand_headers, None, 200),
        ("get", "/briefs/{brief_id}", f"/api/v1/briefs/{brief.id}", kol_headers, None, 200),
        ("get", "/briefs", "/api/v1/briefs", brand_headers, None, 200),
        ("get", "/briefs/{brief_id}/matches", f"/api/v1/briefs/{brief.id}/matches",
         brand_headers, None, 200),
        ("post", "/briefs/{brief_id}/applications", f"/api/v1/briefs/{brief.id}/applications",
         kol_headers, {"price": 1000, "pitch": "Hi", "listing_id": listing.id}, 201),
        ("get", "/kol/applications", "/api/v1/kol/applications", kol_headers, None, 200),
        ("get", "/briefs/{brief_id}/applications", f"/api/v1/briefs/{brief.id}/applications",
         brand_headers, None, 200),
        ("post", "/shortlists", "/api/v1/shortlists", brand_headers, {"name": "Launch"}, 201),
        ("get", "/kols/{kol_id}", "/api/v1/kols/2147483647", brand_headers, None, 404),
        ("get", "/me", "/api/v1/me", {}, None, 401),
        ("post", "/listings", "/api/v1/listings", kol_headers, {"rate": "lots"}, 400),
    ]  # fmt: skip
    for method, path, url, headers, body, status in calls:
        response = client.open(url, method=method.upper(), headers=headers, json=body)
        assert response.status_code == status, (url, response.get_json())
        assert response_errors(spec, method, path, status, response.get_json()) == [], url


def test_a_drifted_answer_would_be_caught(spec):
    """The response check can fail: an extra key or a wrong type is reported."""
    answer = {"token": "kol_x", "extra": 1}
    assert response_errors(spec, "post", "/auth/token", 200, answer)
    assert response_errors(spec, "post", "/auth/token", 200, {"token": 5})
    assert response_errors(spec, "post", "/auth/token", 418, {}) == ["status 418 is not documented"]
