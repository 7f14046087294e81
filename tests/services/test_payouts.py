"""Payouts and earnings: the KOL is paid what it earned, once, whatever the gateway does."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.domain.errors import Conflict, NotAllowed, ValidationFailed
from marketplace.extensions import db
from marketplace.models import PaymentAttempt, Payout, SandboxOperation
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayDeclined, GatewayUnavailable
from marketplace.payments.sandbox import SandboxGateway
from marketplace.services.ledger import balances
from marketplace.services.payments.earnings import Earnings, earnings
from marketplace.services.payments.payouts import list_payouts, request_payout
from marketplace.services.payments.retries import retry_pending
from tests import factories
from tests.factories.contracts import make_contract

PRICE = 300_000
NET = 270_000  # the default 10% fee


def _transfers() -> list[SandboxOperation]:
    return list(
        db.session.scalars(select(SandboxOperation).where(SandboxOperation.kind == "transfer"))
    )


def _fresh(payout: Payout) -> Payout:
    db.session.expire_all()
    return db.session.get_one(Payout, payout.id)


@pytest.fixture
def earned(ctx):
    """A KOL with one completed contract: NET available."""
    return make_contract("completed", price=PRICE).kol


def test_a_payout_after_a_release_moves_the_net_to_paid_out(earned):
    assert earnings(earned) == {"cny": Earnings(available=NET)}
    payout = request_payout(earned, NET, "cny")
    assert (payout.status, payout.amount, payout.currency) == ("paid", NET, "cny")
    assert payout.paid_at is not None
    assert earnings(earned) == {"cny": Earnings(paid_out=NET)}
    [transfer] = _transfers()
    assert (transfer.amount, transfer.payment_method) == (NET, f"sandbox_kol_{earned.id}")
    assert payout.provider_ref == transfer.reference
    [attempt] = db.session.scalars(
        select(PaymentAttempt).where(PaymentAttempt.payout_id == payout.id)
    )
    assert (attempt.kind, attempt.status) == ("transfer", "succeeded")
    assert attempt.idempotency_key == f"transfer:payout:{payout.id}"
    assert balances.totals() == {"cny": 0}


def test_part_of_the_balance_can_be_paid_out(earned):
    request_payout(earned, "100000", "cny")
    assert earnings(earned)["cny"] == Earnings(available=NET - 100_000, paid_out=100_000)


def test_a_payout_above_the_available_balance_is_a_conflict(earned):
    with pytest.raises(Conflict) as refused:
        request_payout(earned, NET + 1, "cny")
    assert "above your available balance" in refused.value.message
    with pytest.raises(Conflict):
        request_payout(earned, 1, "usd")  # nothing earned in dollars
    assert db.session.scalars(select(Payout)).all() == []
    assert _transfers() == []


@pytest.mark.parametrize(
    ("amount", "currency", "field"),
    [
        (0, "cny", "amount"),
        (-5, "cny", "amount"),
        ("12.5", "cny", "amount"),
        (True, "cny", "amount"),
        (None, "cny", "amount"),
        (10**20, "cny", "amount"),
        (100, "eur", "currency"),
        (100, None, "currency"),
    ],
)
def test_bad_amounts_and_currencies_are_validation_errors(earned, amount, currency, field):
    with pytest.raises(ValidationFailed) as failed:
        request_payout(earned, amount, currency)
    assert field in failed.value.fields
    assert earnings(earned)["cny"].available == NET


def test_only_kols_ask_for_payouts_and_see_earnings(ctx):
    brand = factories.make_brand()
    for call in (
        lambda: request_payout(brand, 100, "cny"),
        lambda: earnings(brand),
        lambda: list_payouts(brand),
    ):
        with pytest.raises(NotAllowed):
            call()


def test_a_declined_transfer_gives_the_money_back_to_available(earned, monkeypatch):
    def declined(self, **kwargs):
        raise GatewayDeclined("account_closed", "The destination account is closed.")

    monkeypatch.setattr(SandboxGateway, "transfer", declined)
    payout = request_payout(earned, NET, "cny")
    assert payout.status == "failed"
    assert payout.failure_message
    assert earnings(earned) == {"cny": Earnings(available=NET)}
    assert balances.totals() == {"cny": 0}


def test_a_lost_transfer_answer_leaves_the_ledger_consistent_and_the_retry_pays_once(
    earned, monkeypatch
):
    real = SandboxGateway.transfer

    def acted_then_timed_out(self, **kwargs):
        real(self, **kwargs)
        raise GatewayUnavailable("read timeout")

    monkeypatch.setattr(SandboxGateway, "transfer", acted_then_timed_out)
    payout = request_payout(earned, NET, "cny")
    assert payout.status == "pending"
    assert earnings(earned) == {"cny": Earnings(pending_payout=NET)}
    assert balances.totals() == {"cny": 0}
    with pytest.raises(Conflict):
        request_payout(earned, 1, "cny")  # the pending money is not available twice

    monkeypatch.undo()
    later = utcnow() + timedelta(minutes=2)
    assert retry_pending(later) == 1
    assert retry_pending(later) == 0
    assert _fresh(payout).status == "paid"
    assert earnings(earned) == {"cny": Earnings(paid_out=NET)}
    [transfer] = _transfers()
    assert _fresh(payout).provider_ref == transfer.reference


def test_money_in_escrow_shows_as_the_kols_net(ctx):
    deal = make_contract("submitted", price=PRICE)
    make_contract("completed", price=100_000, kol=deal.kol, listing=deal.listing)
    make_contract("accepted", price=500_000, kol=deal.kol, listing=deal.listing)
    assert earnings(deal.kol) == {"cny": Earnings(in_escrow=NET, available=90_000)}


def test_a_kol_with_no_money_has_no_earnings(ctx):
    assert earnings(factories.make_kol()) == {}


def test_payouts_are_listed_newest_first(earned):
    first = request_payout(earned, 1_000, "cny")
    second = request_payout(earned, 2_000, "cny")
    page = list_payouts(earned, page=1, per_page=10)
    assert [p.id for p in page.items] == [second.id, first.id]
    assert page.total == 2
    assert list_payouts(factories.make_kol()).items == []
    with pytest.raises(ValidationFailed):
        list_payouts(earned, page=0)
