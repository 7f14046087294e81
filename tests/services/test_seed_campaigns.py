"""The demo seed's commission campaigns: clicks, orders and returns over weeks, booked
through the conversions service so the ledger agrees with the results."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, KolProfile, LedgerLine
from marketplace.models.base import utcnow
from marketplace.seed.campaigns import CAMPAIGNS, WEEKS
from marketplace.seed.contracts import seed_contracts
from marketplace.seed.write import DEMO_BRAND_EMAIL, seed_brands, seed_kols
from marketplace.services.campaigns.results import contract_results, overview
from tests.services.test_seed_contracts import _user


def test_demo_campaigns_show_weeks_of_results_with_balanced_books(app, ctx):
    seed_kols(30)
    seed_brands()
    seed_contracts()
    brand = _user(DEMO_BRAND_EMAIL)
    campaigns = db.session.scalars(
        select(Contract).where(Contract.brand_id == brand.id, Contract.commission_bps.is_not(None))
    ).all()
    assert len(campaigns) == len(CAMPAIGNS)
    for contract in campaigns:
        _contract, r = contract_results(brand, contract.id)
        assert r.clicks > 100 and r.unique_clicks < r.clicks and r.orders > 5
        assert r.refunded > 0 and 0 < r.commission_accrued <= contract.commission_budget
        assert r.budget_left == contract.commission_budget - r.commission_accrued
        days_with_orders = [p.day for p in r.series if p.orders]
        assert min(days_with_orders) < utcnow().date() - timedelta(weeks=WEEKS - 1)
    assert {c.status for c in campaigns} >= {"completed", "submitted", "funded"}
    assert any(row.contract.brief_id for row in overview(brand).rows)
    completed = next(c for c in campaigns if c.status == "completed")
    assert db.session.get(KolProfile, completed.kol_id).orders_driven > 0
    sums = db.session.execute(
        select(LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(LedgerLine.currency)
    ).all()
    assert all(total == 0 for _, total in sums)
