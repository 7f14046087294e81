"""The browse page: anyone can search, filter, sort and page; bad filters are form errors."""

from __future__ import annotations

import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest

from marketplace.extensions import db
from marketplace.services.catalogue.events import kol_changed
from marketplace.services.discovery import search
from tests.factories.search import make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")


def card_ids(html: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-listing-id="(\d+)"', html)]


def test_anonymous_visitor_sees_cards_with_kol_facts(client):
    tag = unique_tag()
    user, listing = make_tagged(
        tag,
        name="Mei Skincare",
        categories=("beauty", "fashion"),
        platform="xiaohongshu",
        followers=48_000,
        engagement_rate=0.041,
        rate=300_000,
        currency="cny",
        verification="verified",
    )
    response = client.get(f"/browse/?q={tag}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert card_ids(page) == [listing.id]
    assert "Mei Skincare" in page
    assert 'data-testid="verification-badge"' in page and "✓ Verified" in page
    assert "Beauty and Fashion" in page
    assert re.search(r"Xiaohongshu\s*<span[^>]*>48K</span>", page)
    assert "from CN¥3,000" in page and "CN¥3,000.00" not in page
    assert f'href="/kol/{user.id}"' in page
    assert re.search(r'data-testid="result-count">\s*1 KOL\s', page)


def test_unverified_kols_have_no_badge(client):
    tag = unique_tag()
    make_tagged(tag, verification="unverified")
    page = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert 'data-testid="verification-badge"' not in page


def test_chinese_and_english_free_text_on_the_page(client):
    tag = unique_tag()
    _, zh = make_tagged(tag, bio="护肤心得，防晒测评。")
    _, en = make_tagged(tag, bio="Street style and sneaker drops")
    assert card_ids(client.get(f"/browse/?q={tag}+防晒").get_data(as_text=True)) == [zh.id]
    assert card_ids(client.get(f"/browse/?q={tag}+sneaker").get_data(as_text=True)) == [en.id]


def test_filters_sort_and_display_units(client):
    tag = unique_tag()
    _, cheap = make_tagged(tag, rate=150_000, followers=9_000, engagement_rate=0.07)
    _, dear = make_tagged(tag, rate=900_000, followers=900_000, engagement_rate=0.01)
    _, usd = make_tagged(tag, rate=20_000, currency="usd", platform="instagram")

    def ids(query: str) -> list[int]:
        response = client.get(f"/browse/?q={tag}&{query}")
        assert response.status_code == 200, response.get_data(as_text=True)
        return card_ids(response.get_data(as_text=True))

    assert ids("currency=cny&max_rate=2000") == [cheap.id]  # yuan, not fen
    assert ids("min_engagement=5") == [cheap.id]  # percent
    assert ids("platform=instagram") == [usd.id]
    assert ids("currency=cny&sort=-rate") == [dear.id, cheap.id]
    assert ids("currency=cny&sort=followers") == [cheap.id, dear.id]
    assert ids("verified=y") == []


def next_link(html: str) -> str | None:
    """The pager's last link (Next), or None when it is disabled or there is no pager."""
    pager = re.search(r'<ul class="pagination[^"]*"[^>]*data-testid="pager".*?</ul>', html, re.S)
    if pager is None:
        return None
    link = re.search(r'<a class="page-link" href="([^"]*)" rel="next">', pager.group(0))
    return unescape(link.group(1)).strip() if link else None


def test_pagination_links_keep_the_filters_and_cover_every_listing(client):
    tag = unique_tag()
    made = {make_tagged(tag, followers=1_000)[1].id for _ in range(5)}
    url: str | None = f"/browse/?q={tag}&sort=followers&per_page=2"
    seen: list[int] = []
    pages = 0
    while url is not None:
        html = client.get(url).get_data(as_text=True)
        seen += card_ids(html)
        pages += 1
        url = next_link(html)
        if url is not None:
            query = parse_qs(urlsplit(url).query)
            assert (query["q"], query["sort"], query["per_page"]) == ([tag], ["followers"], ["2"])
    assert pages == 3
    assert sorted(seen) == sorted(made)


def test_pages_beyond_the_end_are_empty_and_page_numbers_have_a_ceiling(client):
    tag = unique_tag()
    make_tagged(tag)
    beyond = client.get(f"/browse/?q={tag}&page=50")
    assert beyond.status_code == 200
    assert 'data-testid="no-results"' in beyond.get_data(as_text=True)
    assert client.get("/browse/?page=10000").status_code == 200
    too_deep = client.get("/browse/?page=10001").get_data(as_text=True)
    assert re.search(r'data-testid="form-errors"', too_deep)


def test_a_capped_total_shows_as_more_than_the_cap(client, monkeypatch):
    tag = unique_tag()
    for _ in range(4):
        make_tagged(tag, followers=1_234_567)
    monkeypatch.setattr(search, "COUNT_CAP", 2)
    html = client.get("/browse/?min_followers=1234567&max_followers=1234567&per_page=1").get_data(
        as_text=True
    )
    assert re.search(r'data-testid="result-count">\s*2\+ KOLs', html)
    exact = client.get(f"/browse/?q={tag}&per_page=5").get_data(as_text=True)  # a short page
    assert re.search(r'data-testid="result-count">\s*4 KOLs', exact)


def test_hidden_listings_do_not_show(client):
    tag = unique_tag()
    user, _ = make_tagged(tag)
    user.is_suspended = True
    _, paused = make_tagged(tag)
    paused.status = "paused"
    for kol_id in (user.id, paused.kol_id):  # as the services do
        kol_changed(kol_id)
    db.session.commit()
    page = client.get(f"/browse/?q={tag}").get_data(as_text=True)
    assert card_ids(page) == []
    assert 'data-testid="no-results"' in page


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("category=cooking", "category", "Not a valid choice"),
        ("min_followers=lots", "min_followers", "Not a valid integer"),
        ("min_followers=-3", "min_followers", "at least 0"),
        ("min_followers=500&max_followers=10", "max_followers", "below the minimum"),
        ("min_rate=100", "currency", "Choose a currency"),
        ("min_engagement=250", "min_engagement", "Must be between 0% and 100%."),
        ("min_engagement=lots", "min_engagement", "Must be a number."),
        ("currency=cny&max_rate=1.001", "max_rate", "Use at most 2 decimal places."),
        ("currency=usd&max_rate=-5", "max_rate", "Must not be negative."),
        ("sort=cheapest", "sort", "Not a valid choice"),
        ("q=" + "a" * 101, "q", "101"),
    ],
)
def test_bad_filters_show_form_errors_not_a_server_error(client, query, field, message):
    response = client.get(f"/browse/?{query}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    errors = re.findall(rf'data-testid="error-{field}">([^<]*)', page)
    assert errors, page
    if message != "101":
        assert any(message in e for e in errors), errors
    assert 'data-testid="listing-card"' not in page


def test_bad_page_number_is_a_form_error(client):
    response = client.get("/browse/?page=zero")
    assert response.status_code == 400
    assert 'data-testid="form-errors"' in response.get_data(as_text=True)


def test_nav_has_a_find_kols_link(client):
    page = client.get("/").get_data(as_text=True)
    assert 'data-testid="nav-browse"' in page and 'href="/browse/"' in page


def test_signed_in_brand_can_browse_too(login_as, brand):
    tag = unique_tag()
    _, listing = make_tagged(tag)
    client = login_as(brand)
    assert card_ids(client.get(f"/browse/?q={tag}").get_data(as_text=True)) == [listing.id]
