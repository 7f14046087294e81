"""Money back after release: transfer reversal (stand-in), then a refund of the charge.

Reversals, connected balances and `balance_insufficient` are the stand-in's model of
Stripe; the refund of the brand's charge goes through to localstripe.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, ValidationFailed
from marketplace.extensions import db
from marketplace.models import LedgerEntry, Notification, PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.payments import browser_gateway
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.payments.clawbacks import refund_after_release
from marketplace.services.payments.connect_accounts import account_of
from marketplace.services.payments.retries import retry_pending
from tests.factories import make_admin
from tests.factories.stripe import make_stripe_contract
from tests.stripe_support.events import make_event

NET = 45_000


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def reversals(contract_id: int) -> list[PaymentAttempt]:
    return list(
        db.session.scalars(
            select(PaymentAttempt)
            .where(PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "reversal")
            .order_by(PaymentAttempt.id)
            .execution_options(populate_existing=True)
        )
    )


def transfer_ref(contract_id: int) -> str:
    return db.session.scalar(
        select(PaymentAttempt.provider_ref).where(
            PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == "transfer"
        )
    )


def reversal_requests(server) -> list:
    return [r for r in server.requests_to("POST", "/v1/transfers/") if r.path.endswith("reversals")]


def test_covered_reversal_takes_it_back_and_refunds_the_brand(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server)
    acct = account_of(deal.kol.id).reference
    done = refund_after_release(make_admin(), deal.id, 10_000, "Post was deleted")
    assert (done.status, done.amount, done.currency) == ("succeeded", 10_000, "usd")
    [sent] = reversal_requests(stripe_server)
    assert sent.idempotency_key == f"reversal:{deal.id}:1"
    assert sent.path == f"/v1/transfers/{transfer_ref(deal.id)}/reversals"
    assert sent.params == {"amount": "10000"}
    assert stripe_server.balance(acct) == NET - 10_000
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == NET - 10_000
    assert balance(accounts.escrow(deal.id), "usd") == 0
    [refund] = stripe_server.requests_to("POST", "/v1/refunds")
    assert refund.idempotency_key == f"refund:{deal.id}:1"
    assert refund.params["amount"] == "10000"
    intent = db.session.scalar(
        select(PaymentAttempt.intent_ref).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "charge"
        )
    )
    charge = stripe_server.localstripe("GET", f"/v1/payment_intents/{intent}")
    assert charge["status"] == "succeeded"
    # What is left to reverse is checked: 35_000 is, 35_001 is not.
    with pytest.raises(ValidationFailed) as too_much:
        refund_after_release(make_admin(), deal.id, NET - 10_000 + 1, "Again")
    assert "amount" in too_much.value.fields


def test_not_covered_is_refused_before_asking_stripe(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server)
    acct = account_of(deal.kol.id).reference
    stripe_server.payout_event(acct, 40_000)  # Stripe paid most of it to the KOL's bank
    with pytest.raises(Conflict, match=r"covers only \$50 now"):
        refund_after_release(make_admin(), deal.id, 10_000, "Post was deleted")
    assert reversals(deal.id) == [] and reversal_requests(stripe_server) == []
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == NET


def test_balance_insufficient_from_stripe_is_reported_and_moves_nothing(
    stripe_server, sctx, monkeypatch
) -> None:
    deal = make_stripe_contract(stripe_server)
    acct = account_of(deal.kol.id).reference
    stripe_server.payout_event(acct, 40_000)
    # The balance looked fine a moment ago (a payout started in between).
    monkeypatch.setattr(browser_gateway(), "available_balance", lambda *a, **k: NET)
    with pytest.raises(Conflict, match="balance covers only"):
        refund_after_release(make_admin(), deal.id, 10_000, "Post was deleted")
    [attempt] = reversals(deal.id)
    assert attempt.status == "failed" and attempt.error_code == "balance_insufficient"
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == NET
    assert stripe_server.requests_to("POST", "/v1/refunds") == []


def test_only_admins_and_only_after_a_transfer(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server, "submitted")
    with pytest.raises(NotAllowed):
        refund_after_release(deal.brand, deal.id, 100, "Mine")
    with pytest.raises(Conflict, match="Nothing was transferred"):
        refund_after_release(make_admin(), deal.id, 100, "Too early")
    with pytest.raises(ValidationFailed):
        refund_after_release(make_admin(), deal.id, "lots", "")


def test_lost_reversal_answer_is_retried_once(stripe_server, sctx) -> None:
    deal = make_stripe_contract(stripe_server)
    stripe_server.fail_next("timeout_after", times=3, path="/v1/transfers/")
    done = refund_after_release(make_admin(), deal.id, 5_000, "Partial")
    assert done.status == "pending"
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == NET  # unchanged until the retry
    assert retry_pending(utcnow() + timedelta(minutes=2)) == 1
    transfer = stripe_server.connect.transfers[transfer_ref(deal.id)]
    assert transfer["amount_reversed"] == 5_000  # reversed once, despite three requests
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == NET - 5_000
    assert [a.status for a in reversals(deal.id)] == ["succeeded"]


def test_transfer_reversed_webhook_books_each_reversal_once(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    admin = make_admin()
    deal = make_stripe_contract(stripe_server)
    ours = refund_after_release(admin, deal.id, 10_000, "Post was deleted")
    # Someone reverses more in the Stripe dashboard; Stripe tells the platform endpoint.
    tr = transfer_ref(deal.id)
    stripe_server.connect.reverse(tr, {"amount": "5000"})
    event = make_event("transfer.reversed", stripe_server.connect.transfers[tr])
    response = send_stripe_event(stripe_client, event, "platform")
    assert response.status_code == 200 and response.json["outcome"] == "handled"
    again = {**event, "id": event["id"] + "_2"}  # the same state in a later event
    send_stripe_event(stripe_client, again, "platform")
    assert send_stripe_event(stripe_client, event, "platform").json["outcome"] == "duplicate"
    assert ours.status == "succeeded"
    booked = db.session.scalar(
        select(func.count()).select_from(LedgerEntry).where(LedgerEntry.kind == "reversal")
    )
    assert booked == 2  # ours and the dashboard's, each once
    assert balance(accounts.kol_paid_out(deal.kol.id), "usd") == NET - 15_000
    # Ours was refunded to the brand; the dashboard's waits in escrow for an admin.
    assert balance(accounts.escrow(deal.id), "usd") == 5_000
    alerts = db.session.scalars(
        select(Notification.kind).where(Notification.user_id == admin.id)
    ).all()
    assert alerts.count("payments.transfer_reversed") == 1


def test_transfer_reversed_for_an_unknown_transfer_is_ignored(
    stripe_server, stripe_client, send_stripe_event, sctx
) -> None:
    event = make_event("transfer.reversed", {"id": "tr_unknown", "object": "transfer"})
    assert send_stripe_event(stripe_client, event, "platform").json["outcome"] == "ignored"
