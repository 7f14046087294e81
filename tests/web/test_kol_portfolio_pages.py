"""Portfolio pages: the KOL adds, orders and deletes samples; visitors see them and reviews."""

from __future__ import annotations

from io import BytesIO

import pytest

from marketplace.extensions import db
from marketplace.models import BrandProfile, PlatformAccount, PortfolioItem
from marketplace.services.catalogue import portfolio
from marketplace.services.contracts.reviews import leave_review
from tests import factories
from tests.factories.contracts import make_contract
from tests.factories.kols import image_bytes, with_profile

POST = "https://www.xiaohongshu.com/explore/64f1a2b3"


@pytest.fixture
def kol_client(kol, login_as):
    return login_as(kol)


def _items(kol) -> list[PortfolioItem]:
    return portfolio.public_portfolio(kol.id)


def test_portfolio_page_offers_both_kinds_of_sample(kol_client):
    html = kol_client.get("/kol/portfolio").get_data(as_text=True)
    assert 'data-testid="portfolio-image-form"' in html
    assert 'data-testid="portfolio-link-form"' in html
    assert "No samples yet." in html


def test_upload_an_image_and_see_it_served(kol_client, kol):
    response = kol_client.post(
        "/kol/portfolio/images",
        data={"image": (BytesIO(image_bytes("PNG")), "post.png"), "caption": "Spring launch"},
    )
    assert response.status_code == 302
    [item] = _items(kol)
    image = kol_client.get(f"/kol/portfolio/image/{item.id}")
    assert image.status_code == 200 and image.mimetype == "image/jpeg"  # opaque: re-encoded
    assert image.headers["X-Content-Type-Options"] == "nosniff"


def test_a_fake_image_is_a_form_error(kol_client, kol):
    response = kol_client.post(
        "/kol/portfolio/images",
        data={"image": (BytesIO(b"<svg onload='alert(1)'/>"), "post.png")},
    )
    assert response.status_code == 400
    assert "PNG, JPEG or WebP" in response.get_data(as_text=True)
    assert _items(kol) == []


def test_a_link_on_the_wrong_domain_is_a_form_error(kol_client, kol):
    response = kol_client.post(
        "/kol/portfolio/links",
        data={"platform": "xiaohongshu", "url": "https://xiaohongshu.com.evil.example/x"},
    )
    assert response.status_code == 400
    assert "Must be a link on xiaohongshu.com, xhslink.com" in response.get_data(as_text=True)
    assert _items(kol) == []


def test_a_full_portfolio_says_so(kol_client, kol):
    for n in range(portfolio.MAX_ITEMS):
        portfolio.add_link(kol, "xiaohongshu", f"{POST}{n}")
    response = kol_client.post(
        "/kol/portfolio/links", data={"platform": "weibo", "url": "https://weibo.com/1/Ab"}
    )
    assert response.status_code == 400
    assert "at most 12 samples" in response.get_data(as_text=True)


def test_move_and_delete_through_the_page(kol_client, kol):
    first = portfolio.add_link(kol, "xiaohongshu", f"{POST}1")
    second = portfolio.add_link(kol, "xiaohongshu", f"{POST}2")
    html = kol_client.get("/kol/portfolio").get_data(as_text=True)
    assert 'data-confirm="Delete this sample?"' in html
    kol_client.post(f"/kol/portfolio/{second.id}/move", data={"direction": "up"})
    assert [i.id for i in _items(kol)] == [second.id, first.id]
    assert kol_client.post(f"/kol/portfolio/{first.id}/delete").status_code == 302
    assert [i.id for i in _items(kol)] == [second.id]


def test_another_kols_item_is_404(kol_client, ctx):
    other = factories.make_kol()
    item = portfolio.add_link(other, "xiaohongshu", POST)
    assert kol_client.post(f"/kol/portfolio/{item.id}/delete").status_code == 404
    assert (
        kol_client.post(f"/kol/portfolio/{item.id}/move", data={"direction": "up"}).status_code
        == 404
    )
    assert db.session.get(PortfolioItem, item.id) is not None


def test_account_links_form(kol_client, kol):
    with_profile(kol)
    bad = kol_client.post(
        "/kol/portfolio/accounts", data={"link-douyin": "https://douyin.com.evil.example/u"}
    )
    assert bad.status_code == 400
    assert "Must be a link on douyin.com" in bad.get_data(as_text=True)
    good = kol_client.post(
        "/kol/portfolio/accounts", data={"link-douyin": "https://www.douyin.com/user/MS4w"}
    )
    assert good.status_code == 302
    account = db.session.query(PlatformAccount).filter_by(kol_id=kol.id, platform="douyin").one()
    assert account.url == "https://www.douyin.com/user/MS4w"


def test_public_page_shows_samples_and_account_links(client, kol, ctx):
    with_profile(kol)
    portfolio.add_link(kol, "xiaohongshu", POST, "Sunscreen test")
    portfolio.add_image(kol, BytesIO(image_bytes()), "Launch day")
    from marketplace.services.catalogue import account_links

    account_links.set_account_links(kol, {"douyin": "https://www.douyin.com/user/MS4w"})
    html = client.get(f"/kol/{kol.id}").get_data(as_text=True)
    assert html.count('data-testid="portfolio-sample"') == 2
    assert f'href="{POST}" rel="noopener nofollow ugc" target="_blank"' in html
    assert 'href="https://www.douyin.com/user/MS4w" rel="noopener nofollow ugc"' in html
    assert 'alt="Sample post by Mei Lin"' in html
    assert "Launch day" in html and "Sunscreen test" in html


def test_public_page_shows_only_revealed_reviews_with_the_brand_name(client, ctx):
    revealed = make_contract("completed")
    db.session.get(BrandProfile, revealed.brand.id).company_name = "Acme Skincare"
    leave_review(revealed.brand, revealed.id, 4, "Thorough and on time")
    leave_review(revealed.kol, revealed.id, 5, "Clear brief")
    hidden = make_contract("completed", kol=revealed.kol, listing=revealed.listing)
    leave_review(hidden.brand, hidden.id, 1, "SECRET not yet revealed")
    html = client.get(f"/kol/{revealed.kol.id}").get_data(as_text=True)
    assert html.count('data-testid="review"') == 1
    assert "Thorough and on time" in html and "Acme Skincare" in html
    assert 'aria-label="4 out of 5 stars"' in html
    assert "SECRET" not in html and "Clear brief" not in html


def test_reviews_are_paged_and_a_bad_page_is_a_400(client, ctx):
    first = make_contract("completed")
    for _ in range(6):
        deal = make_contract("completed", kol=first.kol, listing=first.listing)
        leave_review(deal.brand, deal.id, 5, "Good")
        leave_review(deal.kol, deal.id, 5, "Good")
    page_one = client.get(f"/kol/{first.kol.id}").get_data(as_text=True)
    assert page_one.count('data-testid="review"') == 5 and 'data-testid="pager"' in page_one
    page_two = client.get(f"/kol/{first.kol.id}?page=2").get_data(as_text=True)
    assert page_two.count('data-testid="review"') == 1
    assert client.get(f"/kol/{first.kol.id}?page=abc").status_code == 400
