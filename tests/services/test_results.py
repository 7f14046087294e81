"""Campaign results: the figures per contract, per brief and per brand, and who sees them."""

from __future__ import annotations

from datetime import timedelta

import pytest

from marketplace.domain.errors import NotFound
from marketplace.extensions import db
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions
from marketplace.services.campaigns.results import brief_results, contract_results, overview
from marketplace.services.campaigns.settlement import settle_due
from tests.factories import make_brand, make_kol
from tests.factories.brands import make_brief
from tests.factories.results import make_clicks
from tests.factories.sales import make_commission_deal, make_conversion
from tests.factories.search import count_statements


def _deal_with_sales(**terms):
    """10 human clicks (8 unique), 3 bot clicks, two sales of 10,000 and 20,000 at 10%, and a
    return of 5,000 on the second within the hold."""
    deal = make_commission_deal(bps=1000, budget=50_000, **terms)
    deal.contract.funded_at = utcnow() - timedelta(days=7)
    make_clicks(deal, 10, unique=8)
    make_clicks(deal, 3, kind="bot")
    make_conversion(deal, amount=10_000)
    second = make_conversion(deal, amount=20_000, ordered_at=utcnow() - timedelta(days=2))
    conversions.record_return(deal.brand, second.order_id, {"amount": 5_000})
    return deal


def test_contract_figures_follow_the_definitions(ctx):
    deal = _deal_with_sales()
    r = contract_results(deal.brand, deal.id)[1]
    assert (r.clicks, r.unique_clicks, r.orders) == (10, 8, 2)
    assert (r.gross_gmv, r.refunded, r.gmv) == (30_000, 5_000, 25_000)
    # 1,000 + 2,000 accrued, the return cancelled a quarter of the second's 2,000.
    assert (r.commission_accrued, r.commission_paid) == (2_500, 0)
    assert r.budget_left == 50_000 - 3_000 + 500
    assert r.price_spent == 300_000 and r.spent == 300_000
    assert r.conversion_rate == 0.25
    assert r.cost_per_click == 30_000 and r.cost_per_order == 150_000
    assert r.roi == round(25_000 / 300_000, 4)
    assert r.currency == "cny"


def test_series_has_one_point_per_day_with_the_sales_on_their_order_day(ctx):
    deal = _deal_with_sales()
    series = contract_results(deal.brand, deal.id)[1].series
    today, two_days_ago = utcnow().date(), utcnow().date() - timedelta(days=2)
    by_day = {p.day: p for p in series}
    assert series[-1].day == today and two_days_ago in by_day
    assert [p.day for p in series] == sorted(by_day)
    assert (by_day[today].clicks, by_day[today].orders, by_day[today].gmv) == (10, 1, 10_000)
    assert (by_day[two_days_ago].orders, by_day[two_days_ago].gmv) == (1, 15_000)
    assert by_day[two_days_ago].commission == 1_500
    assert sum(p.orders for p in series) == 2


def test_settled_commission_counts_as_paid_and_spent(ctx):
    deal = make_commission_deal(bps=1000)
    make_conversion(deal, amount=10_000)
    assert settle_due(utcnow() + timedelta(days=16)) == 1
    r = contract_results(deal.kol, deal.id)[1]
    assert (r.commission_accrued, r.commission_paid) == (1_000, 1_000)
    assert r.spent == 301_000
    # The platform fee on the settled commission, taken from the KOL's side.
    assert r.fees == 100


def test_completed_contract_shows_its_fee_and_posts(ctx):
    deal = make_commission_deal("completed")
    r = contract_results(deal.brand, deal.id)[1]
    assert r.fees == 30_000
    assert r.price_spent == 300_000
    assert len(r.posts) == 1 and r.posts[0].startswith("http")


def test_someone_elses_contract_or_brief_is_not_found(ctx):
    deal = _deal_with_sales()
    for outsider in (make_brand(), make_kol()):
        with pytest.raises(NotFound):
            contract_results(outsider, deal.id)
    brief = make_brief(deal.brand)
    with pytest.raises(NotFound):
        brief_results(make_brand(), brief.id)
    with pytest.raises(NotFound):
        brief_results(deal.kol, brief.id)


def test_brief_sums_its_contracts_only(ctx):
    brand = make_brand()
    brief = make_brief(brand)
    first = _deal_with_sales(brand=brand, brief_id=brief.id)
    second = make_commission_deal(brand=brand, brief_id=brief.id)
    make_clicks(second, 5, unique=5)
    _deal_with_sales(brand=brand)  # not in the brief
    _brief, r = brief_results(brand, brief.id)
    assert r.contracts == 2
    assert (r.clicks, r.unique_clicks, r.orders, r.gmv) == (15, 13, 2, 25_000)
    assert r.price_spent == 600_000
    assert first.contract.brief_id == brief.id


def test_overview_groups_by_currency_and_a_kol_sees_only_its_own(ctx):
    brand = make_brand()
    cny = _deal_with_sales(brand=brand)
    usd = make_commission_deal(brand=brand, currency="usd")
    make_clicks(usd, 4)
    seen = overview(brand)
    assert {row.contract.id for row in seen.rows} == {cny.id, usd.id}
    assert seen.totals["cny"].clicks == 10 and seen.totals["usd"].clicks == 4
    kol_view = overview(cny.kol)
    assert [row.contract.id for row in kol_view.rows] == [cny.id]
    assert kol_view.briefs == []


def test_overview_sums_each_brief_of_the_brand(ctx):
    brand = make_brand()
    brief = make_brief(brand)
    _deal_with_sales(brand=brand, brief_id=brief.id)
    _deal_with_sales(brand=brand, brief_id=brief.id)
    _deal_with_sales(brand=brand)
    rows = overview(brand).briefs
    assert [row.brief.id for row in rows] == [brief.id]
    assert (rows[0].results.contracts, rows[0].results.clicks) == (2, 20)


def test_figures_take_the_same_few_queries_for_one_contract_or_many(ctx):
    brand = make_brand()
    brief = make_brief(brand)
    _deal_with_sales(brand=brand, brief_id=brief.id)
    db.session.expire_all()
    with count_statements() as one:
        overview(brand)
        brief_results(brand, brief.id)
    for _ in range(4):
        _deal_with_sales(brand=brand, brief_id=brief.id)
    db.session.expire_all()
    with count_statements() as five:
        seen = overview(brand)
        _brief, summed = brief_results(brand, brief.id)
    assert len(seen.rows) == 5 and summed.contracts == 5
    assert len(five) == len(one) <= 14, (len(one), len(five))
