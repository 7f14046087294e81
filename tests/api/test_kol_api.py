"""KOL API: profile, avatar, listings and public profiles, with the public field names."""

from io import BytesIO

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import KolProfile, Listing
from tests import factories
from tests.factories.kols import (
    image_bytes,
    listing_payload,
    make_listing,
    profile_payload,
    with_profile,
)

LISTING_FIELDS = {
    "id",
    "kol_id",
    "platform",
    "collab_type",
    "title",
    "description",
    "pricing_model",
    "rate",
    "currency",
    "commission_bps",
    "turnaround_days",
    "revisions",
    "status",
    "followers",
    "engagement_rate",
    "created_at",
    "updated_at",
}


@pytest.fixture
def kol_headers(kol, auth_headers):
    return auth_headers(kol)


def test_put_profile_returns_the_profile_with_spec_field_names(client, kol, kol_headers):
    response = client.put("/api/v1/kol/profile", json=profile_payload(), headers=kol_headers)
    assert response.status_code == 200
    data = response.get_json()
    for name, value in profile_payload().items():
        assert data[name] == value, name
    assert data["id"] == kol.id and data["verification"] == "unverified"
    assert client.get("/api/v1/kol/profile", headers=kol_headers).get_json() == data


def test_put_profile_validation_error_format_and_nothing_saved(client, kol, kol_headers):
    body = profile_payload(
        categories=["astrology"],
        platforms=[{"platform": "douyin", "handle": "@x", "followers": -5, "engagement_rate": 0.1}],
        audience={"gender": {"female": 0.5, "male": 0.2}},
    )
    response = client.put("/api/v1/kol/profile", json=body, headers=kol_headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error" and error["message"]
    assert set(error["fields"]) == {"categories", "platforms.0.followers", "audience.gender"}
    assert db.session.get(KolProfile, kol.id).platforms == []


@pytest.mark.parametrize("categories", [[{}], [["beauty"]], ["beauty", {"a": 1}]])
def test_put_profile_rejects_categories_that_are_not_text(client, kol_headers, categories):
    """Found by schemathesis: an object inside `categories` was a 500 (unhashable)."""
    body = profile_payload(categories=categories)
    response = client.put("/api/v1/kol/profile", json=body, headers=kol_headers)
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"categories"}


def test_put_profile_rejects_non_object_bodies(client, kol_headers):
    response = client.put("/api/v1/kol/profile", json=[1], headers=kol_headers)
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "validation_error"


def test_profile_endpoints_are_for_kols_only(client, brand, auth_headers):
    headers = auth_headers(brand)
    response = client.put("/api/v1/kol/profile", json=profile_payload(), headers=headers)
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert client.get("/api/v1/kol/listings", headers=headers).status_code == 403
    assert client.put("/api/v1/kol/profile", json=profile_payload()).status_code == 401


