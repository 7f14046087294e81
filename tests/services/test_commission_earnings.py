"""The KOL sees its commission: its net in the hold, then settled into its earnings."""

from __future__ import annotations

from datetime import timedelta

from marketplace.models.base import utcnow
from marketplace.services.contracts.timers import run_due
from marketplace.services.payments.earnings import earnings
from tests.factories.sales import make_commission_deal, make_conversion


def _net(gross: int, fee_bps: int) -> int:
    return gross - gross * fee_bps // 10_000


def test_held_then_settled_commission_per_currency_page_and_api(
    client, auth_headers, login_as, ctx
):
    deal = make_commission_deal(bps=1000, budget=50_000)
    fee_bps = deal.contract.fee_bps
    make_conversion(deal, amount=20_000)  # 2_000 gross
    before = earnings(deal.kol)["cny"]
    assert (before.commission_held, before.commission_settled) == (_net(2_000, fee_bps), 0)
    # The commission budget is the brand's until earned: not the KOL's money in escrow.
    assert before.in_escrow == _net(deal.contract.price, fee_bps)
    page = login_as(deal.kol).get("/kol/earnings").get_data(as_text=True)
    assert f'data-testid="commission-row-{deal.id}"' in page

    run_due(utcnow() + timedelta(days=16))
    after = earnings(deal.kol)["cny"]
    assert (after.commission_held, after.commission_settled) == (0, _net(2_000, fee_bps))
    assert after.available == before.available + _net(2_000, fee_bps)
    answer = client.get("/api/v1/kol/earnings", headers=auth_headers(deal.kol)).get_json()
    row = answer["balances"]["cny"]
    assert row["commission_settled"] == _net(2_000, fee_bps)
    assert {"in_escrow", "available", "pending_payout", "paid_out"} <= set(row)
