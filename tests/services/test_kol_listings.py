"""Listing use cases: field rules, pricing per type, ownership and status changes."""

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Listing
from marketplace.services.catalogue import listings
from tests import factories
from tests.factories.kols import listing_payload, make_listing, with_profile


@pytest.fixture
def seller(kol):
    return with_profile(kol)


def _count() -> int:
    return db.session.scalar(select(func.count(Listing.id))) or 0


def _errors(seller, **overrides):
    before = _count()
    with pytest.raises(ValidationFailed) as caught:
        listings.create_listing(seller, **listing_payload(**overrides))
    assert _count() == before
    return caught.value.fields


def test_create_copies_the_platform_figures_and_is_active(seller):
    listing = make_listing(seller, platform="douyin", collab_type="short_video")
    assert listing.status == "active"
    assert (listing.followers, listing.engagement_rate) == (120_000, 0.031)
    assert (listing.pricing_model, listing.commission_bps) == ("fixed", None)
    assert listing.kol_id == seller.id


def test_defaults_for_turnaround_and_revisions(seller):
    listing = make_listing(seller, turnaround_days=None, revisions=None)
    assert (listing.turnaround_days, listing.revisions) == (7, 2)


def test_create_calls_the_catalogue_hook(seller, monkeypatch):
    calls = []
    monkeypatch.setattr("marketplace.services.discovery.search_index.refresh_kol", calls.append)
    make_listing(seller)
    assert calls == [seller.id]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"platform": "myspace"}, "platform"),
        ({"platform": "weibo"}, "platform"),  # a real platform, but not one of the KOL's
        ({"collab_type": "podcast"}, "collab_type"),
        ({"title": ""}, "title"),
        ({"title": "t" * 121}, "title"),
        ({"description": "d" * 5001}, "description"),
        ({"rate": -1}, "rate"),
        ({"rate": 1_000_000_001}, "rate"),
        ({"rate": "cheap"}, "rate"),
        ({"rate": 10.5}, "rate"),
        ({"rate": None}, "rate"),
        ({"currency": "eur"}, "currency"),
        ({"currency": "CNY"}, "currency"),
        ({"turnaround_days": 0}, "turnaround_days"),
        ({"turnaround_days": 91}, "turnaround_days"),
        ({"revisions": -1}, "revisions"),
        ({"revisions": 11}, "revisions"),
        ({"pricing_model": "commission"}, "pricing_model"),  # not for image_text
        ({"commission_bps": 500}, "commission_bps"),  # fixed fee takes no commission
    ],
)
def test_bad_fields_are_reported_and_nothing_saved(seller, overrides, field):
    assert field in _errors(seller, **overrides)


def test_live_stream_pit_fee_plus_commission(seller):
    listing = make_listing(
        seller, platform="douyin", collab_type="live_stream", rate=500_000, commission_bps=1500
    )
    assert (listing.pricing_model, listing.rate, listing.commission_bps) == (
        "pit_fee_commission",
        500_000,
        1500,
    )
    fixed = make_listing(seller, platform="douyin", collab_type="live_stream")
    assert fixed.pricing_model == "fixed"


@pytest.mark.parametrize("bps", [0, 10_001, None, "many"])
def test_commission_must_be_1_to_10000_bps(seller, bps):
    fields = _errors(
        seller, collab_type="live_stream", pricing_model="pit_fee_commission", commission_bps=bps
    )
    assert "commission_bps" in fields


def test_affiliate_is_commission_only(seller):
    listing = make_listing(seller, collab_type="affiliate", rate=None, commission_bps=2000)
    assert (listing.pricing_model, listing.rate, listing.commission_bps) == (
        "commission",
        0,
        2000,
    )
    assert "rate" in _errors(seller, collab_type="affiliate", rate=5000, commission_bps=2000)
    assert "commission_bps" in _errors(seller, collab_type="affiliate", rate=0)
    assert "pricing_model" in _errors(
        seller, collab_type="affiliate", pricing_model="fixed", commission_bps=2000
    )


def test_brands_cannot_create_listings(brand):
    with pytest.raises(NotAllowed):
        listings.create_listing(brand, **listing_payload())


def test_a_kol_without_that_platform_account_cannot_sell_on_it(kol):
    assert "platform" in _errors(kol)


def test_update_changes_only_the_given_fields(seller):
    listing = make_listing(seller)
    updated = listings.update_listing(seller, listing.id, {"title": "New title", "rate": 350_000})
    assert (updated.title, updated.rate, updated.platform) == ("New title", 350_000, "xiaohongshu")


def test_update_to_another_platform_recopies_its_figures(seller):
    listing = make_listing(seller)
    updated = listings.update_listing(seller, listing.id, {"platform": "douyin"})
    assert updated.followers == 120_000


def test_changing_type_drops_pricing_that_no_longer_fits(seller):
    listing = make_listing(seller, collab_type="live_stream", commission_bps=1000)
    updated = listings.update_listing(seller, listing.id, {"collab_type": "short_video"})
    assert (updated.pricing_model, updated.commission_bps) == ("fixed", None)
    affiliate = listings.update_listing(
        seller, listing.id, {"collab_type": "affiliate", "commission_bps": 1200}
    )
    assert (affiliate.pricing_model, affiliate.rate) == ("commission", 0)


def test_bad_update_changes_nothing(seller):
    listing = make_listing(seller)
    with pytest.raises(ValidationFailed) as caught:
        listings.update_listing(seller, listing.id, {"title": "", "revisions": 99, "status": "x"})
    assert set(caught.value.fields) == {"title", "revisions", "status"}
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).title == "Honest sunscreen review"


def test_another_kols_listing_is_not_found(seller, ctx):
    listing = make_listing(seller)
    other = with_profile(factories.make_kol())
    for call in (
        lambda: listings.update_listing(other, listing.id, {"title": "Mine now"}),
        lambda: listings.set_listing_status(other, listing.id, "paused"),
        lambda: listings.delete_listing(other, listing.id),
        lambda: listings.get_own_listing(other, listing.id),
        lambda: listings.update_listing(other, 987_654, {}),
    ):
        with pytest.raises(NotFound):
            call()
    db.session.expire_all()
    assert db.session.get(Listing, listing.id).status == "active"


def test_pause_reactivate_and_delete(seller):
    listing = make_listing(seller)
    assert listings.set_listing_status(seller, listing.id, "paused").status == "paused"
    assert listings.set_listing_status(seller, listing.id, "active").status == "active"
    with pytest.raises(ValidationFailed):
        listings.set_listing_status(seller, listing.id, "deleted")
    assert listings.delete_listing(seller, listing.id).status == "deleted"
    assert listings.delete_listing(seller, listing.id).status == "deleted"  # idempotent
    with pytest.raises(Conflict):
        listings.set_listing_status(seller, listing.id, "active")
    with pytest.raises(Conflict):
        listings.update_listing(seller, listing.id, {"title": "Back"})


def test_own_listings_newest_first_with_or_without_deleted(seller):
    first = make_listing(seller)
    second = make_listing(seller, title="Second")
    listings.delete_listing(seller, first.id)
    mine = listings.list_own_listings(seller)
    assert ([i.id for i in mine.items], mine.total) == ([second.id, first.id], 2)
    mine = listings.list_own_listings(seller, include_deleted=False)
    assert ([i.id for i in mine.items], mine.total) == ([second.id], 1)
    mine = listings.list_own_listings(seller, page=2, per_page=1)
    assert ([i.id for i in mine.items], mine.total) == ([first.id], 2)
    assert listings.list_own_listings(seller, page=3, per_page=1).items == []
