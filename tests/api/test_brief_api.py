"""JSON API: briefs (POST/GET/PATCH /briefs, /briefs/for-you)."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Brief
from marketplace.models.base import utcnow
from tests import factories
from tests.factories.brands import brief_payload, make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing


def _brief_count() -> int:
    return db.session.scalar(select(func.count(Brief.id)))


def test_brand_posts_a_brief(client, brand, auth_headers):
    response = client.post("/api/v1/briefs", json=brief_payload(), headers=auth_headers(brand))
    assert response.status_code == 201
    data = response.get_json()
    assert data["brand_id"] == brand.id and data["status"] == "open"
    assert data["budget"] == 500_000 and data["currency"] == "cny"
    assert data["platforms"] == ["xiaohongshu", "douyin"]
    assert data["target_audience"] == {"gender": {"female": 0.8, "male": 0.2}}
    assert data["deadline"] == brief_payload()["deadline"]
    assert data["created_at"].endswith("+00:00")
    for name in ("title", "description", "category", "collab_types", "kols_wanted"):
        assert name in data


def test_bad_brief_is_a_400_with_field_errors_and_nothing_saved(client, brand, auth_headers):
    body = brief_payload(
        budget=0,
        min_followers=10,
        max_followers=1,
        category="cars",
        deadline=(utcnow().date() - timedelta(days=1)).isoformat(),
        title="x" * 500,
    )
    response = client.post("/api/v1/briefs", json=body, headers=auth_headers(brand))
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert {"budget", "max_followers", "category", "deadline", "title"} <= set(error["fields"])
    assert _brief_count() == 0


def test_non_object_body_is_a_400(client, brand, auth_headers):
    response = client.post("/api/v1/briefs", json=[1, 2], headers=auth_headers(brand))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "validation_error"


def test_kol_cannot_post_a_brief(client, kol, auth_headers):
    response = client.post("/api/v1/briefs", json=brief_payload(), headers=auth_headers(kol))
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert _brief_count() == 0


def test_no_token_is_a_401(client, ctx):
    assert client.get("/api/v1/briefs").status_code == 401
    assert client.post("/api/v1/briefs", json=brief_payload()).status_code == 401


def test_brand_lists_its_own_briefs(client, brand, kol, auth_headers):
    mine = make_brief(brand, status="draft")
    opened = make_brief(brand)
    make_application(kol, opened)
    make_brief(factories.make_brand())
    response = client.get("/api/v1/briefs?per_page=10", headers=auth_headers(brand))
    data = response.get_json()
    assert response.status_code == 200
    assert (data["total"], data["page"], data["per_page"]) == (2, 1, 10)
    assert [b["id"] for b in data["items"]] == [opened.id, mine.id]
    assert data["items"][0]["applications"] == {"pending": 1}
    drafts = client.get("/api/v1/briefs?status=draft", headers=auth_headers(brand)).get_json()
    assert [b["id"] for b in drafts["items"]] == [mine.id]


def test_kol_lists_open_briefs_with_filters(client, brand, kol, auth_headers):
    douyin = make_brief(brand, platforms=["douyin"], category="food")
    make_brief(brand, platforms=["weibo"], collab_types=["article"])
    make_brief(brand, status="draft", platforms=["douyin"])
    headers = auth_headers(kol)
    data = client.get("/api/v1/briefs", headers=headers).get_json()
    assert data["total"] == 2 and data["items"][0]["brand_name"] == brand.name
    filtered = client.get(
        "/api/v1/briefs?platform=douyin&category=food&collab_type=image_text", headers=headers
    ).get_json()
    assert [b["id"] for b in filtered["items"]] == [douyin.id]


@pytest.mark.parametrize(
    "query", ["platform=myspace", "category=cars", "per_page=101", "page=0", "collab_type=x"]
)
def test_bad_list_filters_are_400(client, kol, auth_headers, query):
    response = client.get(f"/api/v1/briefs?{query}", headers=auth_headers(kol))
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "validation_error"


def test_admins_do_not_list_briefs(client, admin, auth_headers):
    assert client.get("/api/v1/briefs", headers=auth_headers(admin)).status_code == 403


def test_get_brief_visibility(client, brand, kol, auth_headers):
    draft = make_brief(brand, status="draft")
    opened = make_brief(brand)
    other = factories.make_brand()
    assert client.get(f"/api/v1/briefs/{draft.id}", headers=auth_headers(brand)).status_code == 200
    assert client.get(f"/api/v1/briefs/{opened.id}", headers=auth_headers(kol)).status_code == 200
    for user, brief in ((kol, draft), (other, draft), (other, opened)):
        response = client.get(f"/api/v1/briefs/{brief.id}", headers=auth_headers(user))
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/briefs/999999", headers=auth_headers(kol)).status_code == 404


def test_patch_fields_and_status(client, brand, auth_headers):
    brief = make_brief(brand, status="draft")
    headers = auth_headers(brand)
    response = client.patch(
        f"/api/v1/briefs/{brief.id}", json={"budget": 900_000, "status": "open"}, headers=headers
    )
    assert response.status_code == 200
    assert (response.get_json()["budget"], response.get_json()["status"]) == (900_000, "open")
    back = client.patch(f"/api/v1/briefs/{brief.id}", json={"status": "draft"}, headers=headers)
    assert back.status_code == 409 and back.get_json()["error"]["code"] == "conflict"
    bad = client.patch(f"/api/v1/briefs/{brief.id}", json={"budget": -1}, headers=headers)
    assert bad.status_code == 400 and "budget" in bad.get_json()["error"]["fields"]
    closed = client.patch(f"/api/v1/briefs/{brief.id}", json={"status": "closed"}, headers=headers)
    assert closed.get_json()["status"] == "closed"
    again = client.patch(f"/api/v1/briefs/{brief.id}", json={"title": "x"}, headers=headers)
    assert again.status_code == 409


def test_patch_someone_elses_brief_is_404_and_kols_get_403(client, brand, kol, auth_headers):
    brief = make_brief(factories.make_brand(), status="draft")
    response = client.patch(
        f"/api/v1/briefs/{brief.id}", json={"title": "Mine"}, headers=auth_headers(brand)
    )
    assert response.status_code == 404
    response = client.patch(
        f"/api/v1/briefs/{brief.id}", json={"title": "Mine"}, headers=auth_headers(kol)
    )
    assert response.status_code == 403


def test_briefs_for_you(client, brand, auth_headers):
    kol, _listing = make_kol_with_listing()
    brief = make_brief(brand, budget=400_000)
    response = client.get("/api/v1/briefs/for-you?limit=5", headers=auth_headers(kol))
    assert response.status_code == 200
    data = response.get_json()
    assert data["total"] == 1 and data["per_page"] == 5
    (item,) = data["items"]
    assert item["brief"]["id"] == brief.id
    assert 0 < item["score"] <= 1
    assert {"category", "audience", "engagement"} <= set(item["reasons"])
    assert (
        client.get("/api/v1/briefs/for-you?limit=0", headers=auth_headers(kol)).status_code == 400
    )
    assert client.get("/api/v1/briefs/for-you", headers=auth_headers(brand)).status_code == 403
