"""JSON API: applying to briefs and deciding on applications."""

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Application
from tests import factories
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing


def _count() -> int:
    return db.session.scalar(select(func.count(Application.id)))


def test_kol_applies_and_brand_sees_it(client, brand, auth_headers):
    kol, listing = make_kol_with_listing()
    brief = make_brief(brand)
    response = client.post(
        f"/api/v1/briefs/{brief.id}/applications",
        json={"listing_id": listing.id, "price": 280_000, "pitch": "Let me review it."},
        headers=auth_headers(kol),
    )
    assert response.status_code == 201
    data = response.get_json()
    assert (data["price"], data["currency"], data["status"]) == (280_000, "cny", "pending")
    assert data["listing_id"] == listing.id and data["kol_id"] == kol.id
    listed = client.get(
        f"/api/v1/briefs/{brief.id}/applications", headers=auth_headers(brand)
    ).get_json()
    assert listed["total"] == 1 and listed["page"] == 1
    assert listed["items"][0]["kol"]["id"] == kol.id
    assert listed["items"][0]["kol"]["categories"] == ["beauty"]


def test_second_application_is_409(client, brand, kol, auth_headers):
    brief = make_brief(brand)
    body = {"price": 1000, "pitch": "hi"}
    url = f"/api/v1/briefs/{brief.id}/applications"
    assert client.post(url, json=body, headers=auth_headers(kol)).status_code == 201
    again = client.post(url, json=body, headers=auth_headers(kol))
    assert again.status_code == 409 and again.get_json()["error"]["code"] == "conflict"
    assert _count() == 1


def test_applying_to_closed_is_409_and_to_draft_is_404(client, brand, kol, auth_headers):
    body = {"price": 1000, "pitch": "hi"}
    closed = make_brief(brand, status="closed")
    draft = make_brief(brand, status="draft")
    headers = auth_headers(kol)
    assert (
        client.post(f"/api/v1/briefs/{closed.id}/applications", json=body, headers=headers)
    ).status_code == 409
    assert (
        client.post(f"/api/v1/briefs/{draft.id}/applications", json=body, headers=headers)
    ).status_code == 404
    assert _count() == 0


def test_bad_application_is_400(client, brand, kol, auth_headers):
    brief = make_brief(brand)
    response = client.post(
        f"/api/v1/briefs/{brief.id}/applications",
        json={"price": 12.5, "pitch": "", "listing_id": 999_999},
        headers=auth_headers(kol),
    )
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"price", "pitch", "listing_id"}
    assert _count() == 0


def test_brand_cannot_apply(client, brand, auth_headers):
    brief = make_brief(factories.make_brand())
    response = client.post(
        f"/api/v1/briefs/{brief.id}/applications",
        json={"price": 1000, "pitch": "hi"},
        headers=auth_headers(brand),
    )
    assert response.status_code == 403


def test_other_brands_applications_are_404(client, brand, kol, auth_headers):
    application = make_application(kol, make_brief(factories.make_brand()))
    headers = auth_headers(brand)
    response = client.get(f"/api/v1/briefs/{application.brief_id}/applications", headers=headers)
    assert response.status_code == 404
    for action in ("shortlist", "decline", "accept"):
        response = client.post(f"/api/v1/applications/{application.id}/{action}", headers=headers)
        assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "pending"


def test_brand_decides(client, brand, kol, auth_headers):
    brief = make_brief(brand)
    first = make_application(kol, brief)
    second = make_application(factories.make_kol(), brief)
    headers = auth_headers(brand)
    shortlisted = client.post(f"/api/v1/applications/{first.id}/shortlist", headers=headers)
    assert shortlisted.status_code == 200 and shortlisted.get_json()["status"] == "shortlisted"
    accepted = client.post(f"/api/v1/applications/{first.id}/accept", headers=headers)
    assert accepted.get_json()["status"] == "accepted"
    assert accepted.get_json()["decided_at"]
    declined = client.post(f"/api/v1/applications/{second.id}/decline", headers=headers)
    assert declined.get_json()["status"] == "declined"
    again = client.post(f"/api/v1/applications/{second.id}/accept", headers=headers)
    assert again.status_code == 409
    filtered = client.get(
        f"/api/v1/briefs/{brief.id}/applications?status=declined", headers=headers
    ).get_json()
    assert [a["id"] for a in filtered["items"]] == [second.id]


def test_kol_withdraws_and_lists_own_applications(client, brand, kol, auth_headers):
    application = make_application(kol, make_brief(brand, title="Mine"))
    make_application(factories.make_kol(), make_brief(brand))
    headers = auth_headers(kol)
    listed = client.get("/api/v1/kol/applications", headers=headers).get_json()
    assert [a["id"] for a in listed["items"]] == [application.id]
    assert listed["items"][0]["brief"]["title"] == "Mine"
    assert (
        client.post(f"/api/v1/applications/{application.id}/accept", headers=headers).status_code
        == 403
    )
    withdrawn = client.post(f"/api/v1/applications/{application.id}/withdraw", headers=headers)
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    other = factories.make_kol()
    response = client.post(
        f"/api/v1/applications/{application.id}/withdraw", headers=auth_headers(other)
    )
    assert response.status_code == 404
    assert client.get("/api/v1/kol/applications", headers=auth_headers(brand)).status_code == 403
