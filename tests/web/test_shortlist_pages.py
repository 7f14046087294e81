"""Shortlist pages: create, add (also through the widget), compare, rename, remove, delete."""

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Shortlist, ShortlistEntry
from tests import factories
from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing


def _entries() -> int:
    return db.session.scalar(select(func.count()).select_from(ShortlistEntry))


def test_create_add_compare_remove_delete(login_as, brand):
    kol, _ = make_kol_with_listing(name="Mei", followers=64_000, rate=120_000)
    client = login_as(brand)
    assert client.get("/brand/shortlists").status_code == 200
    response = client.post("/brand/shortlists/new", data={"name": "Spring"})
    assert response.status_code == 302
    shortlist = db.session.scalar(select(Shortlist))
    url = f"/brand/shortlists/{shortlist.id}"
    response = client.post(f"{url}/kols", data={"kol_id": str(kol.id), "note": "Top pick"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert 'data-testid="comparison"' in page
    for text in ("Mei", "64K followers", "Xiaohongshu", "Top pick", "CN¥1,200", "Beauty"):
        assert text in page, text
    assert client.post(f"{url}/rename", data={"name": "Summer"}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Shortlist, shortlist.id).name == "Summer"
    assert client.post(f"{url}/kols/{kol.id}/remove").status_code == 302
    assert _entries() == 0
    assert client.post(f"{url}/delete").status_code == 302
    assert db.session.scalar(select(func.count(Shortlist.id))) == 0


def test_form_errors_are_shown_with_400(login_as, brand):
    shortlist = make_shortlist(brand, "Taken")
    client = login_as(brand)
    response = client.post("/brand/shortlists/new", data={"name": "Taken"})
    assert response.status_code == 400
    assert "already have a shortlist with this name" in response.get_data(as_text=True)
    response = client.post("/brand/shortlists/new", data={"name": "x" * 81})
    assert response.status_code == 400
    url = f"/brand/shortlists/{shortlist.id}"
    response = client.post(f"{url}/kols", data={"kol_id": str(factories.make_brand().id)})
    assert response.status_code == 400
    assert "no active KOL with this id" in response.get_data(as_text=True)
    assert client.post(f"{url}/kols", data={"kol_id": "abc"}).status_code == 400
    assert client.post(f"{url}/rename", data={"name": ""}).status_code == 400
    assert _entries() == 0


def test_widget_adds_from_another_page_and_returns_there(login_as, brand):
    kol, _ = make_kol_with_listing()
    brief = make_brief(brand)
    make_application(kol, brief)
    client = login_as(brand)
    back = f"/brand/briefs/{brief.id}"
    page = client.get(back).get_data(as_text=True)
    assert 'name="new_list_name"' in page
    response = client.post(
        "/brand/shortlists/add",
        data={"kol_id": str(kol.id), "shortlist_id": "", "new_list_name": "Quick", "next": back},
    )
    assert response.status_code == 302 and response.headers["Location"] == back
    shortlist = db.session.scalar(select(Shortlist).where(Shortlist.name == "Quick"))
    assert [e.kol_id for e in shortlist.entries] == [kol.id]
    page = client.get(back).get_data(as_text=True)
    assert f'data-testid="shortlisted-{kol.id}"' in page and "Shortlisted ✓" in page
    other = factories.make_kol()
    response = client.post(
        "/brand/shortlists/add",
        data={
            "kol_id": str(other.id),
            "shortlist_id": str(shortlist.id),
            "next": "https://evil.example",
        },
    )
    assert response.headers["Location"] == "/brand/shortlists"
    assert _entries() == 2


def test_widget_errors_come_back_as_messages(login_as, brand):
    client = login_as(brand)
    response = client.post(
        "/brand/shortlists/add",
        data={"kol_id": str(factories.make_brand().id), "shortlist_id": "", "new_list_name": "L"},
        follow_redirects=True,
    )
    assert "no active KOL with this id" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Shortlist.id))) == 0


def test_another_brands_shortlist_is_404(login_as, brand, kol):
    theirs = make_shortlist(factories.make_brand(), kols=(kol,))
    client = login_as(brand)
    url = f"/brand/shortlists/{theirs.id}"
    assert client.get(url).status_code == 404
    assert client.post(f"{url}/rename", data={"name": "Mine"}).status_code == 404
    assert client.post(f"{url}/kols", data={"kol_id": str(kol.id)}).status_code == 404
    assert client.post(f"{url}/kols/{kol.id}/remove").status_code == 404
    assert client.post(f"{url}/delete").status_code == 404
    response = client.post(
        "/brand/shortlists/add", data={"kol_id": str(kol.id), "shortlist_id": str(theirs.id)}
    )
    assert response.status_code == 404
    assert _entries() == 1
