"""KOL pages: profile and avatar forms, listing management, the public profile page."""

import re
from io import BytesIO

import pytest

from marketplace.extensions import db
from marketplace.models import KolProfile, Listing
from tests import factories
from tests.factories.kols import image_bytes, make_listing, with_profile


def _profile_form(**overrides):
    data = {
        "display_name": "Mei Lin",
        "bio": "Skincare and sunscreen.",
        "primary_category": "beauty",
        "more_categories": ["lifestyle"],
        "tags": "skincare, 防晒，sunscreen",
        "platforms-0-platform": "xiaohongshu",
        "platforms-0-handle": "@mei",
        "platforms-0-followers": "52000",
        "platforms-0-engagement_pct": "4.5",
        "platforms-1-platform": "",
        "platforms-1-handle": "",
        "platforms-1-followers": "",
        "platforms-1-engagement_pct": "",
        "audience-gender_female": "70",
        "audience-gender_male": "30",
        "audience-age_18_24": "60",
        "audience-age_25_34": "40",
    }
    data.update(overrides)
    return data


@pytest.fixture
def kol_client(kol, login_as):
    return login_as(kol)


def test_profile_page_renders_the_form(kol_client):
    page = kol_client.get("/kol/profile").get_data(as_text=True)
    assert 'data-testid="profile-form"' in page
    assert 'name="platforms-2-platform"' in page  # three empty rows to start with
    assert 'name="audience-region_tier4p"' in page
    assert 'enctype="multipart/form-data"' in page


def test_profile_form_saves_in_the_services_units(kol_client, kol):
    response = kol_client.post("/kol/profile", data=_profile_form())
    assert response.status_code == 302
    profile = db.session.get(KolProfile, kol.id)
    assert profile.category_names == ["beauty", "lifestyle"]
    assert profile.tags == ["skincare", "防晒", "sunscreen"]
    account = profile.platforms[0]
    assert (account.platform, account.followers, account.engagement_rate) == (
        "xiaohongshu",
        52_000,
        0.045,
    )
    assert profile.audience == {
        "gender": {"female": 0.7, "male": 0.3},
        "age": {"18-24": 0.6, "25-34": 0.4},
    }
    page = kol_client.get("/kol/profile").get_data(as_text=True)
    assert 'value="4.50"' in page and 'value="70.00"' in page and "防晒" in page


