"""Opening and resolving disputes: deadlines, the written reason, splits, conflicts, ledger."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotAllowed, NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import (
    AuditEntry,
    Contract,
    ContractEvent,
    Dispute,
    DisputeEvidence,
    LedgerEntry,
    LedgerLine,
    Notification,
)
from marketplace.services.contracts import dispute_actions, disputes
from marketplace.services.contracts.dispute_evidence import evidence_folder
from marketplace.services.contracts.disputes import percent_split
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from marketplace.services.notifications import notification_text
from tests.factories import make_admin
from tests.factories.contracts import make_contract
from tests.factories.disputes import make_dispute, pdf_upload, upload


def _footprint(dispute_id: int) -> tuple[str, str, int, int, int]:
    db.session.expire_all()
    dispute = db.session.get(Dispute, dispute_id)
    assert dispute is not None
    contract = db.session.get(Contract, dispute.contract_id)
    assert contract is not None
    events = db.session.scalar(select(func.count()).where(ContractEvent.contract_id == contract.id))
    entries = db.session.scalar(select(func.count()).select_from(LedgerEntry))
    audits = db.session.scalar(select(func.count()).select_from(AuditEntry))
    return dispute.status, contract.status, events or 0, entries or 0, audits or 0


def _kinds(user_id: int) -> list[str]:
    return list(
        db.session.scalars(
            select(Notification.kind).where(Notification.user_id == user_id).order_by("id")
        )
    )


def test_opening_sets_the_response_deadline_and_tells_the_other_side(ctx):
    deal, dispute = make_dispute("submitted", opener="brand")
    due = dispute.response_due_at - dispute.created_at
    assert due == timedelta(seconds=current_app.config["DISPUTE_RESPONSE_S"])
    assert due == timedelta(days=5)
    assert _kinds(deal.kol.id)[-1] == "contract.dispute"
    assert dispute.prior_status == "submitted" and dispute.status == "open"


def test_opening_with_evidence_stores_each_file(ctx):
    _, dispute = make_dispute("funded", files=(upload(), pdf_upload()))
    kinds = [e.kind for e in dispute.evidence]
    assert kinds == ["image", "pdf"]
    for evidence in dispute.evidence:
        assert (evidence_folder() / evidence.token).is_file()
        assert evidence.uploaded_by_role == "brand"


def test_a_bad_file_when_opening_changes_nothing(ctx):
    deal = make_contract("funded")
    stored_before = set(evidence_folder().glob("*")) if evidence_folder().exists() else set()
    with pytest.raises(ValidationFailed) as refused:
        disputes.open_dispute(
            deal.brand, deal.id, "Nothing posted", "not_delivered", (upload(), upload(b"hi"))
        )
    assert "file" in refused.value.fields
    db.session.expire_all()
    assert db.session.get(Contract, deal.id).status == "funded"
    assert db.session.scalar(select(func.count()).select_from(Dispute)) == 0
    assert db.session.scalar(select(func.count()).select_from(DisputeEvidence)) == 0
    stored_after = set(evidence_folder().glob("*")) if evidence_folder().exists() else set()
    assert stored_after == stored_before  # the first, good file was removed again


def test_a_60_40_split_pays_the_kol_less_the_fee_and_refunds_the_brand(ctx):
    deal, dispute = make_dispute("submitted", price=300_000)
    admin = make_admin()
    disputes.resolve_dispute(
        admin, dispute.id, kol_amount=180_000, brand_refund=120_000, note="Half the posts"
    )
    contract = db.session.get(Contract, deal.id)
    assert contract.status == "resolved"
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 180_000 - 18_000
    assert balance(accounts.PLATFORM_FEES, "cny") == 18_000
    assert balance(accounts.escrow(deal.id), "cny") == 0
    refunded = db.session.scalar(
        select(func.sum(LedgerLine.amount))
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(LedgerEntry.kind == "resolve", LedgerLine.account.like("external:%"))
    )
    assert refunded == 120_000
    totals = db.session.execute(
        select(LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(LedgerLine.currency)
    ).all()
    assert {currency: total for currency, total in totals} == {"cny": 0}


def test_the_reason_is_recorded_and_shown_to_both_parties(ctx):
    deal, dispute = make_dispute("funded", price=200_000)
    admin = make_admin()
    disputes.resolve_dispute(
        admin, dispute.id, kol_amount=0, brand_refund=200_000, note="Nothing was posted"
    )
    entry = db.session.scalar(select(AuditEntry).where(AuditEntry.action == "dispute.resolve"))
    assert entry.actor_id == admin.id and entry.subject_id == dispute.id
    assert entry.reason == "Nothing was posted"
    assert entry.data["brand_refund"] == 200_000 and entry.data["kol_amount"] == 0
    for party in (deal.brand, deal.kol):
        notice = db.session.scalar(
            select(Notification).where(
                Notification.user_id == party.id, Notification.kind == "dispute.resolved"
            )
        )
        assert "Nothing was posted" in notification_text(notice)


@pytest.mark.parametrize("note", [None, "", "   "])
def test_a_resolution_without_a_reason_changes_nothing(ctx, note):
    _, dispute = make_dispute("funded", price=200_000)
    before = _footprint(dispute.id)
    with pytest.raises(ValidationFailed) as refused:
        disputes.resolve_dispute(
            make_admin(), dispute.id, kol_amount=0, brand_refund=200_000, note=note
        )
    assert "note" in refused.value.fields
    assert _footprint(dispute.id)[:4] == before[:4]


def test_resolving_twice_is_a_conflict_and_books_nothing_more(ctx):
    _, dispute = make_dispute("funded", price=200_000)
    admin = make_admin()
    disputes.resolve_dispute(admin, dispute.id, kol_amount=0, brand_refund=200_000, note="A")
    before = _footprint(dispute.id)
    with pytest.raises(Conflict, match="already been resolved"):
        disputes.resolve_dispute(
            admin, dispute.id, kol_amount=200_000, brand_refund=0, note="Changed my mind"
        )
    assert _footprint(dispute.id) == before
    assert db.session.get(Dispute, dispute.id).resolution_note == "A"


def test_resolving_a_withdrawn_dispute_is_a_conflict(ctx):
    deal, dispute = make_dispute("funded", price=200_000)
    dispute_actions.withdraw(deal.brand, dispute.id)
    before = _footprint(dispute.id)
    with pytest.raises(Conflict, match="withdrawn"):
        disputes.resolve_dispute(
            make_admin(), dispute.id, kol_amount=0, brand_refund=200_000, note="Refund"
        )
    assert _footprint(dispute.id) == before
    assert before[:2] == ("withdrawn", "funded")


def test_an_unknown_dispute_is_not_found(ctx):
    with pytest.raises(NotFound):
        disputes.resolve_dispute(make_admin(), 999_999, kol_amount=0, brand_refund=0, note="x")


def test_a_party_cannot_resolve(ctx):
    deal, dispute = make_dispute("funded", price=200_000)
    with pytest.raises(NotAllowed):
        disputes.resolve_dispute_percent(deal.brand, dispute.id, kol_bps=0, note="Mine")
    assert _footprint(dispute.id)[:2] == ("open", "disputed")


@pytest.mark.parametrize(
    ("held", "bps", "parts"),
    [
        (300_000, 6000, (180_000, 120_000)),
        (300_001, 6000, (180_001, 120_000)),
        (1, 5000, (1, 0)),
        (3, 3333, (1, 2)),
        (999, 10_000, (999, 0)),
        (999, 0, (0, 999)),
    ],
)
def test_a_percentage_split_rounds_half_up_and_adds_up(held, bps, parts):
    assert percent_split(held, bps) == parts
    assert sum(percent_split(held, bps)) == held


def test_a_percentage_resolution_splits_the_escrow(ctx):
    deal, dispute = make_dispute("submitted", price=300_001)
    resolved = disputes.resolve_dispute_percent(
        make_admin(), dispute.id, kol_bps=6000, note="Mostly delivered"
    )
    assert (resolved.kol_amount, resolved.brand_refund) == (180_001, 120_000)
    assert balance(accounts.escrow(deal.id), "cny") == 0


@pytest.mark.parametrize("bps", [-1, 10_001, "sixty", None, 60.5])
def test_a_percentage_out_of_range_changes_nothing(ctx, bps):
    _, dispute = make_dispute("funded", price=200_000)
    before = _footprint(dispute.id)
    with pytest.raises(ValidationFailed) as refused:
        disputes.resolve_dispute_percent(make_admin(), dispute.id, kol_bps=bps, note="x")
    assert "kol_bps" in refused.value.fields
    assert _footprint(dispute.id) == before


def test_release_all_and_refund_all_are_the_two_ends(ctx):
    admin = make_admin()
    deal, dispute = make_dispute("submitted", price=200_000)
    released = disputes.release_all(admin, dispute.id, note="Delivered as agreed")
    assert (released.kol_amount, released.brand_refund) == (200_000, 0)
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 180_000
    deal, dispute = make_dispute("funded", price=200_000)
    refunded = disputes.refund_all(admin, dispute.id, note="Never delivered")
    assert (refunded.kol_amount, refunded.brand_refund) == (0, 200_000)
    assert balance(accounts.kol_available(deal.kol.id), "cny") == 0
