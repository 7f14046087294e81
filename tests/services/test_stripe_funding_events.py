"""Refunds and chargebacks on a Stripe-funded contract (fake gateway, events as Stripe sends)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, Dispute, LedgerEntry, Notification, PaymentDispute
from marketplace.services.contracts import cancellation, work
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.payments.stripe_funding import refresh_payment, start_funding
from tests import factories
from tests.factories.contracts import POST_URL, make_contract
from tests.services.stripe_funding_support import FakeStripe, deliver, stripe_mode

PRICE = 300_000


@pytest.fixture
def fake_stripe(app, ctx) -> Iterator[FakeStripe]:
    yield from stripe_mode(app)


@pytest.fixture
def admin(ctx):
    return factories.make_admin()


@pytest.fixture
def funded(fake_stripe: FakeStripe):
    deal = make_contract("accepted", price=PRICE)
    started = start_funding(deal.brand, deal.id)
    fake_stripe.succeed(started.intent_ref)
    refresh_payment(started.intent_ref)
    deal.intent = started.intent_ref  # type: ignore[attr-defined]
    deal.charge = fake_stripe.intents[started.intent_ref].charge  # type: ignore[attr-defined]
    return deal


def _charge(deal, refunded: int) -> dict:
    return {
        "id": deal.charge,
        "object": "charge",
        "amount": PRICE,
        "amount_refunded": refunded,
        "currency": "cny",
        "payment_intent": deal.intent,
    }


def _contract(deal) -> Contract:
    db.session.expire_all()
    return db.session.get_one(Contract, deal.id)


def _alerts(admin) -> list[str]:
    return list(
        db.session.scalars(select(Notification.kind).where(Notification.user_id == admin.id))
    )


def _refund_entries(deal) -> list[int]:
    entries = db.session.scalars(
        select(LedgerEntry).where(LedgerEntry.contract_id == deal.id, LedgerEntry.kind == "refund")
    )
    return [
        sum(line.amount for line in entry.lines if line.account.startswith("external:"))
        for entry in entries
    ]


def test_a_refund_we_made_is_not_booked_twice(funded, fake_stripe, admin):
    cancellation.cancel(funded.brand, funded.id, "Postponed")
    cancellation.cancel(funded.kol, funded.id, "Agreed")
    assert _contract(funded).status == "cancelled"
    [refund] = fake_stripe.refunds
    assert refund["amount"] == PRICE and refund["charge"] == funded.charge
    assert deliver("charge.refunded", _charge(funded, PRICE)) == "handled"
    assert _refund_entries(funded) == [PRICE]
    assert balance(accounts.escrow(funded.id), "cny") == 0
    assert "payments.external_refund" not in _alerts(admin)


def test_a_dashboard_refund_while_funded_comes_out_of_escrow(funded, admin):
    assert deliver("charge.refunded", _charge(funded, 100_000), id="evt_a") == "handled"
    assert deliver("charge.refunded", _charge(funded, 100_000), id="evt_a") == "duplicate"
    assert deliver("charge.refunded", _charge(funded, 100_000), id="evt_b") == "handled"
    assert balance(accounts.escrow(funded.id), "cny") == PRICE - 100_000
    assert balance(accounts.PLATFORM_LOSSES, "cny") == 0
    assert _refund_entries(funded) == [100_000]
    contract = _contract(funded)
    assert contract.flagged_at is not None and contract.status == "funded"
    assert "payments.external_refund" in _alerts(admin)


def test_refund_events_out_of_order_book_the_running_total_once(funded):
    deliver("charge.refunded", _charge(funded, 250_000))
    deliver("charge.refunded", _charge(funded, 100_000))  # the older event arrives late
    assert _refund_entries(funded) == [250_000]
    deliver("charge.refunded", _charge(funded, PRICE))
    assert _refund_entries(funded) == [250_000, PRICE - 250_000]
    assert balance(accounts.escrow(funded.id), "cny") == 0


def test_a_dashboard_refund_after_release_is_the_platforms_loss(funded, admin):
    work.submit_proof(funded.kol, funded.id, post_urls=[POST_URL], notes="Posted")
    work.approve(funded.brand, funded.id)
    assert _contract(funded).status == "completed"
    deliver("charge.refunded", _charge(funded, PRICE))
    assert balance(accounts.PLATFORM_LOSSES, "cny") == -PRICE
    assert balance(accounts.escrow(funded.id), "cny") == 0
    assert "payments.external_refund" in _alerts(admin)


def test_a_refund_of_a_charge_we_do_not_know_is_ignored(funded):
    other = {"id": "ch_elsewhere", "amount_refunded": 5, "payment_intent": "pi_elsewhere"}
    assert deliver("charge.refunded", other) == "ignored"
    assert _refund_entries(funded) == []


def _dispute(deal, status: str = "needs_response") -> dict:
    return {
        "id": "dp_1",
        "object": "dispute",
        "amount": PRICE,
        "currency": "cny",
        "charge": deal.charge,
        "payment_intent": deal.intent,
        "reason": "fraudulent",
        "status": status,
    }


def test_a_chargeback_freezes_the_contract_and_alerts_admins(funded, admin):
    assert deliver("charge.dispute.created", _dispute(funded), id="evt_d") == "handled"
    assert deliver("charge.dispute.created", _dispute(funded), id="evt_d") == "duplicate"
    contract = _contract(funded)
    assert contract.status == "disputed" and contract.disputed_from == "funded"
    [dispute] = db.session.scalars(select(Dispute).where(Dispute.contract_id == funded.id))
    assert (dispute.source, dispute.status, dispute.prior_status) == ("stripe", "open", "funded")
    [row] = db.session.scalars(select(PaymentDispute))
    assert (row.contract_id, row.status, row.reason) == (funded.id, "needs_response", "fraudulent")
    assert "payments.chargeback_opened" in _alerts(admin)
    assert "contract.chargeback" in _alerts(funded.kol)  # the parties are told why
    assert balance(accounts.escrow(funded.id), "cny") == PRICE  # frozen, not moved
    assert deliver("charge.dispute.closed", _dispute(funded, "lost")) == "handled"
    db.session.expire_all()
    [row] = db.session.scalars(select(PaymentDispute))
    assert row.status == "lost" and row.closed_at is not None
    assert "payments.chargeback_closed" in _alerts(admin)


def test_a_chargeback_after_completion_flags_without_moving(funded, admin):
    work.submit_proof(funded.kol, funded.id, post_urls=[POST_URL], notes="Posted")
    work.approve(funded.brand, funded.id)
    deliver("charge.dispute.created", _dispute(funded))
    contract = _contract(funded)
    assert contract.status == "completed" and contract.flagged_at is not None
    assert db.session.scalars(select(Dispute)).all() == []
    assert "payments.chargeback_opened" in _alerts(admin)


def test_a_close_before_the_open_does_not_freeze(funded):
    deliver("charge.dispute.closed", _dispute(funded, "won"))
    deliver("charge.dispute.created", _dispute(funded))
    assert _contract(funded).status == "funded"
    [row] = db.session.scalars(select(PaymentDispute))
    assert row.status == "won"


def test_a_chargeback_on_an_unknown_charge_is_ignored(funded):
    obj = {"id": "dp_x", "charge": "ch_elsewhere", "amount": 1, "currency": "usd"}
    assert deliver("charge.dispute.created", obj) == "ignored"
    assert _contract(funded).status == "funded"
