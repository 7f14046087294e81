"""GET /api/v1/listings: the searchable catalogue for integrators."""

from __future__ import annotations

import pytest

from tests.factories.search import count_statements, make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")


@pytest.fixture
def get(client, brand, auth_headers):
    headers = auth_headers(brand)

    def _get(**params):
        return client.get("/api/v1/listings", query_string=params, headers=headers)

    return _get


def test_needs_a_bearer_token(client):
    response = client.get("/api/v1/listings")
    assert response.status_code == 401
    assert response.get_json()["error"]["code"] == "unauthorized"


def test_answers_a_page_of_listings_with_kol_summaries(get):
    tag = unique_tag()
    user, listing = make_tagged(
        tag,
        name="Mei",
        categories=("beauty",),
        verification="verified",
        rate=300_000,
        currency="cny",
    )
    response = get(q=tag)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    (item,) = body["items"]
    assert item["id"] == listing.id
    assert item["rate"] == 300_000 and item["currency"] == "cny"
    assert item["status"] == "active"
    assert item["kol"]["id"] == user.id
    assert item["kol"]["display_name"] == "Mei"
    assert item["kol"]["verification"] == "verified"
    assert item["kol"]["categories"] == ["beauty"]
    assert item["kol"]["audience_majority"] == {
        "gender": "female",
        "age": "18-24",
        "region": "tier1",
    }


def test_filters_in_api_units(get):
    tag = unique_tag()
    _, zh = make_tagged(tag, bio="防晒测评", rate=150_000, engagement_rate=0.06)
    _, en = make_tagged(
        tag, bio="phone reviews", rate=900_000, engagement_rate=0.01, platform="douyin"
    )

    def ids(**params):
        params.setdefault("q", tag)
        response = get(**params)
        assert response.status_code == 200, response.get_json()
        return [i["id"] for i in response.get_json()["items"]]

    assert ids(q=f"{tag} 防晒") == [zh.id]
    assert ids(q=f"{tag} phone") == [en.id]
    assert ids(currency="cny", max_rate=200_000) == [zh.id]  # fen
    assert ids(min_engagement="0.05") == [zh.id]  # a fraction
    assert ids(platform="douyin") == [en.id]
    assert ids(sort="-rate") == [en.id, zh.id]
    assert ids(audience_gender="female", audience_age="18-24") == ids(sort="-rate")
    assert ids(verified="true") == []


def test_pages_do_not_repeat_or_skip(get):
    tag = unique_tag()
    made = {make_tagged(tag, followers=7_000)[1].id for _ in range(5)}
    seen = []
    for page in (1, 2, 3):
        body = get(q=tag, per_page=2, page=page, sort="-followers").get_json()
        assert body["total"] == 5 and body["page"] == page and body["per_page"] == 2
        seen += [i["id"] for i in body["items"]]
    assert sorted(seen) == sorted(made)


@pytest.mark.parametrize(
    ("params", "fields"),
    [
        ({"category": "cooking", "platform": "myspace"}, {"category", "platform"}),
        ({"min_rate": "12.5", "currency": "cny"}, {"min_rate"}),
        ({"max_rate": 10}, {"currency"}),
        ({"min_engagement": "5"}, {"min_engagement"}),  # a fraction, not a percent
        ({"sort": "newest"}, {"sort"}),
        ({"verified": "sometimes"}, {"verified"}),
        ({"per_page": 101, "page": 0}, {"per_page", "page"}),
        ({"audience_age": "50+"}, {"audience_age"}),
        ({"audience_region": "tier1\x00"}, {"audience_region"}),
        ({"audience_region": "<script>"}, {"audience_region"}),
    ],
)
def test_bad_parameters_answer_400_with_fields(get, params, fields):
    response = get(**params)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == fields


def test_statement_count_does_not_grow_with_page_size(get):
    tag = unique_tag()
    for _ in range(12):
        make_tagged(tag, categories=("beauty", "home"))
    counts = []
    for per_page in (2, 10):
        with count_statements() as statements:
            assert get(q=tag, per_page=per_page).status_code == 200
        counts.append(len(statements))
    assert counts[0] == counts[1]


def test_documented_in_openapi(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/listings"]["get"]
    names = {p["name"] for p in operation.get("parameters", [])}
    assert {"q", "min_engagement", "audience_region", "sort", "per_page"} <= names
