"""Over-refund and over-release refused before Stripe is asked; refund keys across retries.

The charge is a real PaymentIntent paid on localstripe; refunds go through the stand-in to
localstripe, transfers to the stand-in's Connect model (our model of Stripe, not Stripe).
"Stripe was not asked" is the stand-in's record of requests: neither fake would refuse.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.services.contracts.workflow import lock_contract
from marketplace.services.ledger import balances
from marketplace.services.payments import releases
from marketplace.services.payments.money_guards import OverRefund
from marketplace.services.payments.refunds import refund_escrow
from marketplace.services.payments.retries import retry_pending
from marketplace.services.unit_of_work import unit_of_work
from tests.factories.stripe import make_stripe_contract

PRICE = 50_000
NET = 45_000


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def _refund(deal, amount: int) -> str:
    with unit_of_work():
        return refund_escrow(lock_contract(deal.brand, deal.id), amount)


def _attempts(contract_id: int, kind: str) -> list[PaymentAttempt]:
    return list(
        db.session.scalars(
            select(PaymentAttempt)
            .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == kind)
            .order_by(PaymentAttempt.id)
            .execution_options(populate_existing=True)
        )
    )


def charge_ref(deal) -> str:
    return db.session.scalar(
        select(PaymentAttempt.provider_ref).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "charge"
        )
    )


def test_an_over_refund_never_reaches_stripe(stripe_server, sctx):
    deal = make_stripe_contract(stripe_server, "funded")
    with pytest.raises(OverRefund):
        _refund(deal, PRICE + 1)
    assert stripe_server.requests_to("POST", "/v1/refunds") == []
    assert _attempts(deal.id, "refund") == []

    _refund(deal, PRICE - 100)
    with pytest.raises(OverRefund):
        _refund(deal, 101)
    [sent] = stripe_server.requests_to("POST", "/v1/refunds")
    assert (sent.params["amount"], sent.idempotency_key) == (
        str(PRICE - 100),
        f"refund:{deal.id}:1",
    )
    assert balances.contract_money(deal.contract).in_escrow == 100


def test_a_refund_after_release_never_reaches_stripe(stripe_server, sctx):
    deal = make_stripe_contract(stripe_server, "completed")
    with pytest.raises(OverRefund):
        _refund(deal, 1)
    assert stripe_server.requests_to("POST", "/v1/refunds") == []


def test_a_refund_key_is_the_same_on_every_retry(stripe_server, sctx):
    deal = make_stripe_contract(stripe_server, "funded")
    stripe_server.fail_next("timeout_after", times=3, path="/v1/refunds")
    _refund(deal, 20_000)
    [pending] = _attempts(deal.id, "refund")
    assert pending.status == "pending"

    assert retry_pending(utcnow() + timedelta(minutes=2)) == 1
    _refund(deal, 5_000)
    sent = stripe_server.requests_to("POST", "/v1/refunds")
    keys = [request.idempotency_key for request in sent]
    assert keys[:-1] == [f"refund:{deal.id}:1"] * (len(sent) - 1)
    assert keys[-1] == f"refund:{deal.id}:2"
    refunds = stripe_server.localstripe("GET", f"/v1/refunds?charge={charge_ref(deal)}")
    assert sorted(r["amount"] for r in refunds["data"]) == [5_000, 20_000]
    assert [a.status for a in _attempts(deal.id, "refund")] == ["succeeded", "succeeded"]


def test_an_over_release_never_reaches_stripe(stripe_server, sctx):
    deal = make_stripe_contract(stripe_server, "completed")
    [sent] = _attempts(deal.id, "transfer")
    assert (sent.status, sent.amount) == ("succeeded", NET)
    before = len(stripe_server.requests_to("POST", "/v1/transfers"))
    with unit_of_work():
        extra = PaymentAttempt(
            idempotency_key=f"release:{deal.id}:2",
            kind="transfer",
            provider="stripe",
            contract_id=deal.id,
            charge_id=sent.charge_id,
            amount=1,
            currency="usd",
            payment_method=sent.payment_method,
        )
        db.session.add(extra)
    releases.execute_release(extra.id)

    assert len(stripe_server.requests_to("POST", "/v1/transfers")) == before
    db.session.refresh(extra)
    assert (extra.status, extra.error_code) == ("failed", "over_release")
    assert len(stripe_server.connect.transfers) == 1
