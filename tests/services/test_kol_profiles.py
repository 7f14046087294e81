"""Profile use cases: every field validated, nothing saved on bad input, denormalised data kept."""

import pytest
from sqlalchemy import select

from marketplace.domain.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import KolProfile, Listing, PlatformAccount
from marketplace.services.accounts import users
from marketplace.services.catalogue import kol_profiles
from tests import factories
from tests.factories.kols import (
    AUDIENCE,
    make_listing,
    platform_row,
    profile_payload,
    with_profile,
)


def _fields(kol, **overrides):
    with pytest.raises(ValidationFailed) as caught:
        kol_profiles.update_kol_profile(kol, **profile_payload(**overrides))
    return caught.value.fields


def test_update_saves_every_part_of_the_profile(kol):
    profile = kol_profiles.update_kol_profile(kol, **profile_payload())
    db.session.expire_all()
    profile = db.session.get(KolProfile, kol.id)
    assert profile.display_name == "Mei Lin"
    assert profile.category_names == ["beauty", "lifestyle"]  # first is primary
    assert profile.categories[0].position == 0
    assert profile.tags == ["skincare", "防晒"]
    assert [(a.platform, a.followers) for a in profile.platforms] == [
        ("xiaohongshu", 52_000),
        ("douyin", 120_000),
    ]
    assert profile.audience["gender"] == {"female": 0.7, "male": 0.3}
    assert (
        profile.audience_gender_major,
        profile.audience_age_major,
        profile.audience_region_major,
    ) == ("female", "18-24", "tier1")


def test_update_calls_the_catalogue_hook_before_commit(kol, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "marketplace.services.discovery.search_index.refresh_kol",
        lambda kol_id: calls.append((kol_id, db.session.get(KolProfile, kol_id).display_name)),
    )
    kol_profiles.update_kol_profile(kol, **profile_payload(display_name="Hooked"))
    assert calls == [(kol.id, "Hooked")]


def test_categories_can_be_reordered_and_replaced(kol):
    with_profile(kol, categories=["beauty", "food"])
    kol_profiles.update_kol_profile(kol, **profile_payload(categories=["food", "pets", "beauty"]))
    db.session.expire_all()
    assert db.session.get(KolProfile, kol.id).category_names == ["food", "pets", "beauty"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"display_name": ""}, "display_name"),
        ({"display_name": "x" * 81}, "display_name"),
        ({"display_name": 42}, "display_name"),
        ({"bio": "b" * 2001}, "bio"),
        ({"categories": []}, "categories"),
        ({"categories": ["beauty", "food", "pets", "home"]}, "categories"),
        ({"categories": ["astrology"]}, "categories"),
        ({"categories": ["beauty", "beauty"]}, "categories"),
        ({"categories": "beauty"}, "categories"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"tags": ["x" * 31]}, "tags"),
        ({"tags": "a,b"}, "tags"),
        ({"platforms": "douyin"}, "platforms"),
        ({"platforms": ["douyin"]}, "platforms.0"),
        ({"platforms": [platform_row("myspace")]}, "platforms.0.platform"),
        ({"platforms": [platform_row(handle="")]}, "platforms.0.handle"),
        ({"platforms": [platform_row(handle="h" * 81)]}, "platforms.0.handle"),
        ({"platforms": [platform_row(followers=-1)]}, "platforms.0.followers"),
        ({"platforms": [platform_row(followers=3_000_000_000)]}, "platforms.0.followers"),
        ({"platforms": [platform_row(followers=1.5)]}, "platforms.0.followers"),
        ({"platforms": [platform_row(engagement_rate=1.5)]}, "platforms.0.engagement_rate"),
        ({"platforms": [platform_row(engagement_rate=-0.1)]}, "platforms.0.engagement_rate"),
        ({"platforms": [platform_row(engagement_rate="lots")]}, "platforms.0.engagement_rate"),
        ({"platforms": [platform_row(), platform_row()]}, "platforms.1.platform"),
        ({"audience": "mostly women"}, "audience"),
        ({"audience": {**AUDIENCE, "gender": {"female": 0.7, "male": 0.2}}}, "audience.gender"),
        ({"audience": {**AUDIENCE, "age": {"18-24": 0.5, "25-34": 0.52}}}, "audience.age"),
        ({"audience": {**AUDIENCE, "gender": {"female": 0.5, "other": 0.5}}}, "audience.gender"),
        ({"audience": {**AUDIENCE, "pets": {"cats": 1.0}}}, "audience.pets"),
    ],
)
def test_bad_fields_are_reported_and_nothing_is_saved(kol, overrides, field):
    before = db.session.get(KolProfile, kol.id).display_name
    assert field in _fields(kol, **overrides)
    db.session.expire_all()
    profile = db.session.get(KolProfile, kol.id)
    assert profile.display_name == before
    assert profile.categories == [] and profile.platforms == []


