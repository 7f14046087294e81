"""Pages take amounts and percentages as people type them and answer in yuan and percent."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Brief, Listing
from tests.factories.kols import make_listing, with_profile
from tests.factories.search import make_tagged, unique_tag
from tests.web.test_brand_pages import _brief_form
from tests.web.test_kol_pages import _listing_form, _profile_form


@pytest.fixture
def kol_client(kol, login_as):
    return login_as(kol)


def _listings() -> int:
    return db.session.scalar(select(func.count(Listing.id)))


def test_listing_rate_and_commission_errors_speak_yuan_and_percent(kol_client, kol):
    with_profile(kol)
    cases = [
        ({"rate": "¥12,000,000"}, "Must be at most CN¥10,000,000."),
        ({"rate": "-5"}, "Must not be negative."),
        ({"rate": "US$5"}, "Enter the amount in CNY."),
        ({"rate": "3000.123"}, "Use at most 2 decimal places."),
        ({"rate": "1e9"}, "Enter an amount like 3000.50."),
        (
            {"platform": "douyin", "collab_type": "live_stream", "commission_pct": "150"},
            "Must be between 0.01% and 100%.",
        ),
        (
            {"platform": "douyin", "collab_type": "live_stream", "commission_pct": "12.345"},
            "Use at most 2 decimal places.",
        ),
    ]
    for overrides, message in cases:
        response = kol_client.post("/kol/listings/new", data=_listing_form(**overrides))
        assert response.status_code == 400, overrides
        assert message in response.get_data(as_text=True), overrides
    assert _listings() == 0


def test_full_width_digits_and_symbols_are_understood(kol_client, kol):
    with_profile(kol)
    form = _listing_form(
        platform="douyin",
        collab_type="live_stream",
        rate="￥１，２３４．５",
        commission_pct="１２．５％",
    )
    assert kol_client.post("/kol/listings/new", data=form).status_code == 302
    listing = db.session.scalar(select(Listing))
    assert (listing.rate, listing.commission_bps) == (123_450, 1250)
    page = kol_client.get(f"/kol/listings/{listing.id}/edit").get_data(as_text=True)
    assert 'value="1234.50"' in page and 'value="12.5"' in page


def test_engagement_errors_on_the_profile_form_speak_percent(kol_client):
    response = kol_client.post(
        "/kol/profile", data=_profile_form(**{"platforms-0-engagement_pct": "150"})
    )
    assert response.status_code == 400
    assert "Must be between 0% and 100%." in response.get_data(as_text=True)


def test_brief_budget_cap_is_shown_in_yuan(login_as, brand):
    client = login_as(brand)
    response = client.post("/brand/briefs/new", data=_brief_form(budget="¥20,000,000"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Must be at most CN¥10,000,000." in page and "1000000000" not in page
    assert db.session.scalar(select(func.count(Brief.id))) == 0


def test_listing_cap_is_shown_in_the_users_language(kol_client, kol):
    with_profile(kol)
    kol_client.get("/lang/zh")
    response = kol_client.post("/kol/listings/new", data=_listing_form(rate="20000000"))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "¥10,000,000" in page and "CN¥" not in page and "1000000000" not in page


def test_browse_takes_typed_rate_bounds_and_lists_large_rates_compactly(client, ctx):
    tag = unique_tag()
    _, cheap = make_tagged(tag, rate=150_000)  # ¥1,500
    _, dear = make_tagged(tag, rate=1_500_000)  # ¥15,000
    page = client.get(f"/browse/?q={tag}&currency=cny&max_rate=¥2,000").get_data(as_text=True)
    assert f'data-listing-id="{cheap.id}"' in page and f'data-listing-id="{dear.id}"' not in page
    page = client.get(f"/browse/?q={tag}", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "CN¥1,500" in page and "CN¥15K" in page
    page = client.get(f"/browse/?q={tag}", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "¥1,500" in page and "¥1.5万" in page
    response = client.get(f"/browse/?q={tag}&currency=cny&max_rate=lots")
    assert response.status_code == 400
    assert "Enter an amount like 3000.50." in response.get_data(as_text=True)


def test_commission_shows_as_a_plain_percentage(client, kol, ctx):
    with_profile(kol)
    make_listing(kol, platform="douyin", collab_type="live_stream", commission_bps=1250)
    page = client.get(f"/kol/{kol.id}").get_data(as_text=True)
    assert "12.5% commission" in page
