from tests.factories.brands import make_brief
from tests.factories.catalogue import make_kol_with_listing


def _setup(brand):
    kol, listing = make_kol_with_listing(name="Skin Lab")
    brief = make_brief(
        brand,
        category="beauty",
        platforms=["xiaohongshu"],
        collab_types=["image_text"],
        budget=400_000,
    )
    return kol, listing, brief


def test_matches_endpoint_returns_ranked_items_with_reasons(client, brand, auth_headers):
    kol, listing, brief = _setup(brand)
    response = client.get(f"/api/v1/briefs/{brief.id}/matches?k=5", headers=auth_headers(brand))
    assert response.status_code == 200
    (item,) = response.get_json()["items"]
    assert item["kol_id"] == kol.id and item["listing_id"] == listing.id
    assert 0 < item["score"] <= 1 and isinstance(item["reasons"], dict)
    assert item["kol"]["display_name"] == "Skin Lab" and item["listing"]["rate"] == 300_000
    assert len(item["flag_codes"]) == len(item["flags"])


def test_matches_endpoint_checks_owner_role_and_k(client, brand, auth_headers):
    from tests import factories

    kol, _listing, brief = _setup(brand)
    other = factories.make_brand()
    url = f"/api/v1/briefs/{brief.id}/matches"
    assert client.get(url, headers=auth_headers(other)).status_code == 404
    assert client.get(url, headers=auth_headers(kol)).status_code == 403
    for bad in ("0", "101", "abc", "1.5", "-3", "true", "", "1" * 40):
        response = client.get(f"{url}?k={bad}", headers=auth_headers(brand))
        assert response.status_code == 400
        assert "k" in response.get_json()["error"]["fields"]


def test_invite_and_kol_sees_invitation(client, brand, auth_headers):
    kol, _listing, brief = _setup(brand)
    url = f"/api/v1/briefs/{brief.id}/invitations"
    created = client.post(
        url, json={"kol_id": kol.id, "message": "Join us"}, headers=auth_headers(brand)
    )
    assert created.status_code == 201
    again = client.post(url, json={"kol_id": kol.id}, headers=auth_headers(brand))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    bad = client.post(url, json={"kol_id": "x"}, headers=auth_headers(brand))
    assert bad.status_code == 400
    mine = client.get("/api/v1/kol/invitations", headers=auth_headers(kol)).get_json()
    assert mine["items"][0]["brief_id"] == brief.id and mine["items"][0]["message"] == "Join us"


def test_similar_endpoint(client, brand, auth_headers):
    kol, _listing, _brief = _setup(brand)
    twin, _ = make_kol_with_listing(name="Twin")
    response = client.get(f"/api/v1/kols/{kol.id}/similar", headers=auth_headers(brand))
    assert response.status_code == 200
    assert response.get_json()["items"][0]["kol"]["id"] == twin.id
