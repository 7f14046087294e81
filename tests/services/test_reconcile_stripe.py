"""Reconciliation against Stripe's lists: localstripe (payments, refunds) and the stand-in
(transfers, and the `charge.refunded` event a refund makes), not real Stripe.

Mismatches are injected the way they happen: a refund made "in the dashboard" (straight
to the stand-in, not through the app), a transfer the ledger has but Stripe never made,
an amount the two sides disagree on.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from flask import Flask
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.payments import browser_gateway
from marketplace.services.payments.reconcile import reconcile
from marketplace.services.unit_of_work import unit_of_work
from tests.factories.stripe import make_stripe_contract

PRICE = 50_000
NET = 45_000


@pytest.fixture
def sctx(stripe_app: Flask) -> Iterator[None]:
    with stripe_app.test_request_context():
        yield


def _today():
    return utcnow().date()


def _problems(report) -> list[tuple[str, str]]:
    return [(m.kind, m.problem) for m in report.mismatches]


def _attempt(contract_id: int, kind: str) -> PaymentAttempt:
    return db.session.scalars(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == contract_id, PaymentAttempt.kind == kind
        )
    ).one()


def _dashboard_refund(deal, amount: int) -> str:
    """A refund made in the Stripe dashboard: Stripe did it, the app was not asked."""
    charge = _attempt(deal.id, "charge")
    return (
        browser_gateway()
        .refund(
            charge_reference=charge.provider_ref,
            amount=amount,
            currency="usd",
            idempotency_key=f"dashboard:{deal.id}",
        )
        .reference
    )


def test_a_clean_run_reports_nothing(stripe_server, sctx):
    released = make_stripe_contract(stripe_server, "completed")
    resolved = make_stripe_contract(stripe_server, "resolved")
    report = reconcile(_today(), _today())
    assert report.provider == "stripe"
    assert report.ok, report.mismatches
    assert report.compared == {"payment": 2, "refund": 1, "transfer": 2}
    assert _attempt(released.id, "transfer").status == "succeeded"
    assert _attempt(resolved.id, "refund").status == "succeeded"


def test_a_dashboard_refund_missing_from_the_ledger_is_reported(
    stripe_server, stripe_client, send_stripe_event, sctx
):
    deal = make_stripe_contract(stripe_server, "funded")
    refund = _dashboard_refund(deal, 7_000)

    report = reconcile(_today(), _today())
    assert _problems(report) == [("refund", "missing_in_ledger")]
    [missing] = report.mismatches
    assert (missing.reference, missing.theirs.amount, missing.ours) == (refund, 7_000, None)

    # Its charge.refunded webhook books it (services/payments/stripe_refund_events).
    [event] = [e for e in stripe_server.events if e["type"] == "charge.refunded"]
    assert send_stripe_event(stripe_client, event).status_code == 200
    assert reconcile(_today(), _today()).ok


def test_a_ledger_transfer_stripe_never_made_is_reported(stripe_server, sctx):
    deal = make_stripe_contract(stripe_server, "completed")
    with unit_of_work():
        db.session.add(
            PaymentAttempt(
                idempotency_key=f"release:{deal.id}:ghost",
                kind="transfer",
                provider="stripe",
                contract_id=deal.id,
                amount=NET,
                currency="usd",
                status="succeeded",
                provider_ref="tr_ghost",
            )
        )
    report = reconcile(_today(), _today())
    assert [(m.kind, m.problem, m.reference) for m in report.mismatches] == [
        ("transfer", "missing_at_provider", "tr_ghost")
    ]
    assert report.mismatches[0].contract_id == deal.id


def test_amount_differences_are_reported(stripe_server, sctx):
    deal = make_stripe_contract(stripe_server, "completed")
    with unit_of_work():
        _attempt(deal.id, "charge").amount = PRICE + 1
        _attempt(deal.id, "transfer").amount = NET - 1
    report = reconcile(_today(), _today())
    assert _problems(report) == [("payment", "amount"), ("transfer", "amount")]
    payment, transfer = report.mismatches
    assert (payment.ours.amount, payment.theirs.amount) == (PRICE + 1, PRICE)
    assert (transfer.ours.amount, transfer.theirs.amount) == (NET - 1, NET)
    assert {payment.contract_id, transfer.contract_id} == {deal.id}


def test_a_transfer_whose_answer_was_lost_is_reported_until_retried(stripe_server, sctx):
    stripe_server.fail_next("timeout_after", times=3, path="/v1/transfers")
    deal = make_stripe_contract(stripe_server, "completed")
    assert _attempt(deal.id, "transfer").status == "pending"
    report = reconcile(_today(), _today())
    assert _problems(report) == [("transfer", "missing_in_ledger")]
    assert report.mismatches[0].theirs.amount == NET


def test_the_command_lists_stripe_mismatches(stripe_app, stripe_server, sctx):
    deal = make_stripe_contract(stripe_server, "funded")
    refund = _dashboard_refund(deal, 3_000)
    today = _today().isoformat()
    result = stripe_app.test_cli_runner().invoke(
        args=["payments", "reconcile", "--from", today, "--to", today]
    )
    assert result.exit_code == 1, result.output
    assert "Reconciled stripe" in result.output
    assert f"MISMATCH refund missing_in_ledger {refund} " in result.output
    assert "provider=[3000 usd succeeded]" in result.output
