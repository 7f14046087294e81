"""Stripe funding (fake gateway): started by the brand, funded only when Stripe says so, once."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from marketplace.domain.errors import PaymentFailed
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, Notification, PaymentAttempt, WebhookEvent
from marketplace.models.base import utcnow
from marketplace.payments.gateway import GatewayUnavailable
from marketplace.services.contracts import cancellation, funding, timers
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.payments import stripe_funding_pages as pages
from marketplace.services.payments import webhook_events
from marketplace.services.payments.stripe_funding import refresh_payment, start_funding
from tests import factories
from tests.factories.contracts import make_contract
from tests.services.stripe_funding_support import FakeStripe, deliver, intent_event, stripe_mode

PRICE = 300_000


@pytest.fixture
def fake_stripe(app, ctx) -> Iterator[FakeStripe]:
    yield from stripe_mode(app)


@pytest.fixture
def deal(fake_stripe):
    return make_contract("accepted", price=PRICE)


def _status(contract_id: int) -> str:
    db.session.expire_all()
    return db.session.get_one(Contract, contract_id).status


def _charges(contract_id: int) -> list[PaymentAttempt]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            select(PaymentAttempt)
            .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "charge")
            .order_by(PaymentAttempt.id)
        )
    )


def _entries(contract_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(LedgerEntry.kind)
            .where(LedgerEntry.contract_id == contract_id)
            .order_by(LedgerEntry.id)
        )
    )


def test_starting_creates_one_intent_and_leaves_the_contract_accepted(deal, fake_stripe):
    outcome = funding.begin_funding(deal.brand, deal.id, None)
    assert outcome.client_secret and outcome.intent_ref
    again = funding.begin_funding(deal.brand, deal.id, None)
    assert again.intent_ref == outcome.intent_ref  # a reload gets the same PaymentIntent
    assert _status(deal.id) == "accepted"
    [attempt] = _charges(deal.id)
    assert (attempt.idempotency_key, attempt.status) == (f"fund:{deal.id}", "pending")
    assert attempt.intent_ref == outcome.intent_ref and attempt.amount == PRICE
    assert fake_stripe.intents[outcome.intent_ref].contract_id == deal.id
    assert _entries(deal.id) == []


def test_only_the_brand_may_start_and_only_while_accepted(fake_stripe):
    deal = make_contract("offered", price=PRICE)
    with pytest.raises(Exception) as refused:
        start_funding(deal.brand, deal.id)
    assert type(refused.value).__name__ == "InvalidTransition"
    accepted = make_contract("accepted", price=PRICE)
    with pytest.raises(Exception) as not_brand:
        start_funding(accepted.kol, accepted.id)
    assert type(not_brand.value).__name__ == "NotAllowed"
    assert fake_stripe.calls == []


def test_stripe_unreachable_is_402_and_the_retry_reuses_the_key(deal, fake_stripe, monkeypatch):
    real = fake_stripe.start_payment
    monkeypatch.setattr(
        fake_stripe, "start_payment", lambda **kw: (_ for _ in ()).throw(GatewayUnavailable("x"))
    )
    with pytest.raises(PaymentFailed):
        funding.begin_funding(deal.brand, deal.id, None)
    monkeypatch.setattr(fake_stripe, "start_payment", real)
    funding.begin_funding(deal.brand, deal.id, None)
    [attempt] = _charges(deal.id)
    assert attempt.idempotency_key == f"fund:{deal.id}" and attempt.intent_ref


def test_the_webhook_funds_the_contract_once(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    fake_stripe.succeed(started.intent_ref)
    type_, obj = intent_event(fake_stripe, started.intent_ref)
    assert deliver(type_, obj, id="evt_1") == "handled"
    assert deliver(type_, obj, id="evt_1") == "duplicate"
    assert deliver(type_, obj, id="evt_2") == "handled"  # a second event for the same intent
    refresh_payment(started.intent_ref)  # and the return page after it
    assert _status(deal.id) == "funded"
    assert _entries(deal.id) == ["fund"]
    assert balance(accounts.escrow(deal.id), "cny") == PRICE
    [attempt] = _charges(deal.id)
    assert attempt.status == "succeeded" and attempt.provider_ref == f"ch_{started.intent_ref[3:]}"


def test_the_return_page_asks_stripe_not_the_browser(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    processing = pages.payment_outcome(deal.brand, deal.id, started.intent_ref)
    assert processing.verdict == pages.PROCESSING and _status(deal.id) == "accepted"
    fake_stripe.succeed(started.intent_ref)
    done = pages.payment_outcome(deal.brand, deal.id, started.intent_ref)
    assert done.verdict == pages.SUCCEEDED and done.contract.status == "funded"
    type_, obj = intent_event(fake_stripe, started.intent_ref)
    deliver(type_, obj)  # the webhook after the return page changes nothing more
    assert _entries(deal.id) == ["fund"]


def test_the_return_page_is_the_brands_own(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    other = make_contract("accepted", price=PRICE)
    with pytest.raises(Exception) as kol:
        pages.payment_outcome(deal.kol, deal.id, started.intent_ref)
    assert type(kol.value).__name__ == "NotFound"
    with pytest.raises(Exception) as wrong:
        pages.payment_outcome(other.brand, other.id, started.intent_ref)
    assert type(wrong.value).__name__ == "NotFound"


def test_a_decline_fails_the_attempt_and_the_brand_retries_with_a_new_key(deal, fake_stripe):
    first = start_funding(deal.brand, deal.id)
    fake_stripe.decline(first.intent_ref, "insufficient_funds")
    type_, obj = intent_event(fake_stripe, first.intent_ref, "payment_intent.payment_failed")
    assert deliver(type_, obj) == "handled"
    assert _status(deal.id) == "accepted"
    assert pages.last_failure(deal.brand, deal.id) == "Your card has insufficient funds."
    outcome = pages.payment_outcome(deal.brand, deal.id, first.intent_ref)
    assert outcome.verdict == pages.FAILED and "insufficient" in (outcome.message or "")
    second = start_funding(deal.brand, deal.id)
    assert second.intent_ref != first.intent_ref
    assert [a.idempotency_key for a in _charges(deal.id)] == [
        f"fund:{deal.id}",
        f"fund:{deal.id}:2",
    ]
    fake_stripe.succeed(second.intent_ref)
    deliver(*intent_event(fake_stripe, second.intent_ref))
    assert _status(deal.id) == "funded"
    assert [a.status for a in _charges(deal.id)] == ["failed", "succeeded"]


def test_a_failed_event_after_success_changes_nothing(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    stale = intent_event(fake_stripe, started.intent_ref, "payment_intent.payment_failed")
    fake_stripe.succeed(started.intent_ref)
    deliver(*intent_event(fake_stripe, started.intent_ref))
    assert deliver(*stale) == "handled"  # fetched again: Stripe says succeeded
    assert _status(deal.id) == "funded"
    assert [a.status for a in _charges(deal.id)] == ["succeeded"]


def test_success_before_the_intent_id_was_stored_is_still_ours(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    db.session.execute(
        update(PaymentAttempt).where(PaymentAttempt.contract_id == deal.id).values(intent_ref=None)
    )
    db.session.commit()
    fake_stripe.succeed(started.intent_ref)
    assert deliver(*intent_event(fake_stripe, started.intent_ref)) == "handled"
    assert _status(deal.id) == "funded"
    assert _charges(deal.id)[0].intent_ref == started.intent_ref


def test_an_intent_we_did_not_create_is_ignored_and_logged(deal, fake_stripe, caplog, monkeypatch):
    # Alembic's fileConfig (the test database's migration) disables loggers existing then.
    monkeypatch.setattr(logging.getLogger(webhook_events.__name__), "disabled", False)
    caplog.set_level("INFO", logger="marketplace")
    obj = {"id": "pi_elsewhere", "amount": 10, "metadata": {}}
    assert deliver("payment_intent.succeeded", obj, id="evt_x") == "ignored"
    assert "pi_elsewhere" in caplog.text or "evt_x" in caplog.text
    outcome = db.session.scalar(
        select(WebhookEvent.outcome).where(WebhookEvent.event_id == "evt_x")
    )
    assert outcome == "ignored"
    assert fake_stripe.calls == []


def test_cancelling_before_payment_cancels_the_intent(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    cancellation.cancel(deal.brand, deal.id, "Changed our minds")
    assert _status(deal.id) == "cancelled"
    assert ("cancel_payment", f"cancel:{started.intent_ref}") in fake_stripe.calls
    assert fake_stripe.intents[started.intent_ref].status == "canceled"
    [attempt] = _charges(deal.id)
    assert (attempt.status, attempt.error_code) == ("failed", "canceled")
    assert fake_stripe.refunds == [] and _entries(deal.id) == []


def test_a_payment_that_beat_the_cancellation_is_refunded(deal, fake_stripe):
    admin = factories.make_admin()
    started = start_funding(deal.brand, deal.id)
    fake_stripe.succeed(started.intent_ref)  # paid; the webhook is still on its way
    cancellation.cancel(deal.brand, deal.id, "Changed our minds")
    deliver(*intent_event(fake_stripe, started.intent_ref))
    deliver(*intent_event(fake_stripe, started.intent_ref))
    assert _status(deal.id) == "cancelled"
    [refund] = fake_stripe.refunds
    assert refund["key"] == f"refund:{deal.id}:1" and refund["amount"] == PRICE
    assert refund["charge"] == f"ch_{started.intent_ref[3:]}"
    assert balance(accounts.escrow(deal.id), "cny") == 0
    assert _entries(deal.id) == ["fund", "refund"]
    alerts = db.session.scalars(select(Notification.kind).where(Notification.user_id == admin.id))
    assert "payments.late_payment_refunded" in list(alerts)


def test_the_funding_deadline_cancels_the_unpaid_intent(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    timers.run_due(utcnow() + timedelta(days=30))
    assert _status(deal.id) == "cancelled"
    assert fake_stripe.intents[started.intent_ref].status == "canceled"
    assert [a.status for a in _charges(deal.id)] == ["failed"]


def test_success_after_the_funding_deadline_is_refunded(deal, fake_stripe):
    started = start_funding(deal.brand, deal.id)
    db.session.execute(
        update(Contract)
        .where(Contract.id == deal.id)
        .values(funding_due_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    fake_stripe.succeed(started.intent_ref)
    refresh_payment(started.intent_ref)
    assert _status(deal.id) == "accepted"
    assert len(fake_stripe.refunds) == 1
    assert balance(accounts.escrow(deal.id), "cny") == 0


def test_a_payment_of_another_amount_never_funds(deal, fake_stripe):
    admin = factories.make_admin()
    started = start_funding(deal.brand, deal.id)
    fake_stripe.intents[started.intent_ref].amount = PRICE - 1
    fake_stripe.succeed(started.intent_ref)
    deliver(*intent_event(fake_stripe, started.intent_ref))
    assert _status(deal.id) == "accepted" and _entries(deal.id) == []
    alerts = db.session.scalars(select(Notification.kind).where(Notification.user_id == admin.id))
    assert "payments.amount_mismatch" in list(alerts)


def test_paying_a_declined_intent_again_funds_and_cancels_the_newer_one(deal, fake_stripe):
    first = start_funding(deal.brand, deal.id)
    fake_stripe.decline(first.intent_ref)
    deliver(*intent_event(fake_stripe, first.intent_ref, "payment_intent.payment_failed"))
    second = start_funding(deal.brand, deal.id)
    fake_stripe.succeed(first.intent_ref)  # the brand retried on the first page
    deliver(*intent_event(fake_stripe, first.intent_ref))
    assert _status(deal.id) == "funded" and _entries(deal.id) == ["fund"]
    assert fake_stripe.intents[second.intent_ref].status == "canceled"
    assert [a.status for a in _charges(deal.id)] == ["succeeded", "failed"]
