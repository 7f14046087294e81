"""Reconciliation against the sandbox gateway's own records: clean runs and injected faults.

`test_reconcile_stripe.py` runs the same comparison against localstripe and the stand-in.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace.domain.errors import NotAllowed, ValidationFailed
from marketplace.extensions import db
from marketplace.models import PaymentAttempt, SandboxOperation
from marketplace.models.base import utcnow
from marketplace.services.contracts import cancellation
from marketplace.services.ledger.contract_postings import fee_split, post_refund
from marketplace.services.payments import payouts
from marketplace.services.payments.reconcile import (
    clean_range,
    reconcile,
    reconcile_for_admin,
)
from marketplace.services.unit_of_work import unit_of_work
from tests.factories import make_admin, make_brand
from tests.factories.contracts import make_contract

PRICE = 300_000


def _today() -> date:
    return utcnow().date()


def _problems(report) -> list[tuple[str, str, str]]:
    return [(m.kind, m.problem, m.reference) for m in report.mismatches]


def _sandbox_op(kind: str, key: str, amount: int, reference: str) -> SandboxOperation:
    with unit_of_work():
        operation = SandboxOperation(
            idempotency_key=key,
            kind=kind,
            amount=amount,
            currency="cny",
            outcome="succeeded",
            reference=reference,
        )
        db.session.add(operation)
    return operation


@pytest.fixture
def busy_day(ctx):
    """A day of real traffic: funded, refunded by agreement, released and paid out."""
    refunded = make_contract("funded", price=PRICE)
    cancellation.cancel(refunded.brand, refunded.id, "Campaign moved")
    cancellation.cancel(refunded.kol, refunded.id, "Fine by me")
    released = make_contract("completed", price=PRICE)
    payouts.request_payout(released.kol, fee_split(released.contract).net, "cny")
    return refunded, released


def test_a_clean_day_has_no_mismatches(busy_day):
    report = reconcile(_today(), _today())
    assert report.ok, _problems(report)
    assert report.provider == "sandbox"
    assert report.compared == {"payment": 2, "refund": 1, "transfer": 1}


def test_a_day_without_traffic_compares_nothing(busy_day):
    yesterday = _today() - timedelta(days=3)
    report = reconcile(yesterday, yesterday)
    assert report.ok
    assert report.compared == {"payment": 0, "refund": 0, "transfer": 0}


def test_a_refund_the_ledger_never_booked_is_reported(busy_day):
    _sandbox_op("refund", "dashboard:1", 1_000, "re_sandbox_dashboard")
    report = reconcile(_today(), _today())
    assert _problems(report) == [("refund", "missing_in_ledger", "re_sandbox_dashboard")]
    [mismatch] = report.mismatches
    assert mismatch.ours is None
    assert (mismatch.theirs.amount, mismatch.theirs.currency) == (1_000, "cny")


def test_a_dashboard_refund_booked_from_its_webhook_matches(ctx):
    """A refund the app did not start is known once a ledger entry names it."""
    deal = make_contract("funded", price=PRICE)
    _sandbox_op("refund", "dashboard:2", 1_000, "re_sandbox_dashboard")
    with unit_of_work():
        post_refund(deal.contract, 1_000, "refund:stripe:re_sandbox_dashboard")
    assert reconcile(_today(), _today()).ok

    with unit_of_work():
        post_refund(deal.contract, 500, "refund:stripe:re_sandbox_short")
    _sandbox_op("refund", "dashboard:3", 600, "re_sandbox_short")
    report = reconcile(_today(), _today())
    assert _problems(report) == [("refund", "amount", "re_sandbox_short")]
    assert report.mismatches[0].contract_id == deal.id


def test_refunds_booked_by_their_charge_match_up_to_what_was_booked(ctx):
    """Dashboard refunds booked from charge.refunded carry the charge, not the refund id."""
    deal = make_contract("funded", price=PRICE)
    charge = db.session.scalars(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "charge"
        )
    ).one()
    for n, amount in ((1, 1_000), (2, 700)):
        with unit_of_work():
            db.session.add(
                SandboxOperation(
                    idempotency_key=f"dashboard:charge:{n}",
                    kind="refund",
                    amount=amount,
                    currency="cny",
                    outcome="succeeded",
                    reference=f"re_sandbox_by_charge_{n}",
                    payment_method=charge.provider_ref,
                )
            )
    with unit_of_work():
        post_refund(deal.contract, 1_500, f"stripe-refund:{charge.provider_ref}:1500")
    report = reconcile(_today(), _today())
    assert _problems(report) == [("refund", "amount", "re_sandbox_by_charge_2")]
    assert (report.mismatches[0].ours.amount, report.mismatches[0].theirs.amount) == (500, 700)

    with unit_of_work():
        post_refund(deal.contract, 200, f"stripe-refund:{charge.provider_ref}:1700")
    assert reconcile(_today(), _today()).ok


def test_a_ledger_transfer_the_provider_never_made_is_reported(busy_day):
    _, released = busy_day
    with unit_of_work():
        db.session.add(
            PaymentAttempt(
                idempotency_key=f"release:{released.id}",
                kind="transfer",
                provider="sandbox",
                contract_id=released.id,
                amount=1_000,
                currency="cny",
                status="succeeded",
                provider_ref="tr_sandbox_nowhere",
            )
        )
    report = reconcile(_today(), _today())
    assert _problems(report) == [("transfer", "missing_at_provider", "tr_sandbox_nowhere")]
    assert report.mismatches[0].contract_id == released.id


def test_amount_and_currency_differences_are_reported(busy_day):
    refunded, _ = busy_day
    charge = db.session.scalars(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == refunded.id, PaymentAttempt.kind == "charge"
        )
    ).one()
    refund = db.session.scalars(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == refunded.id, PaymentAttempt.kind == "refund"
        )
    ).one()
    with unit_of_work():
        by_ref = {op.reference: op for op in db.session.scalars(select(SandboxOperation)).all()}
        by_ref[charge.provider_ref].amount = PRICE - 1
        by_ref[refund.provider_ref].currency = "usd"
    report = reconcile(_today(), _today())
    assert _problems(report) == [
        ("payment", "amount", charge.provider_ref),
        ("refund", "currency", refund.provider_ref),
    ]
    amount = report.mismatches[0]
    assert (amount.ours.amount, amount.theirs.amount) == (PRICE, PRICE - 1)
    assert amount.contract_id == refunded.id


def test_a_payment_the_ledger_thinks_pending_but_the_provider_took_is_reported(busy_day):
    refunded, _ = busy_day
    charge = db.session.scalars(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == refunded.id, PaymentAttempt.kind == "charge"
        )
    ).one()
    with unit_of_work():
        db.session.get(PaymentAttempt, charge.id).status = "pending"
    report = reconcile(_today(), _today())
    assert _problems(report) == [("payment", "status", charge.provider_ref)]


def test_the_range_is_checked():
    with pytest.raises(ValidationFailed) as bad:
        clean_range("2026-02-10", "2026-02-01")
    assert "to" in bad.value.fields
    with pytest.raises(ValidationFailed) as bad:
        clean_range("yesterday", "")
    assert set(bad.value.fields) == {"from", "to"}
    with pytest.raises(ValidationFailed):
        clean_range("2024-01-01", "2026-01-01")
    assert clean_range("2026-02-01", "2026-02-01") == (date(2026, 2, 1), date(2026, 2, 1))


def test_only_admins_reconcile(ctx):
    with pytest.raises(NotAllowed):
        reconcile_for_admin(make_brand(), "2026-02-01", "2026-02-02")
    report = reconcile_for_admin(make_admin(), "2026-02-01", "2026-02-02")
    assert report.ok
