"""A KOL's sales track record: kept on its profile from completed contracts only, and
carried into the matcher's record."""

from __future__ import annotations

from datetime import timedelta

from marketplace.extensions import db
from marketplace.models import KolProfile
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions
from marketplace.services.matchmaking.records import kol_records
from tests.factories.contracts import _step
from tests.factories.results import make_clicks
from tests.factories.sales import make_commission_deal, make_conversion


def _profile(deal) -> KolProfile:
    profile = db.session.get(KolProfile, deal.kol.id)
    db.session.refresh(profile)
    return profile


def test_completion_stores_orders_and_conversion_rate_and_later_sales_update_them(ctx):
    deal = make_commission_deal("submitted")
    deal.contract.funded_at = utcnow() - timedelta(days=3)
    make_clicks(deal, 50, unique=40)
    make_conversion(deal, amount=10_000)
    returned = make_conversion(deal, amount=5_000)
    conversions.record_return(deal.brand, returned.order_id, {"amount": 5_000})
    # A running contract does not count yet.
    assert (_profile(deal).orders_driven, _profile(deal).conversion_rate) == (0, None)
    _step(deal, "approve")
    # The fully returned order is not an order driven.
    assert (_profile(deal).orders_driven, _profile(deal).conversion_rate) == (1, 0.025)
    make_conversion(deal, amount=8_000)
    assert (_profile(deal).orders_driven, _profile(deal).conversion_rate) == (2, 0.05)
    record = kol_records([deal.kol.id])[deal.kol.id]
    assert (record["orders"], record["conversion_rate"]) == (2, 0.05)


def test_other_contracts_still_running_do_not_count(ctx):
    done = make_commission_deal("submitted")
    make_clicks(done, 10)
    _step(done, "approve")
    running = make_commission_deal(kol=done.kol)
    make_clicks(running, 10)
    make_conversion(running, amount=10_000)
    assert (_profile(done).orders_driven, _profile(done).conversion_rate) == (0, 0.0)
