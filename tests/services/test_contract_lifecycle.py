"""Every status is reachable through the services, with the money where it should be."""

from __future__ import annotations

import pytest

from marketplace.models import ContractEvent
from marketplace.services.contracts.queries import money_view
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.contracts import PATHS, make_contract


@pytest.mark.parametrize("status", sorted(PATHS))
def test_every_status_is_reached_through_the_services(ctx, status):
    deal = make_contract(status)
    events = ContractEvent.query.filter_by(contract_id=deal.id).all()
    assert [event.to_status for event in events][-1] == status


def test_approval_releases_the_price_less_the_fee_to_the_kol(ctx):
    deal = make_contract("completed", price=300_000)
    money = money_view(deal.contract)
    assert (money.price, money.fee, money.kol_net) == (300_000, 30_000, 270_000)
    assert (money.funded, money.in_escrow, money.released, money.refunded) == (
        300_000,
        0,
        300_000,
        0,
    )
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 270_000
    assert balance(accounts.PLATFORM_FEES, "cny") >= 30_000


def test_a_resolution_splits_the_escrow(ctx):
    deal = make_contract("resolved", price=300_001)
    money = money_view(deal.contract)
    assert money.in_escrow == 0
    assert money.released == 150_000
    assert money.refunded == 150_001