def test_audience_within_one_percent_is_accepted(kol):
    audience = {"gender": {"female": 0.705, "male": 0.3}}
    profile = kol_profiles.update_kol_profile(kol, **profile_payload(audience=audience))
    assert profile.audience == {"gender": {"female": 0.705, "male": 0.3}}
    assert profile.audience_age_major is None


def test_all_errors_are_reported_at_once(kol):
    fields = _fields(kol, display_name="", categories=["astrology"], tags=["x" * 40])
    assert {"display_name", "categories", "tags"} <= set(fields)


def test_platform_figures_are_copied_onto_that_platforms_listings(kol):
    with_profile(kol)
    listing = make_listing(kol, platform="douyin", collab_type="short_video")
    other = make_listing(kol)
    payload = profile_payload(
        platforms=[
            platform_row("xiaohongshu"),
            platform_row("douyin", followers=250_000, engagement_rate=0.05),
        ]
    )
    kol_profiles.update_kol_profile(kol, **payload)
    db.session.expire_all()
    assert (
        db.session.get(Listing, listing.id).followers,
        db.session.get(Listing, listing.id).engagement_rate,
    ) == (250_000, 0.05)
    assert db.session.get(Listing, other.id).followers == 52_000


def test_platforms_replace_the_set_and_keep_existing_rows(kol):
    with_profile(kol)
    first_id = db.session.scalar(
        select(PlatformAccount.id).where(PlatformAccount.platform == "xiaohongshu")
    )
    kol_profiles.update_kol_profile(
        kol, **profile_payload(platforms=[platform_row("xiaohongshu"), platform_row("weibo")])
    )
    db.session.expire_all()
    accounts_ = db.session.get(KolProfile, kol.id).platforms
    assert sorted(a.platform for a in accounts_) == ["weibo", "xiaohongshu"]
    assert first_id in {a.id for a in accounts_}


def test_a_platform_with_listings_cannot_be_removed(kol):
    with_profile(kol)
    make_listing(kol, platform="douyin", collab_type="short_video")
    fields = _fields(kol, platforms=[platform_row("xiaohongshu")])
    assert "douyin" in fields["platforms"][0]
    assert len(db.session.get(KolProfile, kol.id).platforms) == 2


def test_a_deleted_listing_does_not_block_removing_its_platform(kol):
    from marketplace.services.catalogue import listings

    with_profile(kol)
    listings.delete_listing(kol, make_listing(kol, platform="douyin").id)
    kol_profiles.update_kol_profile(kol, **profile_payload(platforms=[platform_row()]))


def test_brands_and_admins_have_no_kol_profile(brand, admin):
    for user in (brand, admin):
        with pytest.raises(NotAllowed):
            kol_profiles.update_kol_profile(user, **profile_payload())


def test_public_profile_shows_only_active_listings(kol):
    from marketplace.services.catalogue import listings

    with_profile(kol)
    active = make_listing(kol)
    paused = make_listing(kol, title="Paused one")
    listings.set_listing_status(kol, paused.id, "paused")
    public = kol_profiles.get_public_profile(kol.id)
    assert public.profile.display_name == "Mei Lin"
    assert [item.id for item in public.listings] == [active.id]


def test_public_profile_of_non_kols_unknown_and_suspended_is_not_found(ctx, brand, admin):
    suspended = factories.make_kol(suspended=True)
    for kol_id in (brand.id, 999_999, suspended.id):
        with pytest.raises(NotFound):
            kol_profiles.get_public_profile(kol_id)


def test_only_admins_set_verification(kol, admin, brand):
    for actor in (kol, brand):
        with pytest.raises(NotAllowed):
            kol_profiles.set_verification(actor, kol.id, "verified")
    profile = kol_profiles.set_verification(admin, kol.id, "invited_pro", "Top seller")
    assert (profile.verification, profile.verification_reason) == ("invited_pro", "Top seller")
    assert profile.verified_at is not None


def test_verification_validates_level_reason_and_target(kol, admin, brand):
    with pytest.raises(ValidationFailed) as caught:
        kol_profiles.set_verification(admin, kol.id, "gold", "r" * 501)
    assert set(caught.value.fields) == {"level", "reason"}
    assert db.session.get(KolProfile, kol.id).verification == "unverified"
    with pytest.raises(NotFound):
        kol_profiles.set_verification(admin, brand.id, "verified")


def test_suspending_a_kol_refreshes_the_catalogue(kol, admin, monkeypatch):
    calls = []
    monkeypatch.setattr("marketplace.services.discovery.search_index.refresh_kol", calls.append)
    users.set_suspension(admin, kol.id, True, "fraud")
    assert calls == [kol.id]


def test_dashboard_summary_tracks_completeness_and_listing_counts(kol):
    empty = kol_profiles.dashboard_summary(kol)
    assert empty.completeness == 0 and "a bio" in empty.missing
    with_profile(kol)
    make_listing(kol)
    summary = kol_profiles.dashboard_summary(kol)
    assert summary.missing == ["a photo"]
    assert summary.completeness == 83
    assert (summary.active_listings, summary.paused_listings) == (1, 0)
