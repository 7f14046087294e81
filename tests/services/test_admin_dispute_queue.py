"""The admins' dispute queue and resolution plans: filters, priority, assigning, amounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.domain.errors import Conflict, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import AuditEntry, Dispute
from marketplace.models.base import utcnow
from marketplace.services.admin import dispute_case, dispute_queue, dispute_resolution
from marketplace.services.contracts import disputes
from marketplace.services.ledger import accounts, balances
from marketplace.services.ledger.postings import balance
from tests.factories import make_admin
from tests.factories.contracts import Deal, make_contract

DAY = timedelta(days=1)


def _disputed(price: int = 300_000, **terms) -> tuple[Deal, Dispute]:
    deal = make_contract("disputed", price=price, **terms)
    dispute = disputes.open_dispute_of(deal.contract)
    assert dispute is not None
    return deal, dispute


def _due(dispute: Dispute, due_in: timedelta, responded: bool = False) -> None:
    dispute.response_due_at = utcnow() + due_in
    dispute.responded_at = utcnow() if responded else None
    dispute.response = "It was posted on time" if responded else None
    db.session.commit()


def _ids(result) -> list[int]:
    return [row.dispute.id for row in result.items]


def test_open_queue_puts_ready_disputes_first_by_money_then_the_least_time_left(admin, ctx):
    _, small_ready = _disputed(100_000)
    _, big_ready = _disputed(900_000)
    _, soon = _disputed(950_000)
    _, later = _disputed(990_000)
    _due(small_ready, -DAY)  # the deadline passed: ready for a decision
    _due(big_ready, 2 * DAY, responded=True)  # answered: ready
    _due(soon, DAY)
    _due(later, 3 * DAY)
    result, filters = dispute_queue.list_queue(admin)
    assert filters.status == "open"
    assert _ids(result) == [big_ready.id, small_ready.id, soon.id, later.id]
    rows = {row.dispute.id: row for row in result.items}
    assert rows[big_ready.id].at_stake == 900_000 and rows[big_ready.id].time_left is None
    assert rows[small_ready.id].deadline_passed and rows[small_ready.id].default_for == "brand"
    assert rows[soon.id].time_left is not None
    assert timedelta(hours=23) < rows[soon.id].time_left <= DAY
    assert not rows[soon.id].deadline_passed and rows[soon.id].default_for is None
    assert rows[later.id].age < timedelta(minutes=5)


def test_filters_category_currency_assignment_and_default_eligibility(admin, ctx):
    _, usd = _disputed(currency="usd")
    _, cny = _disputed()
    _due(usd, -DAY)
    _due(cny, DAY)
    cny.category = "late"
    db.session.commit()
    assert _ids(dispute_queue.list_queue(admin, currency="usd")[0]) == [usd.id]
    assert _ids(dispute_queue.list_queue(admin, category="late")[0]) == [cny.id]
    assert _ids(dispute_queue.list_queue(admin, eligible="1")[0]) == [usd.id]
    dispute_queue.assign_to_me(admin, cny.id)
    assert _ids(dispute_queue.list_queue(admin, assignment="me")[0]) == [cny.id]
    assert _ids(dispute_queue.list_queue(admin, assignment="unassigned")[0]) == [usd.id]
    other = make_admin()
    assert _ids(dispute_queue.list_queue(other, assignment="me")[0]) == []
    assert dispute_queue.list_queue(admin, status="resolved")[0].total == 0


def test_resolved_disputes_are_listed_apart_most_recent_first(admin, ctx):
    first = make_contract("resolved")
    second = make_contract("resolved")
    _disputed()
    result, _ = dispute_queue.list_queue(admin, status="resolved")
    assert [row.contract.id for row in result.items] == [second.id, first.id]
    assert all(row.default_for is None and row.at_stake == 0 for row in result.items)


def test_queue_pages(admin, ctx):
    for _ in range(3):
        _disputed()
    first, _ = dispute_queue.list_queue(admin, per_page="2")
    second, _ = dispute_queue.list_queue(admin, per_page="2", page="2")
    assert first.total == 3 and len(first.items) == 2 and len(second.items) == 1
    assert not set(_ids(first)) & set(_ids(second))


@pytest.mark.parametrize(
    "bad",
    [
        {"status": "lost"},
        {"category": "rude"},
        {"currency": "eur"},
        {"assignment": "them"},
        {"page": "0"},
        {"per_page": "1000"},
    ],
)
def test_bad_filters_are_validation_errors(admin, ctx, bad):
    with pytest.raises(ValidationFailed) as caught:
        dispute_queue.list_queue(admin, **bad)
    assert set(caught.value.fields) == set(bad)


def test_only_admins_see_the_queue_and_the_case(ctx):
    deal, dispute = _disputed()
    for user in (deal.brand, deal.kol):
        with pytest.raises(NotFound):
            dispute_queue.list_queue(user)
        with pytest.raises(NotFound):
            dispute_case.dispute_case(user, dispute.id)
        with pytest.raises(NotFound):
            dispute_queue.assign_to_me(user, dispute.id)


def test_assigning_records_who_and_is_audited(admin, ctx):
    _, dispute = _disputed()
    dispute_queue.assign_to_me(admin, dispute.id)
    other = make_admin()
    dispute_queue.assign_to_me(other, dispute.id)
    dispute_queue.assign_to_me(other, dispute.id)  # already theirs: nothing new
    db.session.expire_all()
    assert db.session.get(Dispute, dispute.id).assigned_to_id == other.id
    entries = db.session.scalars(
        select(AuditEntry).where(AuditEntry.action == "dispute.assign").order_by(AuditEntry.id)
    ).all()
    assert [(e.actor_id, e.subject_id) for e in entries] == [
        (admin.id, dispute.id),
        (other.id, dispute.id),
    ]
    assert entries[1].data["previous_admin_id"] == admin.id


def test_assigning_a_closed_or_unknown_dispute_is_refused(admin, ctx):
    deal = make_contract("resolved")
    dispute = db.session.scalar(select(Dispute).where(Dispute.contract_id == deal.id))
    with pytest.raises(Conflict):
        dispute_queue.assign_to_me(admin, dispute.id)
    with pytest.raises(NotFound):
        dispute_queue.assign_to_me(admin, 999_999)


def test_the_case_gathers_messages_evidence_and_money(admin, ctx):
    deal, dispute = _disputed()
    case = dispute_case.dispute_case(admin, dispute.id)
    assert case.contract.id == deal.id and case.row.at_stake == 300_000
    assert case.money.in_escrow == 300_000 and case.money.fee == 30_000
    assert set(case.evidence) >= {"brand", "kol"}
    assert [e.action for e in case.contract.events][-1] == "dispute"


# Resolution plans


@pytest.mark.parametrize(
    ("mode", "extra", "kol", "fee", "brand"),
    [
        ("release", {}, 300_000, 30_000, 0),
        ("refund", {}, 0, 0, 300_000),
        ("percent", {"kol_bps": 6000}, 180_000, 18_000, 120_000),
        ("amounts", {"kol_amount": 100_001, "brand_refund": 199_999}, 100_001, 10_000, 199_999),
    ],
)
def test_plans_give_exact_amounts_with_the_fee_on_the_kols_share_only(
    admin, ctx, mode, extra, kol, fee, brand
):
    _, dispute = _disputed()
    plan = dispute_resolution.plan_resolution(admin, dispute.id, mode=mode, note="Why", **extra)
    assert (plan.kol_amount, plan.fee, plan.brand_refund) == (kol, fee, brand)
    assert plan.kol_net == kol - fee and plan.held == 300_000
    assert db.session.get(Dispute, dispute.id).status == "open"


def test_a_percentage_that_does_not_divide_evenly_still_adds_up(admin, ctx):
    _, dispute = _disputed(price=100_001)
    plan = dispute_resolution.plan_resolution(
        admin, dispute.id, mode="percent", kol_bps=3333, note="Why"
    )
    assert plan.kol_amount + plan.brand_refund == 100_001
    assert plan.kol_amount == 33_330


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"mode": "amounts", "kol_amount": 1, "brand_refund": 1}, {"kol_amount", "brand_refund"}),
        ({"mode": "amounts", "kol_amount": 300_000}, {"brand_refund"}),
        ({"mode": "percent", "kol_bps": 10_001}, {"kol_percent"}),
        ({"mode": "percent"}, {"kol_percent"}),
        ({"mode": "split"}, {"outcome"}),
        ({"mode": "release", "note": "  "}, {"note"}),
    ],
)
def test_bad_plans_are_field_errors(admin, ctx, values, fields):
    _, dispute = _disputed()
    values = {"note": "Because", **values}
    with pytest.raises(ValidationFailed) as caught:
        dispute_resolution.plan_resolution(admin, dispute.id, **values)
    assert set(caught.value.fields) == fields


def test_confirming_books_exactly_the_plan_and_a_second_confirmation_is_refused(admin, ctx):
    deal, dispute = _disputed()
    plan = dispute_resolution.plan_resolution(
        admin, dispute.id, mode="percent", kol_bps=6000, note="Half the posts were missing"
    )
    dispute_resolution.confirm_resolution(
        admin,
        dispute.id,
        kol_amount=plan.kol_amount,
        brand_refund=plan.brand_refund,
        note=plan.note,
    )
    db.session.expire_all()
    resolved = db.session.get(Dispute, dispute.id)
    assert resolved.status == "resolved" and resolved.resolution_note == plan.note
    assert (resolved.kol_amount, resolved.brand_refund) == (180_000, 120_000)
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 162_000
    assert balance(accounts.escrow(deal.id), "cny") == 0
    assert all(total == 0 for total in balances.totals().values())
    with pytest.raises(Conflict):
        dispute_resolution.confirm_resolution(
            admin, dispute.id, kol_amount=180_000, brand_refund=120_000, note="Again"
        )


def test_confirming_amounts_that_no_longer_add_up_changes_nothing(admin, ctx):
    deal, dispute = _disputed()
    with pytest.raises(ValidationFailed):
        dispute_resolution.confirm_resolution(
            admin, dispute.id, kol_amount=200_000, brand_refund=200_000, note="Why"
        )
    db.session.expire_all()
    assert db.session.get(Dispute, dispute.id).status == "open"
    assert balance(accounts.escrow(deal.id), "cny") == 300_000


def test_a_withdrawn_dispute_cannot_be_planned(admin, ctx):
    _, dispute = _disputed()
    dispute.status = "withdrawn"
    db.session.commit()
    with pytest.raises(Conflict):
        dispute_resolution.plan_resolution(admin, dispute.id, mode="refund", note="Why")
