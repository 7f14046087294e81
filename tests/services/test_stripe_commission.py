"""Stripe mode: each settled commission net is transferred to the KOL's connected account,
once, from the funding charge; a KOL without a ready account keeps it waiting.

The funding charge is a real PaymentIntent paid on localstripe; transfers are the
stand-in's (our model of Stripe Connect, not Stripe).
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
from marketplace.services.campaigns import conversions
from marketplace.services.contracts.timers import run_due
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.payments import connect_accounts
from marketplace.services.payments.payout_overview import stripe_payouts
from tests.factories.campaigns import DEFAULT_PRODUCTS, link_code
from tests.factories.stripe import make_stripe_contract, onboard_kol

HOLD = timedelta(days=16)


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def _deal(server, *, onboarded: bool = True):
    return make_stripe_contract(
        server,
        "funded",
        onboarded=onboarded,
        commission_bps=1000,
        commission_budget=20_000,
        products=list(DEFAULT_PRODUCTS),
    )


def _sell(deal, amount: int, order_id: str) -> int:
    payload = {
        "order_id": order_id,
        "link_code": link_code(deal),
        "amount": amount,
        "currency": "usd",
        "ordered_at": utcnow().isoformat() + "Z",
    }
    return conversions.record_sale(deal.brand, payload).conversion.id


def _commission_transfers(server) -> list:
    return [
        r
        for r in server.requests_to("POST", "/v1/transfers")
        if (r.idempotency_key or "").startswith("commission:")
    ]


def test_each_settled_net_is_transferred_once_from_the_funding_charge(stripe_server, sctx):
    deal = _deal(stripe_server)
    first = _sell(deal, 30_000, "TB-S1")  # commission 3_000, net 2_700
    second = _sell(deal, 10_000, "TB-S2")  # commission 1_000, net 900
    run_due(utcnow() + HOLD)
    run_due(utcnow() + HOLD)
    sent = _commission_transfers(stripe_server)
    assert sorted((r.idempotency_key, r.params["amount"]) for r in sent) == [
        (f"commission:{first}", "2700"),
        (f"commission:{second}", "900"),
    ]
    charge = db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "charge"
        )
    )
    assert {r.params["source_transaction"] for r in sent} == {charge.provider_ref}
    assert {r.params["transfer_group"] for r in sent} == {f"contract_{deal.id}"}
    assert balance(accounts.kol_available(deal.kol.id), "usd") == 0
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == 3_600
    reference = connect_accounts.account_of(deal.kol.id).reference
    assert stripe_server.balance(reference) == 3_600


def test_without_a_ready_account_the_net_waits_then_goes_when_ready(stripe_server, sctx):
    deal = _deal(stripe_server, onboarded=False)
    _sell(deal, 10_000, "TB-W1")
    run_due(utcnow() + HOLD)
    assert _commission_transfers(stripe_server) == []
    assert balance(accounts.kol_available(deal.kol.id), "usd") == 900
    assert stripe_payouts(deal.kol).waiting == {"usd": 900}
    onboard_kol(stripe_server, deal.kol)
    [sent] = _commission_transfers(stripe_server)
    assert sent.params["amount"] == "900"
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == 900
