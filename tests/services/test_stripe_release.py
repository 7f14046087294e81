"""Releases by Transfer to the KOL's connected account, and their failure paths.

The funding charge is a real PaymentIntent paid on localstripe; transfers, their
`source_transaction` check, connected balances and the failure injection (500, network
error, timeout after acting) are the stand-in's: OUR model of Stripe, not Stripe.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Notification, PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.payments import connect_accounts
from marketplace.services.payments.payout_overview import stripe_payouts
from marketplace.services.payments.retries import retry_pending
from tests.factories import make_admin
from tests.factories.stripe import make_stripe_contract

NET = 45_000  # 50_000 less the 10% fee


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def transfers_sent(server) -> list:
    return [r for r in server.requests_to("POST", "/v1/transfers") if "reversals" not in r.path]


def release_attempts(contract_id: int) -> list[PaymentAttempt]:
    return list(
        db.session.scalars(
            select(PaymentAttempt)
            .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "transfer")
            .order_by(PaymentAttempt.id)
            .execution_options(populate_existing=True)
        )
    )


def ledger(kol_id: int) -> tuple[int, int]:
    return (
        balance(accounts.kol_available(kol_id), "usd"),
        balance(accounts.kol_paid_out(kol_id), "usd"),
    )


def test_approval_transfers_the_net_from_the_funding_charge(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server)
    charge = db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "charge"
        )
    )
    assert charge is not None and charge.provider_ref.startswith("ch_")
    [sent] = transfers_sent(stripe_server)
    assert sent.idempotency_key == f"release:{deal.id}"
    assert sent.params == {
        "amount": str(NET),
        "currency": "usd",
        "destination": connect_accounts.account_of(deal.kol.id).reference,
        "source_transaction": charge.provider_ref,
        "transfer_group": f"contract_{deal.id}",
    }
    [attempt] = release_attempts(deal.id)
    assert attempt.status == "succeeded" and attempt.provider_ref.startswith("tr_")
    assert ledger(deal.kol.id) == (0, NET)
    assert balance(accounts.PLATFORM_FEES, "usd") == 5_000
    assert stripe_server.balance(attempt.payment_method) == NET


def test_a_dispute_split_transfers_the_kols_part(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server, "resolved")
    [sent] = transfers_sent(stripe_server)
    assert sent.params["amount"] == str(22_500)  # half the price, less 10%
    assert ledger(deal.kol.id) == (0, 22_500)


def test_requirements_due_keep_the_net_waiting_with_the_reason(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server, due=("external_account",))
    assert transfers_sent(stripe_server) == []
    assert release_attempts(deal.id) == []
    assert ledger(deal.kol.id) == (NET, 0)
    overview = stripe_payouts(deal.kol)
    assert overview.account.state == connect_accounts.REQUIREMENTS_DUE
    assert overview.account.requirements_due == ("external_account",)
    assert overview.waiting == {"usd": NET}


@pytest.mark.parametrize("failure", ["500", "network", "timeout_after"])
def test_lost_answer_leaves_ledger_unchanged_until_one_retry(
    stripe_server, sctx, failure: str
) -> None:
    # stripe-python retries a failed request twice itself (same key): all three fail.
    stripe_server.fail_next(failure, times=3, path="/v1/transfers")
    deal = make_stripe_contract(stripe_server)
    [attempt] = release_attempts(deal.id)
    assert attempt.status == "pending"
    assert ledger(deal.kol.id) == (NET, 0)
    acted = 1 if failure == "timeout_after" else 0
    assert len(stripe_server.connect.transfers) == acted

    assert retry_pending(utcnow()) == 0  # too young: may still be in flight
    assert retry_pending(utcnow() + timedelta(minutes=2)) == 1
    [attempt] = release_attempts(deal.id)
    assert attempt.status == "succeeded"
    assert len(stripe_server.connect.transfers) == 1  # one transfer, whatever happened
    assert {r.idempotency_key for r in transfers_sent(stripe_server)} == {f"release:{deal.id}"}
    assert ledger(deal.kol.id) == (0, NET)
    assert retry_pending(utcnow() + timedelta(minutes=5)) == 0
    assert ledger(deal.kol.id) == (0, NET)


def test_refused_transfer_moves_nothing_alerts_and_is_sent_again_when_ready(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    admin = make_admin()
    deal = make_stripe_contract(stripe_server, onboarded=False)
    account = connect_accounts.ensure_account(deal.kol)
    stripe_server.complete_onboarding(account.reference)
    removed = stripe_server.connect.accounts.pop(account.reference)  # Stripe refuses it
    connect_accounts.store_state(deal.kol.id, _ready_state(account.reference))
    [failed] = release_attempts(deal.id)
    assert failed.status == "failed" and failed.error_code == "resource_missing"
    assert ledger(deal.kol.id) == (NET, 0)
    kinds = {
        (n.user_id, n.kind)
        for n in db.session.scalars(select(Notification).where(Notification.contract_id == deal.id))
    }
    assert (deal.kol.id, "payments.release_failed") in kinds
    assert (admin.id, "payments.release_failed_admin") in kinds
    assert stripe_payouts(deal.kol).waiting == {"usd": NET}

    stripe_server.connect.accounts[account.reference] = removed
    event = stripe_server.account_updated(account.reference)
    assert send_stripe_event(stripe_client, event, "connect").status_code == 200
    attempts = release_attempts(deal.id)
    assert [a.status for a in attempts] == ["failed", "succeeded"]
    assert attempts[1].idempotency_key == f"release:{deal.id}:2"
    assert ledger(deal.kol.id) == (0, NET)


def _ready_state(reference: str):
    from marketplace.payments.gateway import AccountState

    return AccountState(reference, True, True, True, (), None)
