"""The API takes amounts in fen/cents and basis points, but its messages speak yuan and percent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Brief, Listing
from tests.factories.brands import brief_payload, make_brief
from tests.factories.kols import listing_payload, with_profile

PAST_INT32 = 2**31


def _error(response) -> dict:
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    return error["fields"]


@pytest.mark.parametrize(
    ("budget", "message"),
    [
        (PAST_INT32, "Must be at most CN¥10,000,000."),
        (2**63 - 1, "Must be at most CN¥10,000,000."),
        # JSON numbers past 64 bits are refused by the body parser, still naming the field.
        (2**63, "This number is too large."),
        (10**40, "This number is too large."),
    ],
)
def test_a_budget_past_32_bits_is_a_400_naming_the_cap_in_yuan(
    client, brand, auth_headers, budget, message
):
    body = brief_payload(budget=budget)
    fields = _error(client.post("/api/v1/briefs", json=body, headers=auth_headers(brand)))
    assert fields == {"budget": [message]}
    assert db.session.scalar(select(func.count(Brief.id))) == 0


def test_the_cap_message_follows_accept_language(client, brand, auth_headers):
    headers = {**auth_headers(brand), "Accept-Language": "zh"}
    body = brief_payload(budget=PAST_INT32)
    fields = _error(client.post("/api/v1/briefs", json=body, headers=headers))
    assert "¥10,000,000" in fields["budget"][0]


def test_a_listing_rate_past_32_bits_and_a_bad_commission_speak_yuan_and_percent(
    client, kol, auth_headers
):
    with_profile(kol)
    body = listing_payload(
        platform="douyin", collab_type="live_stream", rate=PAST_INT32, commission_bps=20_000
    )
    fields = _error(client.post("/api/v1/listings", json=body, headers=auth_headers(kol)))
    assert fields == {
        "rate": ["Must be at most CN¥10,000,000."],
        "commission_bps": ["Must be between 0.01% and 100%."],
    }
    assert db.session.scalar(select(func.count(Listing.id))) == 0


def test_an_application_price_past_32_bits_is_refused_in_yuan(client, brand, kol, auth_headers):
    brief = make_brief(brand)
    body = {"price": PAST_INT32, "pitch": "Hello"}
    response = client.post(
        f"/api/v1/briefs/{brief.id}/applications", json=body, headers=auth_headers(kol)
    )
    assert _error(response) == {"price": ["Must be at most CN¥10,000,000."]}


def test_amounts_stay_integers_in_minor_units(client, kol, auth_headers):
    with_profile(kol)
    body = listing_payload(rate=1_000_000_000)  # exactly the cap: ¥10,000,000
    response = client.post("/api/v1/listings", json=body, headers=auth_headers(kol))
    assert response.status_code == 201
    data = response.get_json()
    assert (data["rate"], data["currency"]) == (1_000_000_000, "cny")


def test_search_rate_bounds_past_32_bits_are_a_400_in_yuan(client, brand, auth_headers):
    response = client.get(
        f"/api/v1/listings?currency=cny&min_rate={PAST_INT32}", headers=auth_headers(brand)
    )
    assert _error(response) == {"min_rate": ["Must be at most CN¥10,000,000."]}
