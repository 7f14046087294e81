"""Every paged API list shares one ceiling and one behaviour past the last page."""

from __future__ import annotations

import pytest

from tests.factories.kols import make_listing
from tests.factories.search import make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")

LISTS = {
    "/api/v1/listings": "brand",
    "/api/v1/briefs": "brand",
    "/api/v1/kol/listings": "kol",
    "/api/v1/kol/applications": "kol",
}


@pytest.fixture
def headers_for(brand, kol, auth_headers):
    return {"brand": auth_headers(brand), "kol": auth_headers(kol)}


@pytest.mark.parametrize("path", LISTS)
@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"page": 10_001}, "page"),
        ({"page": 0}, "page"),
        ({"page": "1e3"}, "page"),
        ({"per_page": 101}, "per_page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 99999999999999999999}, "per_page"),
    ],
)
def test_page_numbers_out_of_range_are_a_validation_error(client, headers_for, path, query, field):
    response = client.get(path, query_string=query, headers=headers_for[LISTS[path]])
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert set(error["fields"]) == {field}


@pytest.mark.parametrize("path", LISTS)
def test_the_ceilings_themselves_are_accepted(client, headers_for, path):
    response = client.get(
        path, query_string={"page": 10_000, "per_page": 100}, headers=headers_for[LISTS[path]]
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["items"], body["page"], body["per_page"]) == ([], 10_000, 100)
    assert isinstance(body["total"], int)


def test_a_page_past_the_end_is_empty_with_the_real_total(client, brand, auth_headers):
    tag = unique_tag()
    for _ in range(3):
        make_tagged(tag)
    response = client.get(
        "/api/v1/listings",
        query_string={"q": tag, "page": 7, "per_page": 2},
        headers=auth_headers(brand),
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["items"], body["total"], body["page"]) == ([], 3, 7)
    assert body["total_capped"] is False


def test_own_listings_page_through_every_listing_once(client, auth_headers):
    seller = make_tagged(unique_tag())[0]
    for _ in range(4):
        make_listing(seller)
    seen: list[int] = []
    for page in (1, 2, 3):
        body = client.get(
            "/api/v1/kol/listings",
            query_string={"page": page, "per_page": 2},
            headers=auth_headers(seller),
        ).get_json()
        assert body["total"] == 5
        seen += [item["id"] for item in body["items"]]
    assert len(seen) == len(set(seen)) == 5