def test_avatar_upload_multipart(client, kol, kol_headers):
    response = client.post(
        "/api/v1/kol/avatar",
        data={"avatar": (BytesIO(image_bytes("WEBP")), "me.webp")},
        headers=kol_headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    url = response.get_json()["avatar_url"]
    assert url == f"/kol/avatar/{kol.id}"
    served = client.get(url)
    assert served.status_code == 200 and served.mimetype in ("image/png", "image/jpeg")


def test_avatar_upload_rejects_fakes_and_missing_files(client, kol, kol_headers):
    fake = client.post(
        "/api/v1/kol/avatar",
        data={"avatar": (BytesIO(b"GIF89a not really"), "cat.png")},
        headers=kol_headers,
        content_type="multipart/form-data",
    )
    assert fake.status_code == 400
    assert "avatar" in fake.get_json()["error"]["fields"]
    missing = client.post("/api/v1/kol/avatar", headers=kol_headers)
    assert missing.status_code == 400
    assert db.session.get(KolProfile, kol.id).avatar_path is None


def test_create_listing_201_with_spec_fields(client, kol, kol_headers):
    with_profile(kol)
    response = client.post("/api/v1/listings", json=listing_payload(), headers=kol_headers)
    assert response.status_code == 201
    data = response.get_json()
    assert set(data) == LISTING_FIELDS
    assert (data["rate"], data["currency"], data["followers"]) == (300_000, "cny", 52_000)


def test_create_live_stream_with_commission(client, kol, kol_headers):
    with_profile(kol)
    body = listing_payload(platform="douyin", collab_type="live_stream", commission_bps=1200)
    data = client.post("/api/v1/listings", json=body, headers=kol_headers).get_json()
    assert (data["pricing_model"], data["commission_bps"]) == ("pit_fee_commission", 1200)


def test_create_listing_errors(client, kol, kol_headers):
    with_profile(kol)
    body = listing_payload(collab_type="podcast", rate=-1, turnaround_days=120, currency="eur")
    response = client.post("/api/v1/listings", json=body, headers=kol_headers)
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {
        "collab_type",
        "rate",
        "turnaround_days",
        "currency",
    }
    assert db.session.scalar(select(func.count(Listing.id))) == 0


def test_brands_cannot_create_listings(client, brand, auth_headers):
    response = client.post("/api/v1/listings", json=listing_payload(), headers=auth_headers(brand))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"


def test_patch_and_delete_own_listing(client, kol, kol_headers):
    listing = make_listing(with_profile(kol))
    response = client.patch(
        f"/api/v1/listings/{listing.id}",
        json={"rate": 420_000, "status": "paused"},
        headers=kol_headers,
    )
    assert response.status_code == 200
    assert (response.get_json()["rate"], response.get_json()["status"]) == (420_000, "paused")
    deleted = client.delete(f"/api/v1/listings/{listing.id}", headers=kol_headers)
    assert deleted.status_code == 204 and deleted.data == b""
    assert db.session.get(Listing, listing.id).status == "deleted"
    again = client.patch(f"/api/v1/listings/{listing.id}", json={"title": "x"}, headers=kol_headers)
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"


def test_patch_validation_error(client, kol, kol_headers):
    listing = make_listing(with_profile(kol))
    response = client.patch(
        f"/api/v1/listings/{listing.id}", json={"revisions": 11}, headers=kol_headers
    )
    assert response.status_code == 400
    assert "revisions" in response.get_json()["error"]["fields"]


def test_another_kols_listing_answers_404(client, kol, ctx, auth_headers):
    listing = make_listing(with_profile(kol))
    other = auth_headers(with_profile(factories.make_kol()))
    patch = client.patch(f"/api/v1/listings/{listing.id}", json={"title": "x"}, headers=other)
    assert patch.status_code == 404 and patch.get_json()["error"]["code"] == "not_found"
    assert client.delete(f"/api/v1/listings/{listing.id}", headers=other).status_code == 404
    assert client.delete("/api/v1/listings/999999", headers=other).status_code == 404
    assert db.session.get(Listing, listing.id).status == "active"


def test_own_listings_lists_every_status(client, kol, kol_headers):
    with_profile(kol)
    kept = make_listing(kol)
    gone = make_listing(kol, title="Gone")
    client.delete(f"/api/v1/listings/{gone.id}", headers=kol_headers)
    data = client.get("/api/v1/kol/listings?per_page=1&page=2", headers=kol_headers).get_json()
    assert (data["total"], data["page"], data["per_page"]) == (2, 2, 1)
    assert [item["id"] for item in data["items"]] == [kept.id]
    bad = client.get("/api/v1/kol/listings?per_page=500", headers=kol_headers)
    assert bad.status_code == 400


def test_public_kol_profile(client, kol, brand, auth_headers, ctx):
    with_profile(kol)
    active = make_listing(kol)
    paused = make_listing(kol, title="Paused")
    client.patch(
        f"/api/v1/listings/{paused.id}", json={"status": "paused"}, headers=auth_headers(kol)
    )
    response = client.get(f"/api/v1/kols/{kol.id}", headers=auth_headers(brand))
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == kol.id and data["display_name"] == "Mei Lin"
    assert [item["id"] for item in data["listings"]] == [active.id]
    assert data["rating"] is None and data["reviews"] == 0 and data["completed"] == 0
    assert data["platforms"][0] == {
        "platform": "xiaohongshu",
        "handle": "@mei_xiaohongshu",
        "followers": 52_000,
        "engagement_rate": 0.045,
    }
    assert data["audience_majority"] == {"gender": "female", "age": "18-24", "region": "tier1"}


def test_public_profile_404s_and_needs_a_token(client, brand, auth_headers, ctx):
    headers = auth_headers(brand)
    suspended = factories.make_kol(suspended=True)
    for kol_id in (brand.id, suspended.id, 424242):
        response = client.get(f"/api/v1/kols/{kol_id}", headers=headers)
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert client.get(f"/api/v1/kols/{brand.id}").status_code == 401
