"""Hostile input through the JSON API: each class answers a 4xx naming the field, and writes
nothing. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL, where NUL, lone
surrogates and out-of-range integers used to reach the database as 500s."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from marketplace.api.json_input import MAX_JSON_BODY_BYTES, MAX_JSON_DEPTH
from marketplace.extensions import db
from marketplace.models import Brief, KolProfile, Listing, ShortlistEntry
from marketplace.services.catalogue.audience import MAX_REGION_KEYS
from marketplace.services.catalogue.listings import MAX_LISTINGS_PER_KOL
from tests.factories.brands import brief_payload, make_shortlist
from tests.factories.kols import listing_payload, make_listing, profile_payload, with_profile


def _error(response, status: int = 400) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()["error"]
    if status == 400:
        assert body["code"] == "validation_error"
    return body


def _put_profile(client, headers, body):
    return client.put("/api/v1/kol/profile", json=body, headers=headers)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("display_name", "Mei\x00Lin"),
        ("bio", "\ud800"),
        ("tags", ["ok", "bad\x00"]),
        ("platforms", [{"platform": "douyin", "handle": "@x\x00", "followers": 1}]),
    ],
)
def test_unstorable_text_in_json_is_400_naming_the_field(client, kol, auth_headers, field, value):
    with_profile(kol)
    before = db.session.get(KolProfile, kol.id).display_name
    body = profile_payload(**{field: value})
    error = _error(_put_profile(client, auth_headers(kol), body))
    assert any(name == field or name.startswith(f"{field}.") for name in error["fields"]), error
    assert db.session.get(KolProfile, kol.id).display_name == before


def test_unstorable_region_key_is_400(client, kol, auth_headers):
    audience = {"region": {"tier1\x00": 1.0}}
    error = _error(_put_profile(client, auth_headers(kol), profile_payload(audience=audience)))
    assert "audience.region" in error["fields"]


@pytest.mark.parametrize(
    "raw",
    [
        b'{"display_name": "\\uZZZZ"}',  # invalid escape
        b'{"display_name": "\\ud800"}',  # lone surrogate
        b"\xff\xfe{}",  # not UTF-8
        b"[" * 100_000 + b"]" * 100_000,  # deeper than Python's recursion limit
        b'{"a":' * (MAX_JSON_DEPTH + 1) + b"1" + b"}" * (MAX_JSON_DEPTH + 1),
        b'"a string"',
        b"[1, 2]",
        b"null",
        b'{"display_name": "x"',
        b'{"followers": ' + b"1" * 5000 + b"}",  # past Python's int-parsing limit
        b'{"followers": NaN}',
        b'{"followers": Infinity}',
        b"",
    ],
)
def test_malformed_json_is_a_validation_error(client, kol, auth_headers, raw):
    response = client.put(
        "/api/v1/kol/profile",
        data=raw,
        content_type="application/json",
        headers=auth_headers(kol),
    )
    _error(response)


def test_a_body_over_the_cap_is_refused_before_parsing(client, kol, auth_headers):
    raw = json.dumps({"bio": "x" * MAX_JSON_BODY_BYTES}).encode()
    response = client.put(
        "/api/v1/kol/profile", data=raw, content_type="application/json", headers=auth_headers(kol)
    )
    assert str(MAX_JSON_BODY_BYTES) in _error(response)["message"]


def test_a_body_over_max_content_length_is_413_validation_error(app, client, kol, auth_headers):
    raw = b'{"bio": "' + b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10) + b'"}'
    response = client.put(
        "/api/v1/kol/profile", data=raw, content_type="application/json", headers=auth_headers(kol)
    )
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "validation_error"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (2**31, "at most"),  # past PostgreSQL INTEGER
        (2**63, "too large"),  # past SQLite INTEGER: cannot even be bound
        (10**30, "too large"),
        (-(2**63) - 1, "too large"),
        ("١٢", "whole number"),
        ("--5", "whole number"),
        ("9" * 5000, "whole number"),
        (1.5, "whole number"),
        (True, "whole number"),
    ],
)
def test_integers_out_of_range_or_badly_written_are_400_naming_the_field(
    client, brand, kol, auth_headers, value, message
):
    shortlist = make_shortlist(brand)
    response = client.post(
        f"/api/v1/shortlists/{shortlist.id}/kols",
        json={"kol_id": value},
        headers=auth_headers(brand),
    )
    error = _error(response)
    assert "kol_id" in error["fields"], error
    assert message in " ".join(error["fields"]["kol_id"]) + error["message"]
    assert db.session.scalar(select(func.count()).select_from(ShortlistEntry)) == 0


@pytest.mark.parametrize("field", ["budget", "kols_wanted", "min_followers", "max_followers"])
def test_brief_numbers_beyond_their_column_are_400(client, brand, auth_headers, field):
    body = brief_payload(**{field: 2**40})
    error = _error(client.post("/api/v1/briefs", json=body, headers=auth_headers(brand)))
    assert field in error["fields"]
    assert db.session.scalar(select(func.count()).select_from(Brief)) == 0


def test_listing_id_in_an_application_beyond_the_column_is_400(client, brand, kol, auth_headers):
    from tests.factories.brands import make_brief

    brief = make_brief(brand)
    body = {"listing_id": 2**31, "price": 1000, "pitch": "Hello"}
    response = client.post(
        f"/api/v1/briefs/{brief.id}/applications", json=body, headers=auth_headers(kol)
    )
    assert "listing_id" in _error(response)["fields"]


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/kols/2147483648",
        "/api/v1/kols/99999999999999999999",
        "/api/v1/kols/" + "9" * 5000,
        "/api/v1/kols/%D9%A1%D9%A2",  # Arabic-Indic 12
        "/api/v1/kols/%C2%B2",  # superscript two
        "/api/v1/kols/0",
        "/api/v1/briefs/2147483648",
        "/api/v1/shortlists/2147483648",
    ],
)
def test_path_ids_that_cannot_exist_are_404(client, brand, auth_headers, path):
    response = client.get(path, headers=auth_headers(brand))
    assert _error(response, 404)["code"] == "not_found"


def test_path_ids_that_cannot_exist_are_404_for_every_method(client, kol, auth_headers):
    response = client.patch("/api/v1/listings/2147483648", json={}, headers=auth_headers(kol))
    assert response.status_code == 404
    response = client.delete("/api/v1/listings/2147483648", headers=auth_headers(kol))
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?page=%C2%B2", "page"),
        ("?page=%D9%A1", "page"),
        ("?per_page=--5", "per_page"),
        ("?page=" + "9" * 5000, "page"),
        ("?q=a%00b", "q"),
        ("?category=beauty%00", "category"),
    ],
)
def test_hostile_query_parameters_are_400_naming_the_parameter(
    client, kol, auth_headers, query, field
):
    error = _error(client.get(f"/api/v1/listings{query}", headers=auth_headers(kol)))
    assert field in error["fields"], error


def test_briefs_for_you_limit_is_parsed_strictly(client, kol, auth_headers):
    for limit in ("%C2%B2", "١٢".encode().hex(), "9" * 5000, "0", "51"):
        response = client.get(f"/api/v1/briefs/for-you?limit={limit}", headers=auth_headers(kol))
        assert "limit" in _error(response)["fields"]


def test_region_keys_are_capped_and_the_cap_is_stated(client, kol, auth_headers):
    share = 1 / (MAX_REGION_KEYS + 1)
    regions = {f"city{i}": share for i in range(MAX_REGION_KEYS + 1)}
    body = profile_payload(audience={"region": regions})
    error = _error(_put_profile(client, auth_headers(kol), body))
    assert str(MAX_REGION_KEYS) in error["fields"]["audience.region"][0]
    regions = {f"city{i}": 1 / MAX_REGION_KEYS for i in range(MAX_REGION_KEYS)}
    response = _put_profile(
        client, auth_headers(kol), profile_payload(audience={"region": regions})
    )
    assert response.status_code == 200


def test_brief_target_regions_are_capped(client, brand, auth_headers):
    regions = {f"city{i}": 0.01 for i in range(MAX_REGION_KEYS + 1)}
    body = brief_payload(target_audience={"region": regions})
    error = _error(client.post("/api/v1/briefs", json=body, headers=auth_headers(brand)))
    assert "target_audience.region" in error["fields"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("tags", [f"tag{i}" for i in range(21)]),
        ("categories", ["beauty", "food", "travel", "tech"]),
        ("platforms", [{"platform": "douyin"}] * 12),
    ],
)
def test_profile_collections_are_capped(client, kol, auth_headers, field, value):
    error = _error(_put_profile(client, auth_headers(kol), profile_payload(**{field: value})))
    assert field in error["fields"]


def test_listings_per_kol_are_capped(client, kol, auth_headers):
    with_profile(kol)
    for _ in range(MAX_LISTINGS_PER_KOL):
        make_listing(kol)
    response = client.post("/api/v1/listings", json=listing_payload(), headers=auth_headers(kol))
    assert str(MAX_LISTINGS_PER_KOL) in _error(response, 409)["message"]
    count = db.session.scalar(select(func.count()).where(Listing.kol_id == kol.id))
    assert count == MAX_LISTINGS_PER_KOL


@pytest.mark.parametrize(
    "store_url",
    [
        "https://taobao.com\\@evil.com",
        "https://evil.com\\@taobao.com",
        "https://taobao.com@evil.com",
        "https://tаobao.com",  # Cyrillic look-alike
        "https://taobao.com:8080/",
        "javascript:alert(1)",
        "https://taobao.com\t.evil.com",
    ],
)
def test_store_urls_are_read_as_browsers_read_them(client, brand, auth_headers, store_url):
    body = {"company_name": "Lumi", "kind": "merchant", "store_url": store_url}
    response = client.put("/api/v1/brand/profile", json=body, headers=auth_headers(brand))
    assert "store_url" in _error(response)["fields"]


def test_store_urls_are_stored_normalised(client, brand, auth_headers):
    body = {"company_name": "Lumi", "kind": "merchant", "store_url": "HTTPS://Lumi.TMALL.com"}
    response = client.put("/api/v1/brand/profile", json=body, headers=auth_headers(brand))
    assert response.get_json()["store_url"] == "https://lumi.tmall.com"


def test_nul_in_any_query_parameter_is_refused_before_the_view(client, kol, auth_headers):
    """Even a parameter no view reads: nothing downstream has to remember the rule."""
    response = client.get("/api/v1/me?utm_source=a%00b", headers=auth_headers(kol))
    error = _error(response)
    assert "utm_source" in error["fields"]
    assert "utm_source" in error["message"]
