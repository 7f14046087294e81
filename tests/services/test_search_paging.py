"""Listing search: sort orders, paging that stays correct on deep pages, totals."""

from __future__ import annotations

import pytest

from marketplace.extensions import db
from marketplace.models import KolProfile
from marketplace.services.discovery import search
from marketplace.services.discovery.search import search_listings
from tests.factories.search import listing_ids, make_tagged, unique_tag

pytestmark = pytest.mark.usefixtures("ctx")


def found(**filters) -> list[int]:
    filters.setdefault("per_page", 100)
    return listing_ids(search_listings(**filters))


@pytest.mark.parametrize(
    ("sort", "key", "reverse"),
    [
        ("rate", lambda x: x["rate"], False),
        ("-rate", lambda x: x["rate"], True),
        ("followers", lambda x: x["followers"], False),
        ("-followers", lambda x: x["followers"], True),
        ("engagement", lambda x: x["engagement_rate"], True),
    ],
)
def test_sorting_orders_listings(sort, key, reverse):
    tag = unique_tag()
    rows = [
        {"rate": 500_000, "followers": 20_000, "engagement_rate": 0.03},
        {"rate": 100_000, "followers": 900_000, "engagement_rate": 0.01},
        {"rate": 300_000, "followers": 5_000, "engagement_rate": 0.08},
    ]
    made = {make_tagged(tag, **row)[1].id: row for row in rows}
    expected = sorted(made, key=lambda i: key(made[i]), reverse=reverse)
    assert found(q=tag, sort=sort) == expected


def test_rating_sort_puts_best_rated_kols_first():
    tag = unique_tag()
    ratings = {}
    for avg, count in ((4.2, 3), (4.9, 10), (0.0, 0)):
        user, listing = make_tagged(tag)
        profile = db.session.get(KolProfile, user.id)
        profile.rating_avg, profile.rating_count = avg, count
        db.session.commit()
        ratings[listing.id] = avg
    assert found(q=tag, sort="rating") == sorted(ratings, key=ratings.get, reverse=True)


def test_rate_sort_without_currency_groups_by_currency():
    tag = unique_tag()
    _, usd = make_tagged(tag, currency="usd", rate=10_000)
    _, cny_high = make_tagged(tag, currency="cny", rate=900_000)
    _, cny_low = make_tagged(tag, currency="cny", rate=50_000)
    assert found(q=tag, sort="rate") == [cny_low.id, cny_high.id, usd.id]


@pytest.mark.parametrize("sort", ["relevance", "followers", "-rate", "engagement", "rating"])
def test_pages_cover_every_listing_once_even_with_ties(sort):
    tag = unique_tag()
    made = set()
    for i in range(17):
        # Many equal sort keys: only the id tiebreaker keeps pages apart.
        _, listing = make_tagged(
            tag, followers=10_000 * (i % 3), rate=100_000, engagement_rate=0.02
        )
        made.add(listing.id)
    seen: list[int] = []
    for page in range(1, 5):
        result = search_listings(q=tag, sort=sort, page=page, per_page=5)
        assert result.total == 17
        seen += listing_ids(result)
    assert len(seen) == len(set(seen)) == 17
    assert set(seen) == made
    assert search_listings(q=tag, sort=sort, page=5, per_page=5).items == []


def test_total_counts_all_matches_beyond_the_page():
    tag = unique_tag()
    for _ in range(7):
        make_tagged(tag)
    result = search_listings(q=tag, page=2, per_page=3)
    assert (result.total, len(result.items), result.page, result.per_page) == (7, 3, 2, 3)
    beyond = search_listings(q=tag, page=9, per_page=3)
    assert (beyond.total, beyond.items) == (7, [])


def test_counts_stop_at_the_cap_unless_the_page_tells_the_total(monkeypatch):
    tag = unique_tag()
    for _ in range(5):
        make_tagged(tag, followers=1_234_321)
    monkeypatch.setattr(search, "COUNT_CAP", 3)
    bounds = {"min_followers": 1_234_321, "max_followers": 1_234_321}
    capped = search_listings(**bounds, per_page=2)
    assert (capped.total, capped.total_capped, len(capped.items)) == (3, True, 2)
    last = search_listings(**bounds, per_page=2, page=3)
    assert (last.total, last.total_capped) == (5, False)  # a short last page knows
    ranked = search_listings(q=tag, per_page=2)
    if db.engine.dialect.name == "postgresql":  # counted exactly while ranking
        assert (ranked.total, ranked.total_capped) == (5, False)
    else:
        assert (ranked.total, ranked.total_capped) == (3, True)
