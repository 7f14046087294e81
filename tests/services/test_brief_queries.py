"""Listing briefs: a brand's own, KOLs' browsing with filters, "briefs for you"."""

from datetime import timedelta

import pytest

from marketplace.domain.errors import NotAllowed, NotFound, ValidationFailed
from marketplace.models.base import utcnow
from marketplace.services.briefs import lifecycle, recommendations
from tests import factories
from tests.factories.brands import make_application, make_brief, make_shortlist
from tests.factories.catalogue import make_kol_with_listing


def test_brand_lists_only_its_own_briefs_with_counts(brand, kol):
    mine = make_brief(brand, status="draft")
    opened = make_brief(brand, status="open")
    make_brief(factories.make_brand())
    make_application(kol, opened)
    page = lifecycle.list_brand_briefs(brand)
    assert [s.brief.id for s in page.items] == [opened.id, mine.id]
    assert page.items[0].counts == {"pending": 1} and page.items[0].pending == 1
    assert lifecycle.list_brand_briefs(brand, status="draft").total == 1
    with pytest.raises(ValidationFailed):
        lifecycle.list_brand_briefs(brand, status="gone")
    with pytest.raises(ValidationFailed):
        lifecycle.list_brand_briefs(brand, per_page=500)


def test_list_pages(brand):
    for i in range(5):
        make_brief(brand, title=f"Brief {i}")
    page = lifecycle.list_brand_briefs(brand, page=2, per_page=2)
    assert (page.total, page.pages, len(page.items)) == (5, 3, 2)
    assert [s.brief.title for s in page.items] == ["Brief 2", "Brief 1"]


def test_kols_see_open_briefs_only_and_filter_them(brand, kol):
    beauty = make_brief(
        brand, category="beauty", platforms=["douyin"], collab_types=["live_stream"]
    )
    food = make_brief(
        brand, category="food", platforms=["taobao_live"], collab_types=["image_text"]
    )
    make_brief(brand, status="draft")
    make_brief(brand, status="closed")
    make_brief(brand, deadline=utcnow().date() - timedelta(days=1))
    assert {b.id for b in lifecycle.list_open_briefs(kol).items} == {beauty.id, food.id}
    assert [b.id for b in lifecycle.list_open_briefs(kol, category="food").items] == [food.id]
    assert [b.id for b in lifecycle.list_open_briefs(kol, platform="taobao_live").items] == [
        food.id
    ]
    assert [b.id for b in lifecycle.list_open_briefs(kol, collab_type="live_stream").items] == [
        beauty.id
    ]
    assert lifecycle.list_open_briefs(kol, platform="weitao").total == 0
    assert lifecycle.list_open_briefs(kol, category="food", collab_type="live_stream").total == 0


@pytest.mark.parametrize(
    "filters", [{"category": "cars"}, {"platform": "myspace"}, {"collab_type": "x"}]
)
def test_unknown_filters_are_validation_errors(kol, filters):
    with pytest.raises(ValidationFailed):
        lifecycle.list_open_briefs(kol, **filters)


def test_brands_do_not_browse_open_briefs(brand):
    with pytest.raises(NotAllowed):
        lifecycle.list_open_briefs(brand)


def test_briefs_for_you_ranks_eligible_briefs_by_fit(brand):
    kol, _listing = make_kol_with_listing(
        categories=("beauty", "fashion"), platform="xiaohongshu", rate=300_000
    )
    best = make_brief(brand, category="beauty", platforms=["xiaohongshu"], budget=400_000)
    pricey = make_brief(brand, category="beauty", platforms=["xiaohongshu"], budget=100_000)
    secondary = make_brief(brand, category="fashion", platforms=["xiaohongshu"], budget=400_000)
    other_topic = make_brief(brand, category="auto", platforms=["xiaohongshu"], budget=400_000)
    unrelated = make_brief(brand, category="food", platforms=["douyin"])
    applied = make_brief(brand, category="beauty", platforms=["xiaohongshu"])
    make_application(kol, applied)
    ranked = recommendations.briefs_for_you(kol, limit=10)
    ids = [b.id for b, _score, _reasons in ranked]
    assert ids == [best.id, secondary.id, other_topic.id]
    # Hard constraints: over-budget, other platforms and already-applied briefs never show.
    assert pricey.id not in ids and unrelated.id not in ids and applied.id not in ids
    scores = [score for _b, score, _r in ranked]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert ranked[0][2]["category"] > ranked[1][2]["category"] > ranked[2][2]["category"]
    assert recommendations.briefs_for_you(kol, limit=2) == ranked[:2]


def test_briefs_for_you_respects_follower_range_and_currency(brand):
    kol, _ = make_kol_with_listing(followers=5_000, currency="cny", rate=100_000)
    make_brief(brand, min_followers=10_000, currency="cny", budget=400_000)
    make_brief(brand, currency="usd", budget=400_000)
    fits = make_brief(brand, currency="cny", budget=400_000, min_followers=1_000)
    ((found, _score, _reasons),) = recommendations.briefs_for_you(kol)
    assert found.id == fits.id


def test_briefs_for_you_is_empty_for_an_empty_profile(brand, kol):
    make_brief(brand)
    assert recommendations.briefs_for_you(kol) == []


def test_kol_brief_view_has_listings_and_application(brand):
    kol, listing = make_kol_with_listing()
    brief = make_brief(brand)
    view = lifecycle.brief_for_kol(kol, brief.id)
    assert view.listings == [listing] and view.application is None and view.accepting
    make_application(kol, brief)
    assert lifecycle.brief_for_kol(kol, brief.id).application is not None
    with pytest.raises(NotFound):
        lifecycle.brief_for_kol(kol, make_brief(brand, status="draft").id)


def test_owner_view_and_dashboard(brand, kol):
    brief = make_brief(brand)
    make_brief(brand, status="draft")
    make_application(kol, brief)
    make_shortlist(brand, kols=(kol,))
    view = lifecycle.brief_for_owner(brand, brief.id)
    assert [a.kol_id for a in view.applications] == [kol.id] and view.accepted == 0
    with pytest.raises(NotFound):
        lifecycle.brief_for_owner(factories.make_brand(), brief.id)
    dashboard = lifecycle.brand_dashboard(brand)
    assert dashboard.by_status == {"draft": 1, "open": 1, "closed": 0}
    assert dashboard.pending_total == 1 and dashboard.pending[0].brief.id == brief.id
    assert [(s.name, n) for s, n in dashboard.shortlists] == [("Spring launch", 1)]
