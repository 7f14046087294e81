"""Brand pages: profile, dashboard, briefs (create, edit, open, close) and applications."""

from datetime import timedelta

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Application, BrandProfile, Brief
from marketplace.models.base import utcnow
from tests import factories
from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing


def _brief_form(**overrides):
    data = {
        "title": "Sunscreen summer",
        "description": "Try our SPF50.",
        "product_url": "https://detail.tmall.com/item.htm?id=9",
        "category": "beauty",
        "platforms": ["xiaohongshu", "douyin"],
        "collab_types": ["short_video"],
        "budget": "3,000.50",
        "currency": "cny",
        "kols_wanted": "2",
        "min_followers": "1000",
        "max_followers": "90000",
        "deadline": (utcnow().date() + timedelta(days=10)).isoformat(),
        "aud_gender_female": "70",
        "aud_age_18_24": "40",
        "publish": "Publish",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _count() -> int:
    return db.session.scalar(select(func.count(Brief.id)))


def test_profile_form_renders_and_saves(login_as, brand):
    client = login_as(brand)
    page = client.get("/brand/profile")
    assert page.status_code == 200 and 'name="store_url"' in page.get_data(as_text=True)
    response = client.post(
        "/brand/profile",
        data={
            "company_name": "Lumi",
            "kind": "merchant",
            "store_url": "https://lumi.taobao.com",
            "categories": ["beauty", "home"],
            "description": "Skincare",
        },
    )
    assert response.status_code == 302
    db.session.expire_all()
    profile = db.session.get(BrandProfile, brand.id)
    assert (profile.kind, profile.categories) == ("merchant", ["beauty", "home"])


def test_profile_errors_are_shown_with_400(login_as, brand):
    client = login_as(brand)
    response = client.post(
        "/brand/profile",
        data={"company_name": "Lumi", "kind": "merchant", "store_url": "https://jd.com/x"},
    )
    assert response.status_code == 400
    assert "Must be a link on taobao.com, tmall.com." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(BrandProfile, brand.id).kind == "brand"


def test_kol_gets_403_on_brand_pages(login_as, kol):
    client = login_as(kol)
    for url in ("/brand/profile", "/brand/briefs", "/brand/briefs/new", "/brand/shortlists"):
        assert client.get(url).status_code == 403
    assert client.post("/brand/briefs/new", data=_brief_form()).status_code == 403
    assert _count() == 0


def test_anonymous_users_are_sent_to_login(client, ctx):
    response = client.get("/brand/briefs/new")
    assert response.status_code == 302 and "/auth/login" in response.headers["Location"]


def test_create_brief_converts_major_units_and_percentages(login_as, brand):
    client = login_as(brand)
    assert client.get("/brand/briefs/new").status_code == 200
    response = client.post("/brand/briefs/new", data=_brief_form())
    assert response.status_code == 302
    brief = db.session.scalar(select(Brief))
    assert brief.status == "open" and brief.budget == 300_050
    assert brief.target_audience == {"gender": {"female": 0.7}, "age": {"18-24": 0.4}}
    assert (brief.min_followers, brief.max_followers, brief.kols_wanted) == (1000, 90000, 2)
    detail = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "CN¥3,000.50" in detail and "Sunscreen summer" in detail


def test_save_as_draft(login_as, brand):
    client = login_as(brand)
    data = _brief_form(publish=None, save_draft="Save as draft")
    assert client.post("/brand/briefs/new", data=data).status_code == 302
    assert db.session.scalar(select(Brief.status)) == "draft"


def test_brief_form_errors_are_shown_with_400_and_nothing_saved(login_as, brand):
    client = login_as(brand)
    cases = [
        ({"budget": "abc"}, "Enter an amount like"),
        ({"budget": "10.001"}, "Use at most 2 decimal places."),
        ({"budget": "0"}, "Must be at least CN¥0.01."),
        ({"budget": "-5"}, "Must not be negative."),
        ({"budget": "10,000,000.01"}, "Must be at most CN¥10,000,000."),
        ({"min_followers": "5000", "max_followers": "10"}, "Must not be below the minimum"),
        ({"deadline": (utcnow().date() - timedelta(days=1)).isoformat()}, "in the past"),
        ({"title": "x" * 200}, "at most 160 characters"),
        ({"platforms": None}, "Choose at least one."),
        ({"aud_gender_female": "80", "aud_gender_male": "40"}, "Gender: Shares must add up"),
        ({"aud_gender_female": "180"}, "Number must be between 0 and 100."),
        ({"category": "cars"}, "Not a valid choice"),
        ({"product_url": "javascript:alert(1)"}, "Enter a full web address"),
    ]
    for overrides, message in cases:
        response = client.post("/brand/briefs/new", data=_brief_form(**overrides))
        assert response.status_code == 400, overrides
        assert message in response.get_data(as_text=True), overrides
    assert _count() == 0


def test_edit_prefills_and_saves(login_as, brand):
    brief = make_brief(brand, status="draft", budget=123_456)
    client = login_as(brand)
    page = client.get(f"/brand/briefs/{brief.id}/edit").get_data(as_text=True)
    assert 'value="1234.56"' in page and 'value="80"' in page
    response = client.post(
        f"/brand/briefs/{brief.id}/edit",
        data=_brief_form(title="Edited", budget="99", publish=None, save="Save"),
    )
    assert response.status_code == 302
    db.session.expire_all()
    edited = db.session.get(Brief, brief.id)
    assert (edited.title, edited.budget, edited.status) == ("Edited", 9900, "draft")


def test_edit_with_bad_input_is_400(login_as, brand):
    brief = make_brief(brand, status="draft")
    response = login_as(brand).post(
        f"/brand/briefs/{brief.id}/edit", data=_brief_form(budget="-5", save="Save")
    )
    assert response.status_code == 400


def test_another_brands_brief_pages_are_404(login_as, brand):
    theirs = make_brief(factories.make_brand(), status="draft")
    client = login_as(brand)
    assert client.get(f"/brand/briefs/{theirs.id}").status_code == 404
    assert client.get(f"/brand/briefs/{theirs.id}/edit").status_code == 404
    assert client.post(f"/brand/briefs/{theirs.id}/edit", data=_brief_form()).status_code == 404
    response = client.post(f"/brand/briefs/{theirs.id}/status", data={"status": "open"})
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(Brief, theirs.id).status == "draft"


def test_open_and_close_buttons(login_as, brand):
    brief = make_brief(brand, status="draft")
    client = login_as(brand)
    page = client.get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert "Open for applications" in page
    client.post(f"/brand/briefs/{brief.id}/status", data={"status": "open"})
    client.post(f"/brand/briefs/{brief.id}/status", data={"status": "closed"})
    db.session.expire_all()
    assert db.session.get(Brief, brief.id).status == "closed"
    response = client.post(
        f"/brand/briefs/{brief.id}/status", data={"status": "open"}, follow_redirects=True
    )
    assert "A closed brief cannot become open." in response.get_data(as_text=True)


def test_brief_list_by_status(login_as, brand):
    make_brief(brand, title="Draft one", status="draft")
    make_brief(brand, title="Open one")
    client = login_as(brand)
    page = client.get("/brand/briefs?status=draft").get_data(as_text=True)
    assert "Draft one" in page and "Open one" not in page
    assert client.get("/brand/briefs?status=nope").status_code == 400


def test_applications_are_listed_and_decided(login_as, brand):
    kol, listing = make_kol_with_listing(name="Mei")
    brief = make_brief(brand)
    application = make_application(kol, brief, listing_id=listing.id, pitch="Pick me")
    client = login_as(brand)
    page = client.get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert "Mei" in page and "Pick me" in page and 'data-testid="shortlist-button"' in page
    next_url = f"/brand/briefs/{brief.id}"
    response = client.post(
        f"/brand/applications/{application.id}/shortlist", data={"next": next_url}
    )
    assert response.status_code == 302 and response.headers["Location"] == next_url
    client.post(f"/brand/applications/{application.id}/accept", data={"next": next_url})
    db.session.expire_all()
    assert db.session.get(Application, application.id).status == "accepted"
    response = client.post(
        f"/brand/applications/{application.id}/decline",
        data={"next": next_url},
        follow_redirects=True,
    )
    assert "cannot be declined" in response.get_data(as_text=True)


def test_deciding_on_another_brands_application_is_404(login_as, brand, kol):
    application = make_application(kol, make_brief(factories.make_brand()))
    client = login_as(brand)
    assert client.post(f"/brand/applications/{application.id}/accept").status_code == 404
    assert client.post(f"/brand/applications/{application.id}/explode").status_code == 404


def test_dashboard_shows_briefs_applications_and_shortlists(login_as, brand, kol):
    brief = make_brief(brand, title="Dash brief")
    make_brief(brand, status="draft")
    make_application(kol, brief)
    make_shortlist(brand, "Faves", kols=(kol,))
    page = login_as(brand).get("/dashboard").get_data(as_text=True)
    assert 'data-testid="briefs-open">1<' in page and 'data-testid="briefs-draft">1<' in page
    assert 'data-testid="pending-total">1<' in page
    assert "Dash brief" in page and "Faves" in page
    assert "My briefs" in page and "Shortlists" in page


def test_csrf_is_required(login_as, brand, request):
    brief = make_brief(brand, status="draft")
    client = login_as(brand)
    request.getfixturevalue("csrf_on")
    assert client.post("/brand/briefs/new", data=_brief_form()).status_code == 400
    assert _count() == 1
    response = client.post(f"/brand/briefs/{brief.id}/status", data={"status": "open"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(Brief, brief.id).status == "draft"
    page = client.get(f"/brand/briefs/{brief.id}").get_data(as_text=True)
    assert 'name="csrf_token"' in page


def _form_values(html: str) -> list[tuple[str, str]]:
    """What a browser would submit for the page's brief form, unchanged."""
    from html.parser import HTMLParser

    class Parser(HTMLParser):
        def __init__(self):
            super().__init__()
            self.values: list[tuple[str, str]] = []
            self.select: str | None = None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "input" and a.get("name") and a.get("type") not in ("submit",):
                if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                    return
                self.values.append((a["name"], a.get("value") or ""))
            elif tag == "select":
                self.select = a.get("name")
            elif tag == "option" and self.select and "selected" in a:
                self.values.append((self.select, a.get("value") or ""))

        def handle_endtag(self, tag):
            if tag == "select":
                self.select = None

    parser = Parser()
    parser.feed(html.split('data-testid="brief-form"')[1].split("</form>")[0])
    return parser.values


def test_edit_form_round_trips_unchanged(login_as, brand):
    from werkzeug.datastructures import MultiDict

    brief = make_brief(
        brand,
        status="draft",
        budget=123_456,
        target_audience={"gender": {"female": 0.35}, "region": {"tier1": 0.333}},
    )
    client = login_as(brand)
    page = client.get(f"/brand/briefs/{brief.id}/edit").get_data(as_text=True)
    data = MultiDict(_form_values(page))
    data["description"] = brief.description
    data["save"] = "Save changes"
    response = client.post(f"/brand/briefs/{brief.id}/edit", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    saved = db.session.get(Brief, brief.id)
    assert saved.budget == 123_456 and saved.platforms == ["xiaohongshu", "douyin"]
    assert saved.target_audience == {"gender": {"female": 0.35}, "region": {"tier1": 0.333}}
    assert (saved.min_followers, saved.max_followers) == (10_000, 500_000)
