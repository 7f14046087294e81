"""JSON API: the brand profile."""

from marketplace.extensions import db
from marketplace.models import BrandProfile


def test_put_and_get_brand_profile(client, brand, auth_headers):
    body = {
        "company_name": "Lumi Skin",
        "kind": "merchant",
        "store_url": "https://lumi.tmall.com",
        "categories": ["beauty"],
        "description": "Clean skincare.",
    }
    response = client.put("/api/v1/brand/profile", json=body, headers=auth_headers(brand))
    assert response.status_code == 200
    data = response.get_json()
    assert {k: data[k] for k in body} == body and data["brand_id"] == brand.id
    again = client.get("/api/v1/brand/profile", headers=auth_headers(brand)).get_json()
    assert again["company_name"] == "Lumi Skin"


def test_bad_brand_profile_is_400_and_nothing_saved(client, brand, auth_headers):
    body = {"company_name": "", "kind": "merchant", "store_url": "https://jd.com/shop"}
    response = client.put("/api/v1/brand/profile", json=body, headers=auth_headers(brand))
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"company_name", "store_url"}
    db.session.expire_all()
    assert db.session.get(BrandProfile, brand.id).company_name == brand.name


def test_kols_cannot_edit_a_brand_profile(client, kol, auth_headers):
    body = {"company_name": "X", "kind": "brand"}
    response = client.put("/api/v1/brand/profile", json=body, headers=auth_headers(kol))
    assert response.status_code == 403
