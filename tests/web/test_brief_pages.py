"""KOL pages: browse open briefs, briefs for you, apply, my applications."""

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Application
from tests import factories
from tests.factories.brands import make_application, make_brief
from tests.factories.catalogue import make_kol_with_listing


def _count() -> int:
    return db.session.scalar(select(func.count(Application.id)))


def test_browse_lists_open_briefs_with_filters_and_for_you(login_as, brand):
    kol, _listing = make_kol_with_listing()
    make_brief(brand, title="Beauty on Xiaohongshu", budget=400_000, platforms=["xiaohongshu"])
    make_brief(brand, title="Food on Douyin", category="food", platforms=["douyin"])
    make_brief(brand, title="Hidden draft", status="draft")
    client = login_as(kol)
    page = client.get("/briefs/").get_data(as_text=True)
    assert "Beauty on Xiaohongshu" in page and "Food on Douyin" in page
    assert "Hidden draft" not in page
    assert 'data-testid="briefs-for-you"' in page and "CN¥4,000" in page
    filtered = client.get("/briefs/?platform=douyin").get_data(as_text=True)
    results = filtered.split('data-testid="brief-list"')[1]
    assert "Food on Douyin" in results and "Beauty on Xiaohongshu" not in results


def test_bad_filters_are_400(login_as, kol):
    response = login_as(kol).get("/briefs/?category=cars")
    assert response.status_code == 400
    assert "Not a valid choice" in response.get_data(as_text=True)


def test_brands_get_403_on_kol_brief_pages(login_as, brand):
    brief = make_brief(factories.make_brand())
    client = login_as(brand)
    assert client.get("/briefs/").status_code == 403
    assert client.get(f"/briefs/{brief.id}").status_code == 403
    response = client.post(f"/briefs/{brief.id}", data={"price": "10", "pitch": "hi"})
    assert response.status_code == 403
    assert _count() == 0


def test_apply_with_a_listing_and_a_price_in_major_units(login_as, brand):
    kol, listing = make_kol_with_listing()
    brief = make_brief(brand, currency="usd")
    client = login_as(kol)
    page = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert 'data-testid="apply-form"' in page and listing.title in page
    response = client.post(
        f"/briefs/{brief.id}",
        data={"listing_id": str(listing.id), "price": "1,250.5", "pitch": "I love SPF."},
    )
    assert response.status_code == 302
    application = db.session.scalar(select(Application))
    assert (application.price, application.currency) == (125_050, "usd")
    assert application.listing_id == listing.id
    mine = client.get("/briefs/applications").get_data(as_text=True)
    assert brief.title in mine and "$1,250.50" in mine
    again = client.get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert 'data-testid="my-application"' in again and 'data-testid="apply-form"' not in again


def test_apply_errors_are_shown_with_400(login_as, brand):
    kol, _listing = make_kol_with_listing()
    _other, others_listing = make_kol_with_listing()
    brief = make_brief(brand)
    client = login_as(kol)
    cases = [
        ({"listing_id": "", "price": "abc", "pitch": "hi"}, "Enter an amount like"),
        ({"listing_id": "", "price": "0", "pitch": "hi"}, "Must be at least CN¥0.01."),
        ({"listing_id": "", "price": "10000001", "pitch": "hi"}, "at most CN¥10,000,000."),
        ({"listing_id": "", "price": "US$10", "pitch": "hi"}, "Enter the amount in CNY."),
        ({"listing_id": "", "price": "10", "pitch": ""}, "This field is required."),
        ({"listing_id": "", "price": "10", "pitch": "x" * 2001}, "at most 2000 characters"),
        ({"listing_id": str(others_listing.id), "price": "10", "pitch": "hi"}, "Not a valid"),
    ]
    for data, message in cases:
        response = client.post(f"/briefs/{brief.id}", data=data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert _count() == 0


def test_closed_and_draft_briefs(login_as, brand, kol):
    closed = make_brief(brand, status="closed")
    draft = make_brief(brand, status="draft")
    client = login_as(kol)
    assert client.get(f"/briefs/{draft.id}").status_code == 404
    assert client.get(f"/briefs/{closed.id}").status_code == 404
    response = client.post(
        f"/briefs/{closed.id}", data={"listing_id": "", "price": "10", "pitch": "hi"}
    )
    assert response.status_code == 404
    assert _count() == 0


def test_past_deadline_brief_shows_no_apply_form(login_as, brand, kol):
    from datetime import timedelta

    from marketplace.models.base import utcnow

    brief = make_brief(brand, deadline=utcnow().date() - timedelta(days=1))
    page = login_as(kol).get(f"/briefs/{brief.id}").get_data(as_text=True)
    assert "not taking applications" in page and 'data-testid="apply-form"' not in page


def test_withdraw_from_my_applications(login_as, brand, kol):
    application = make_application(kol, make_brief(brand))
    client = login_as(kol)
    page = client.get("/briefs/applications").get_data(as_text=True)
    assert "Withdraw" in page
    assert client.post(f"/briefs/applications/{application.id}/withdraw").status_code == 302
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "withdrawn"
    other = make_application(factories.make_kol(), make_brief(brand))
    assert client.post(f"/briefs/applications/{other.id}/withdraw").status_code == 404


def test_kol_nav_and_dashboard_widget(app, login_as, brand):
    from flask import render_template
    from flask_login import login_user

    kol, _ = make_kol_with_listing()
    make_brief(brand, title="Widget brief")
    page = login_as(kol).get("/briefs/applications").get_data(as_text=True)
    assert 'data-testid="nav-briefs"' in page
    assert 'data-testid="nav-my-briefs"' not in page
    with app.test_request_context():
        login_user(kol)
        widget = render_template("briefs/_dashboard.html")
    assert "Widget brief" in widget and "Browse all open briefs" in widget
