"""run_due: the one sweep of the contract timers is idempotent, skips stale timers, reports."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, LedgerLine, Notification
from marketplace.models.base import utcnow
from marketplace.services.contracts import negotiation, timers, work
from marketplace.services.contracts.queries import money_view
from tests.factories import make_brand
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import POST_URL, make_contract

PAST_EVERY_TIMER = timedelta(days=3, minutes=1)


def snapshot() -> tuple[dict[int, str], int, int, int]:
    """Every contract's status, and the number of events, ledger lines and notifications."""
    db.session.expire_all()
    rows = db.session.execute(select(Contract.id, Contract.status))
    statuses = {contract_id: status for contract_id, status in rows}
    count = lambda model: db.session.scalar(select(func.count()).select_from(model))  # noqa: E731
    return statuses, count(ContractEvent), count(LedgerLine), count(Notification)


def test_a_sweep_moves_each_due_contract_and_reports_the_counts(ctx):
    kol, listing = make_kol_with_listing()
    brand = make_brand()
    made = {
        status: [make_contract(status, brand=brand, kol=kol, listing=listing) for _ in range(n)]
        for status, n in (
            ("offered", 3),
            ("accepted", 2),
            ("submitted", 2),
            ("funded", 1),
            ("revision_requested", 1),
            ("disputed", 1),
        )
    }
    report = timers.run_due(utcnow() + PAST_EVERY_TIMER)
    assert report.as_dict() == {
        "expired": 3,
        "funding_cancelled": 2,
        "auto_approved": 2,
        "failed": 0,
        "reviews_revealed": 0,
        "payments_settled": 0,
        "disputes_flagged": 0,
        "commission_settled": 0,
        "commission_budgets_closed": 0,
    }
    statuses = snapshot()[0]
    expected = {
        "offered": "expired",
        "accepted": "cancelled",
        "submitted": "completed",
        "funded": "funded",
        "revision_requested": "revision_requested",
        "disputed": "disputed",
    }
    for before, deals in made.items():
        assert {statuses[deal.id] for deal in deals} == {expected[before]}


def test_a_second_sweep_changes_nothing(ctx):
    for status in ("offered", "accepted", "submitted"):
        make_contract(status)
    moment = utcnow() + PAST_EVERY_TIMER
    first = timers.run_due(moment)
    assert sum(first.as_dict().values()) == 3
    after_first = snapshot()
    second = timers.run_due(moment)
    assert set(second.as_dict().values()) == {0}
    assert snapshot() == after_first
    later = timers.run_due(moment + timedelta(days=30))
    assert set(later.as_dict().values()) == {0}
    assert snapshot() == after_first


def test_nothing_is_due_before_its_time(ctx):
    for status in ("offered", "accepted", "submitted"):
        make_contract(status)
    before = snapshot()
    report = timers.run_due(utcnow() + timedelta(days=3) - timedelta(minutes=1))
    assert set(report.as_dict().values()) == {0}
    assert snapshot() == before


def test_a_timer_whose_contract_moved_on_does_nothing(ctx):
    """The sweep listed the contract as due, then the brand approved before it acted."""
    deal = make_contract("submitted", price=300_000)
    moment = utcnow() + PAST_EVERY_TIMER
    listed = timers._due_ids("submitted", Contract.review_due_at, moment)
    assert deal.id in listed
    work.approve(deal.brand, deal.id)
    before = snapshot()
    acted = timers._fire(deal.id, "submitted", Contract.review_due_at, timers._auto_approve, moment)
    assert acted is False
    assert snapshot() == before
    money = money_view(db.session.get(Contract, deal.id))
    assert (money.released, money.in_escrow) == (300_000, 0)


def test_a_counter_restarts_the_offer_clock(ctx):
    deal = make_contract("offered")
    # The offer was made almost OFFER_TTL_S ago: it would expire within the hour.
    db.session.execute(
        update(Contract)
        .where(Contract.id == deal.id)
        .values(offer_expires_at=utcnow() + timedelta(minutes=30))
    )
    db.session.commit()
    negotiation.counter_offer(deal.kol, deal.id, price=350_000)
    report = timers.run_due(utcnow() + timedelta(hours=1))
    assert report.expired == 0
    assert db.session.get(Contract, deal.id).status == "offered"


def test_a_resubmission_restarts_the_review_window(ctx):
    deal = make_contract("submitted", revisions=1)
    db.session.execute(
        update(Contract)
        .where(Contract.id == deal.id)
        .values(review_due_at=utcnow() + timedelta(minutes=30))
    )
    db.session.commit()
    work.request_revision(deal.brand, deal.id, "Tag the brand")
    assert timers.run_due(utcnow() + timedelta(hours=1)).auto_approved == 0
    work.submit_proof(deal.kol, deal.id, post_urls=[POST_URL])
    assert timers.run_due(utcnow() + timedelta(hours=1)).auto_approved == 0
    assert db.session.get(Contract, deal.id).status == "submitted"
    assert timers.run_due(utcnow() + PAST_EVERY_TIMER).auto_approved == 1


def test_the_command_prints_the_report(app, ctx):
    make_contract("offered")
    moment = (utcnow() + PAST_EVERY_TIMER).isoformat()
    result = app.test_cli_runner().invoke(args=["jobs", "run-due", "--now", moment])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        "expired=1 funding_cancelled=0 auto_approved=0 failed=0 reviews_revealed=0 "
        "payments_settled=0 disputes_flagged=0 commission_settled=0 commission_budgets_closed=0"
    )


def test_one_contract_that_fails_does_not_stop_the_sweep(ctx, monkeypatch):
    """A timer that raises on one contract is logged and counted; the others still move,
    and the failed one is moved by a later sweep."""
    deals = [make_contract("submitted") for _ in range(3)]
    broken = deals[1].id
    real_complete = timers.complete

    def complete(actor, contract_id, action):
        if contract_id == broken:
            raise RuntimeError("the release could not be written")
        return real_complete(actor, contract_id, action)

    monkeypatch.setattr(timers, "complete", complete)
    moment = utcnow() + PAST_EVERY_TIMER
    report = timers.run_due(moment)
    assert (report.auto_approved, report.failed) == (2, 1)
    statuses = snapshot()[0]
    assert [statuses[deal.id] for deal in deals] == ["completed", "submitted", "completed"]
    assert money_view(db.session.get(Contract, broken)).in_escrow > 0
    monkeypatch.setattr(timers, "complete", real_complete)
    again = timers.run_due(moment)
    assert (again.auto_approved, again.failed) == (1, 0)
    assert snapshot()[0][broken] == "completed"
