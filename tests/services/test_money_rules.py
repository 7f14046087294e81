"""Money rules in the services: caps refuse in yuan, rates speak percent, BIGINT stores it all.

These run on whichever database the suite uses (SQLite, or PostgreSQL with
TEST_DATABASE_URL), so an amount past the old 32-bit columns is checked on both.
"""

from __future__ import annotations

import pytest
from flask import Flask
from sqlalchemy import func, select, text

from marketplace.domain.errors import ValidationFailed
from marketplace.extensions import db
from marketplace.models import Application, Brief, Listing
from marketplace.services.briefs import applications, lifecycle
from marketplace.services.catalogue import kol_profiles, listings
from marketplace.services.discovery import search
from tests.conftest import TEST_DATABASE_URL
from tests.factories.brands import brief_payload, make_application, make_brief
from tests.factories.kols import listing_payload, platform_row, profile_payload, with_profile

PAST_INT32 = 2**31  # one fen past what the old INTEGER columns held on PostgreSQL
AT_CAP = 1_000_000_000  # ¥10,000,000 in fen


def _fields(call, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationFailed) as info:
        call(*args, **kwargs)
    return info.value.fields


@pytest.mark.parametrize("budget", [AT_CAP + 1, PAST_INT32, 2**63, 10**30])
def test_a_budget_above_the_cap_is_refused_in_yuan_not_a_database_error(brand, budget):
    fields = _fields(lifecycle.create_brief, brand, **brief_payload(budget=budget))
    assert fields["budget"] == ["Must be at most CN¥10,000,000."]
    assert db.session.scalar(select(func.count(Brief.id))) == 0


def test_the_cap_itself_is_accepted_and_speaks_the_briefs_currency(brand):
    assert lifecycle.create_brief(brand, **brief_payload(budget=AT_CAP)).budget == AT_CAP
    fields = _fields(lifecycle.create_brief, brand, **brief_payload(budget=0, currency="usd"))
    assert fields["budget"] == ["Must be at least $0.01."]
    fields = _fields(
        lifecycle.create_brief, brand, **brief_payload(budget=PAST_INT32, currency="usd")
    )
    assert fields["budget"] == ["Must be at most $10,000,000."]


def test_cap_messages_follow_the_users_language(app: Flask, brand):
    with app.test_request_context(headers={"Accept-Language": "zh"}):
        fields = _fields(lifecycle.create_brief, brand, **brief_payload(budget=PAST_INT32))
    assert "¥10,000,000" in fields["budget"][0] and "CN¥" not in fields["budget"][0]


@pytest.mark.parametrize("rate", [PAST_INT32, AT_CAP + 1])
def test_a_listing_rate_above_the_cap_is_refused_in_yuan(kol, rate):
    with_profile(kol)
    fields = _fields(listings.create_listing, kol, **listing_payload(rate=rate))
    assert fields["rate"] == ["Must be at most CN¥10,000,000."]
    fields = _fields(listings.create_listing, kol, **listing_payload(rate=-1))
    assert fields["rate"] == ["Must not be negative."]
    assert db.session.scalar(select(func.count(Listing.id))) == 0


def test_an_application_price_above_the_cap_is_refused_in_the_briefs_currency(brand, kol):
    brief = make_brief(brand, currency="usd")
    fields = _fields(applications.apply_to_brief, kol, brief.id, None, PAST_INT32, "Hello")
    assert fields["price"] == ["Must be at most $10,000,000."]


@pytest.mark.parametrize("bps", [0, 10_001, PAST_INT32])
def test_commission_errors_speak_percent_not_basis_points(kol, bps):
    with_profile(kol)
    payload = listing_payload(platform="douyin", collab_type="live_stream", commission_bps=bps)
    fields = _fields(listings.create_listing, kol, **payload)
    assert fields["commission_bps"] == ["Must be between 0.01% and 100%."]


@pytest.mark.parametrize("engagement", [1.5, -0.1, "nan", "inf"])
def test_engagement_errors_speak_percent(kol, engagement):
    payload = profile_payload(platforms=[platform_row(engagement_rate=engagement)])
    fields = _fields(kol_profiles.update_kol_profile, kol, **payload)
    assert fields["platforms.0.engagement_rate"] == ["Must be between 0% and 100%."]


def test_audience_share_errors_speak_percent(kol):
    payload = profile_payload(audience={"gender": {"female": 1.5, "male": -0.5}})
    fields = _fields(kol_profiles.update_kol_profile, kol, **payload)
    assert fields["audience.gender"] == ["Each share must be between 0% and 100%."]


def test_typed_rate_filters_are_parsed_like_any_amount(ctx):
    found = search.search_listings(currency="cny", min_rate="¥1,500", display_units=True)
    assert found.total == 0  # parsed (no error) even with a symbol and a group separator
    fields = _fields(search.search_listings, currency="cny", max_rate="1.005", display_units=True)
    assert fields["max_rate"] == ["Use at most 2 decimal places."]
    fields = _fields(search.search_listings, currency="usd", max_rate="¥5", display_units=True)
    assert fields["max_rate"] == ["Enter the amount in USD."]
    fields = _fields(search.search_listings, currency="usd", max_rate="lots", display_units=True)
    assert fields["max_rate"] == ["Enter an amount like 3000.50."]
    fields = _fields(search.search_listings, min_engagement="250", display_units=True)
    assert fields["min_engagement"] == ["Must be between 0% and 100%."]


def test_api_rate_filters_in_fen_still_speak_yuan(ctx):
    fields = _fields(search.search_listings, currency="cny", max_rate=PAST_INT32)
    assert fields["max_rate"] == ["Must be at most CN¥10,000,000."]


def test_amount_columns_hold_amounts_past_the_32_bit_range(brand, kol):
    """BIGINT columns: the ledger will sum amounts, so rows must hold more than 2**31 - 1."""
    with_profile(kol)
    listing = listings.create_listing(kol, **listing_payload())
    brief = make_brief(brand, budget=PAST_INT32 * 3)
    application = make_application(kol, brief, price=PAST_INT32 + 7)
    listing.rate = 2**62
    db.session.commit()
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).rate == 2**62
    assert db.session.get(Brief, brief.id).budget == PAST_INT32 * 3
    assert db.session.get(Application, application.id).price == PAST_INT32 + 7
    total = db.session.scalar(select(func.sum(Listing.rate)).where(Listing.id == listing.id))
    assert total == 2**62


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)")
def test_amount_columns_are_bigint_on_postgresql(ctx):
    """SQLite's INTEGER is 64-bit already; PostgreSQL's is 32-bit, so 0003 must widen it."""
    rows = db.session.execute(
        text(
            "SELECT table_name, data_type FROM information_schema.columns "
            "WHERE table_schema = current_schema() AND (table_name, column_name) IN "
            "(('listings', 'rate'), ('briefs', 'budget'), ('applications', 'price'))"
        )
    ).all()
    assert sorted(rows) == [
        ("applications", "bigint"),
        ("briefs", "bigint"),
        ("listings", "bigint"),
    ]