def test_profile_form_errors_are_shown_where_they_belong(kol_client, kol):
    response = kol_client.post(
        "/kol/profile",
        data=_profile_form(
            display_name="",
            primary_category="",
            more_categories=[],
            **{
                "platforms-1-platform": "douyin",
                "platforms-1-handle": "@mei_dy",
                "platforms-1-followers": "-3",
                "platforms-1-engagement_pct": "2",
                "audience-gender_male": "10",
            },
        ),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert page.count("invalid-feedback d-block") >= 3
    assert "This field is required." in page  # display name
    assert "Choose at least one." in page  # categories
    assert "Must be at least 0." in page  # followers on the douyin row
    assert 'data-testid="audience-error-gender"' in page
    assert db.session.get(KolProfile, kol.id).platforms == []


def test_non_numeric_input_is_a_form_error_not_a_crash(kol_client):
    response = kol_client.post(
        "/kol/profile",
        data=_profile_form(
            **{"platforms-0-followers": "lots", "audience-gender_female": "seventy"}
        ),
    )
    assert response.status_code == 400
    assert "invalid-feedback" in response.get_data(as_text=True)


def test_avatar_upload_form(kol_client, kol):
    response = kol_client.post(
        "/kol/avatar",
        data={"avatar": (BytesIO(image_bytes("JPEG")), "me.jpg")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert db.session.get(KolProfile, kol.id).avatar_path
    assert kol_client.get(f"/kol/avatar/{kol.id}").status_code == 200


def test_avatar_upload_rejects_a_fake_image(kol_client, kol):
    response = kol_client.post(
        "/kol/avatar",
        data={"avatar": (BytesIO(b"%PDF-1.7 not an image"), "me.png")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "Upload a PNG, JPEG or WebP image." in response.get_data(as_text=True)
    assert db.session.get(KolProfile, kol.id).avatar_path is None


def test_avatar_for_unknown_kol_is_404(client):
    assert client.get("/kol/avatar/999999").status_code == 404


def _listing_form(**overrides):
    data = {
        "platform": "xiaohongshu",
        "collab_type": "image_text",
        "title": "Sunscreen note",
        "description": "Five photos",
        "pricing_model": "",
        "rate": "3000.00",
        "currency": "cny",
        "commission_pct": "",
        "turnaround_days": "7",
        "revisions": "2",
    }
    data.update(overrides)
    return data


def test_new_listing_page_asks_for_a_platform_first(kol_client):
    page = kol_client.get("/kol/listings/new").get_data(as_text=True)
    assert 'data-testid="needs-platform"' in page


def test_create_a_listing_through_the_form(kol_client, kol):
    with_profile(kol)
    assert 'data-testid="listing-form"' in kol_client.get("/kol/listings/new").get_data(
        as_text=True
    )
    response = kol_client.post("/kol/listings/new", data=_listing_form())
    assert response.status_code == 302
    listing = db.session.query(Listing).filter_by(kol_id=kol.id).one()
    assert (listing.rate, listing.currency, listing.followers) == (300_000, "cny", 52_000)
    page = kol_client.get("/kol/listings").get_data(as_text=True)
    assert "Sunscreen note" in page and "CN¥3,000" in page


def test_commission_is_entered_in_percent(kol_client, kol):
    with_profile(kol)
    response = kol_client.post(
        "/kol/listings/new",
        data=_listing_form(platform="douyin", collab_type="live_stream", commission_pct="12.5"),
    )
    assert response.status_code == 302
    listing = db.session.query(Listing).filter_by(kol_id=kol.id).one()
    assert (listing.pricing_model, listing.commission_bps) == ("pit_fee_commission", 1250)


def test_listing_form_errors(kol_client, kol):
    with_profile(kol)
    response = kol_client.post(
        "/kol/listings/new",
        data=_listing_form(platform="weibo", title="", rate="12.345", turnaround_days="0"),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Use at most 2 decimal places." in page
    response = kol_client.post(
        "/kol/listings/new",
        data=_listing_form(platform="weibo", title="", turnaround_days="0", commission_pct="5"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Add your weibo account to your profile first." in page
    assert "This field is required." in page
    assert "Must be at least 1." in page
    assert "Only live-stream and affiliate listings take a commission." in page
    assert db.session.query(Listing).count() == 0


def test_edit_pause_reactivate_and_delete(kol_client, kol):
    listing = make_listing(with_profile(kol))
    page = kol_client.get(f"/kol/listings/{listing.id}/edit").get_data(as_text=True)
    assert 'value="3000"' in page
    response = kol_client.post(
        f"/kol/listings/{listing.id}/edit", data=_listing_form(title="Renamed", rate="3500")
    )
    assert response.status_code == 302
    assert db.session.get(Listing, listing.id).rate == 350_000
    kol_client.post(f"/kol/listings/{listing.id}/status", data={"status": "paused"})
    assert db.session.get(Listing, listing.id).status == "paused"
    assert "Reactivate" in kol_client.get("/kol/listings").get_data(as_text=True)
    kol_client.post(f"/kol/listings/{listing.id}/status", data={"status": "active"})
    assert db.session.get(Listing, listing.id).status == "active"
    kol_client.post(f"/kol/listings/{listing.id}/delete")
    assert db.session.get(Listing, listing.id).status == "deleted"
    assert 'data-testid="no-listings"' in kol_client.get("/kol/listings").get_data(as_text=True)


def test_bad_status_is_a_400_page(kol_client, kol):
    listing = make_listing(with_profile(kol))
    response = kol_client.post(f"/kol/listings/{listing.id}/status", data={"status": "deleted"})
    assert response.status_code == 400
    assert db.session.get(Listing, listing.id).status == "active"


def test_another_kols_listing_pages_are_404(kol_client, kol, ctx):
    other = with_profile(factories.make_kol())
    listing = make_listing(other)
    assert kol_client.get(f"/kol/listings/{listing.id}/edit").status_code == 404
    assert (
        kol_client.post(f"/kol/listings/{listing.id}/edit", data=_listing_form()).status_code == 404
    )
    assert (
        kol_client.post(f"/kol/listings/{listing.id}/status", data={"status": "paused"}).status_code
        == 404
    )
    assert kol_client.post(f"/kol/listings/{listing.id}/delete").status_code == 404
    assert db.session.get(Listing, listing.id).status == "active"


def test_brands_get_403_on_kol_pages(brand, login_as):
    client = login_as(brand)
    for path in ("/kol/profile", "/kol/listings", "/kol/listings/new"):
        assert client.get(path).status_code == 403, path
    assert client.post("/kol/listings/new", data=_listing_form()).status_code == 403


def test_kol_pages_need_a_login(client):
    response = client.get("/kol/profile")
    assert response.status_code == 302 and "/auth/login" in response.location


def test_public_profile_page_for_anonymous_visitors(client, kol, ctx):
    from marketplace.services.catalogue import kol_profiles, listings

    with_profile(kol)
    make_listing(kol)
    make_listing(
        kol,
        platform="douyin",
        collab_type="affiliate",
        rate=None,
        commission_bps=1500,
        title="Affiliate deal",
    )
    hidden = make_listing(kol, title="Hidden paused")
    listings.set_listing_status(kol, hidden.id, "paused")
    kol_profiles.set_verification(factories.make_admin(), kol.id, "verified")
    page = client.get(f"/kol/{kol.id}").get_data(as_text=True)
    assert "Mei Lin" in page and 'data-testid="verification-badge"' in page
    assert "52K" in page and "4.50%" in page  # compact followers, Babel-formatted engagement
    assert "CN¥3,000" in page and "15% commission" in page
    assert "Hidden paused" not in page
    assert "No reviews yet" in page and "0 completed collaborations" in page
    for chart in ("gender", "age", "region"):
        assert f'data-testid="chart-{chart}"' in page
    assert "<svg" in page and '<script src="http' not in page
    assert len(re.findall(r'stroke-dasharray="70\.000 30\.000"', page)) == 1


def test_public_profile_404s(client, brand, ctx):
    suspended = factories.make_kol(suspended=True)
    for kol_id in (brand.id, suspended.id, 999_999):
        assert client.get(f"/kol/{kol_id}").status_code == 404


def test_public_profile_in_chinese_formats_money_by_locale(client, kol, ctx):
    make_listing(with_profile(kol))
    page = client.get(f"/kol/{kol.id}", headers={"Accept-Language": "zh"}).get_data(as_text=True)
    assert "¥3,000" in page and "CN¥" not in page


def test_kol_nav_and_dashboard(kol_client, kol):
    make_listing(with_profile(kol))
    page = kol_client.get("/dashboard").get_data(as_text=True)
    assert 'data-testid="nav-kol-profile"' in page and 'data-testid="nav-kol-listings"' in page
    assert "Profile 83% complete" in page
    assert "1 active, 0 paused" in page


def test_forms_need_csrf(kol_client, kol, csrf_on):
    listing = make_listing(with_profile(kol))
    assert kol_client.post("/kol/profile", data=_profile_form()).status_code == 400
    assert kol_client.post(f"/kol/listings/{listing.id}/delete").status_code == 400
    assert db.session.get(Listing, listing.id).status == "active"
