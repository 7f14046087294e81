"""Commission after the hold: settled once with the platform fee, paused while disputed,
and the unused budget returned to the brand once the window has closed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, Conversion, LedgerEntry, Notification, PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.services.admin import ledger_review
from marketplace.services.campaigns import conversions
from marketplace.services.contracts import cancellation, disputes
from marketplace.services.contracts.timers import run_due
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import Line, balance, post
from tests.factories import make_admin
from tests.factories.sales import make_commission_deal, make_conversion

HOLD = timedelta(days=15, minutes=1)
WINDOW = timedelta(days=30, minutes=1)


def _bal(account: str, deal) -> int:
    return balance(account, deal.contract.currency)


def _kol_available(deal) -> int:
    return _bal(accounts.kol_available(deal.kol.id), deal)


def _entries(kind: str, deal) -> list[LedgerEntry]:
    return list(
        db.session.scalars(
            select(LedgerEntry).where(
                LedgerEntry.kind == kind, LedgerEntry.contract_id == deal.contract.id
            )
        )
    )


def test_nothing_settles_before_the_hold_ends(ctx):
    deal = make_commission_deal(bps=1000, budget=50_000)
    conversion = make_conversion(deal, amount=10_000)
    report = run_due(utcnow() + timedelta(days=14))
    assert report.extra["commission_settled"] == 0
    assert conversion.status == "held"
    assert _bal(accounts.commission_held(deal.id), deal) == 1_000


def test_after_the_hold_the_kol_gets_the_net_and_the_platform_the_fee_exactly_once(ctx):
    deal = make_commission_deal(bps=1000, budget=50_000)
    fees_before = balance(accounts.PLATFORM_FEES, deal.contract.currency)
    available_before = _kol_available(deal)
    conversion = make_conversion(deal, amount=12_345)  # commission 1_234
    later = utcnow() + HOLD
    assert run_due(later).extra["commission_settled"] == 1
    assert run_due(later).extra["commission_settled"] == 0
    db.session.refresh(conversion)
    assert conversion.status == "settled" and conversion.settled_at == later
    fee = 1_234 * deal.contract.fee_bps // 10_000
    assert _kol_available(deal) - available_before == 1_234 - fee
    assert balance(accounts.PLATFORM_FEES, deal.contract.currency) - fees_before == fee
    assert _bal(accounts.commission_held(deal.id), deal) == 0
    [entry] = _entries("commission_settle", deal)
    assert entry.idempotency_key == f"settle:conversion:{conversion.id}"


def test_a_partial_return_within_the_hold_settles_only_the_rest(ctx):
    deal = make_commission_deal(bps=1000, budget=50_000)
    available_before = _kol_available(deal)
    conversion = make_conversion(deal, amount=10_000, order_id="TB-R1")
    conversions.record_return(deal.brand, "TB-R1", {"amount": 4_000})
    run_due(utcnow() + HOLD)
    db.session.refresh(conversion)
    assert conversion.status == "settled"
    assert _kol_available(deal) - available_before == 600 - 600 * deal.contract.fee_bps // 10_000


def test_a_fully_returned_sale_is_never_settled(ctx):
    deal = make_commission_deal()
    available_before = _kol_available(deal)
    make_conversion(deal, amount=10_000, order_id="TB-R2")
    conversions.record_return(deal.brand, "TB-R2", {"amount": 10_000})
    assert run_due(utcnow() + HOLD).extra["commission_settled"] == 0
    assert _kol_available(deal) == available_before
    assert _entries("commission_settle", deal) == []


def test_settlement_waits_while_the_contract_is_disputed_and_resumes_after(ctx):
    deal = make_commission_deal(bps=1000, budget=50_000)
    conversion = make_conversion(deal, amount=10_000)
    disputes.open_dispute(deal.brand, deal.id, "Nothing was posted", "not_delivered")
    assert run_due(utcnow() + HOLD).extra["commission_settled"] == 0
    assert conversion.status == "held"
    dispute = disputes.open_dispute_of(deal.contract)
    disputes.release_all(make_admin(), dispute.id, note="Delivered after all")
    assert run_due(utcnow() + HOLD).extra["commission_settled"] == 1


def test_the_unused_budget_returns_once_after_the_window_and_the_last_hold(ctx):
    deal = make_commission_deal("completed", bps=1000, budget=50_000)
    make_conversion(deal, amount=10_000)  # 1_000 accrued
    deal.contract.completed_at = utcnow() - timedelta(days=31)
    db.session.commit()
    # The window has closed but the sale is still held: nothing returns yet.
    assert run_due(utcnow()).extra["commission_budgets_closed"] == 0
    assert deal.contract.commission_closed_at is None
    later = utcnow() + HOLD
    report = run_due(later)
    assert report.extra["commission_settled"] == 1
    assert report.extra["commission_budgets_closed"] == 1
    assert run_due(later).extra["commission_budgets_closed"] == 0
    contract = db.session.get(Contract, deal.id)
    assert contract.commission_closed_at == later
    assert _bal(accounts.commission_escrow(deal.id), deal) == 0
    [entry] = _entries("commission_close", deal)
    assert entry.idempotency_key == f"commission_return:contract:{deal.id}"
    brand_line = [line for line in entry.lines if line.account.startswith("external:")]
    assert [line.amount for line in brand_line] == [49_000]
    refund = db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "refund"
        )
    )
    assert (refund.amount, refund.status) == (49_000, "succeeded")
    kinds = {
        (n.user_id, n.kind)
        for n in db.session.scalars(select(Notification).where(Notification.contract_id == deal.id))
    }
    assert {
        (deal.brand.id, "campaign.budget_returned"),
        (deal.kol.id, "campaign.budget_returned"),
    } <= kinds
    # Sales after the close earn nothing.
    assert make_conversion(deal, amount=10_000).status == "none"


def test_a_completed_contract_within_its_window_keeps_its_budget(ctx):
    deal = make_commission_deal("completed", budget=50_000)
    assert run_due(utcnow() + timedelta(days=29)).extra["commission_budgets_closed"] == 0
    assert _bal(accounts.commission_escrow(deal.id), deal) == 50_000
    assert run_due(utcnow() + WINDOW).extra["commission_budgets_closed"] == 1
    assert _bal(accounts.commission_escrow(deal.id), deal) == 0


def test_cancelling_returns_the_price_and_the_whole_unused_budget(ctx):
    deal = make_commission_deal(budget=50_000)
    cancellation.cancel(deal.brand, deal.id, "Postponed")
    cancellation.cancel(deal.kol, deal.id, "Fine")
    contract = db.session.get(Contract, deal.id)
    assert contract.status == "cancelled" and contract.commission_closed_at is not None
    assert _bal(accounts.escrow(deal.id), deal) == 0
    assert _bal(accounts.commission_escrow(deal.id), deal) == 0
    refunds = db.session.scalars(
        select(PaymentAttempt.amount).where(
            PaymentAttempt.contract_id == deal.id, PaymentAttempt.kind == "refund"
        )
    ).all()
    assert sorted(refunds) == sorted([contract.price, 50_000])


def test_a_cancelled_contract_settles_its_held_sales_then_returns_the_rest(ctx):
    deal = make_commission_deal(bps=1000, budget=50_000)
    conversion = make_conversion(deal, amount=10_000)
    cancellation.cancel(deal.brand, deal.id, "Postponed")
    cancellation.cancel(deal.kol, deal.id, "Fine")
    assert _bal(accounts.commission_escrow(deal.id), deal) == 49_000
    report = run_due(utcnow() + HOLD)
    assert (report.extra["commission_settled"], report.extra["commission_budgets_closed"]) == (1, 1)
    assert db.session.get(Conversion, conversion.id).status == "settled"
    assert _bal(accounts.commission_escrow(deal.id), deal) == 0


def test_a_dispute_resolution_returns_the_unused_budget(ctx):
    deal = make_commission_deal(budget=50_000)
    disputes.open_dispute(deal.brand, deal.id, "Nothing was posted", "not_delivered")
    dispute = disputes.open_dispute_of(deal.contract)
    disputes.refund_all(make_admin(), dispute.id, note="Not delivered")
    assert _bal(accounts.commission_escrow(deal.id), deal) == 0
    assert db.session.get(Contract, deal.id).commission_closed_at is not None


def test_reconciliation_accepts_an_open_budget_and_flags_money_left_after_close(ctx):
    open_deal = make_commission_deal("completed", budget=50_000)
    make_conversion(open_deal, amount=10_000)
    closed = make_commission_deal("completed", budget=50_000)
    closed.contract.completed_at = utcnow() - timedelta(days=31)
    db.session.commit()
    run_due(utcnow())
    assert ledger_review.reconciliation().ok
    post(
        "test:stray-commission",
        "commission_topup",
        [
            Line(accounts.commission_escrow(closed.id), "cny", 700),
            Line(accounts.external("sandbox"), "cny", -700),
        ],
        contract_id=closed.id,
    )
    (anomaly,) = ledger_review.reconciliation().anomalies
    assert (anomaly.kind, anomaly.contract_id, anomaly.amount) == (
        "commission_after_close",
        closed.id,
        700,
    )
