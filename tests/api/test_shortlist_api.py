"""JSON API: shortlists and their comparison data."""

from tests import factories
from tests.factories.brands import make_shortlist
from tests.factories.catalogue import make_kol_with_listing


def test_shortlist_lifecycle(client, brand, auth_headers):
    kol, _listing = make_kol_with_listing(followers=77_000, rate=250_000)
    headers = auth_headers(brand)
    created = client.post("/api/v1/shortlists", json={"name": "Spring"}, headers=headers)
    assert created.status_code == 201
    shortlist_id = created.get_json()["id"]
    added = client.post(
        f"/api/v1/shortlists/{shortlist_id}/kols",
        json={"kol_id": kol.id, "note": "strong reviews"},
        headers=headers,
    )
    assert added.status_code == 201 and added.get_json()["note"] == "strong reviews"
    detail = client.get(f"/api/v1/shortlists/{shortlist_id}", headers=headers).get_json()
    assert detail["name"] == "Spring" and detail["kols_count"] == 1
    (row,) = detail["kols"]
    assert row["kol_id"] == kol.id and row["categories"] == ["beauty"]
    assert row["platforms"][0]["followers"] == 77_000
    assert row["min_rates"] == {"cny": 250_000}
    assert row["audience_majority"]["gender"] == "female"
    listed = client.get("/api/v1/shortlists", headers=headers).get_json()
    assert listed["items"] == [
        {
            "id": shortlist_id,
            "name": "Spring",
            "kols_count": 1,
            "created_at": listed["items"][0]["created_at"],
        }
    ]
    assert listed["total"] == 1
    renamed = client.patch(
        f"/api/v1/shortlists/{shortlist_id}", json={"name": "Summer"}, headers=headers
    )
    assert renamed.status_code == 200 and renamed.get_json()["name"] == "Summer"
    removed = client.delete(f"/api/v1/shortlists/{shortlist_id}/kols/{kol.id}", headers=headers)
    assert removed.status_code == 204
    again = client.delete(f"/api/v1/shortlists/{shortlist_id}/kols/{kol.id}", headers=headers)
    assert again.status_code == 404
    assert client.delete(f"/api/v1/shortlists/{shortlist_id}", headers=headers).status_code == 204
    assert client.get(f"/api/v1/shortlists/{shortlist_id}", headers=headers).status_code == 404


def test_validation_errors(client, brand, auth_headers):
    headers = auth_headers(brand)
    shortlist = make_shortlist(brand, "Taken")
    response = client.post("/api/v1/shortlists", json={"name": "Taken"}, headers=headers)
    assert response.status_code == 400 and "name" in response.get_json()["error"]["fields"]
    response = client.post(
        f"/api/v1/shortlists/{shortlist.id}/kols",
        json={"kol_id": factories.make_brand().id},
        headers=headers,
    )
    assert response.status_code == 400 and "kol_id" in response.get_json()["error"]["fields"]


def test_other_brands_shortlists_are_404(client, brand, kol, auth_headers):
    theirs = make_shortlist(factories.make_brand(), kols=(kol,))
    headers = auth_headers(brand)
    base = f"/api/v1/shortlists/{theirs.id}"
    assert client.get(base, headers=headers).status_code == 404
    assert client.patch(base, json={"name": "x"}, headers=headers).status_code == 404
    assert client.delete(base, headers=headers).status_code == 404
    assert client.post(f"{base}/kols", json={"kol_id": kol.id}, headers=headers).status_code == 404
    assert client.delete(f"{base}/kols/{kol.id}", headers=headers).status_code == 404
    assert client.get("/api/v1/shortlists", headers=headers).get_json()["items"] == []


def test_kols_have_no_shortlists(client, kol, auth_headers):
    response = client.get("/api/v1/shortlists", headers=auth_headers(kol))
    assert response.status_code == 403
