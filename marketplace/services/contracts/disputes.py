"""Disputes: either party freezes the escrow; an admin resolves it with a split.

The escrow stays where it is while a dispute is open (no timer moves the contract). The
resolution releases `kol_amount` to the KOL (less the platform fee) and refunds
`brand_refund` to the brand; the two must add up to what the escrow holds.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.domain.contracts import DISPUTE_CATEGORIES
from marketplace.domain.errors import NotFound, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Contract, Dispute, User
from marketplace.models.base import utcnow
from marketplace.services.accounts.roles import require_role
from marketplace.services.contracts.reputation import refresh_kol_reputation
from marketplace.services.contracts.workflow import lock_contract, transition
from marketplace.services.ledger.contract_postings import (
    escrow_balance,
    fee_split,
    post_resolution,
)
from marketplace.services.payments import attempts
from marketplace.services.payments.refunds import schedule_refund
from marketplace.services.payments.releases import on_release
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

REASON_MAX = 5000
NOTE_MAX = 5000


@use_case(conflict=_l("This contract already has an open dispute."))
def open_dispute(actor: User, contract_id: int, reason: Any, category: Any = None) -> Dispute:
    """A party disputes a funded, submitted or revision-requested contract."""
    before = lock_contract(actor, contract_id).status
    contract = transition(actor, contract_id, "dispute")
    v = Validator()
    statement = v.string("reason", reason, max_len=REASON_MAX)
    clean_category = (
        "other" if category is None else v.choice("category", category, DISPUTE_CATEGORIES)
    )
    v.check()
    role = contract.party_role(actor.id)
    assert role is not None and statement is not None and clean_category is not None
    contract.disputed_from = before
    contract.cancel_requested_by = None
    contract.review_due_at = None
    dispute = Dispute(
        contract_id=contract.id,
        opened_by_id=actor.id,
        opened_by_role=role,
        category=clean_category,
        reason=statement,
        status="open",
        prior_status=before,
    )
    db.session.add(dispute)
    db.session.flush()
    return dispute


def open_dispute_of(contract: Contract) -> Dispute | None:
    return db.session.scalar(
        select(Dispute).where(Dispute.contract_id == contract.id, Dispute.status == "open")
    )


def _lock_dispute(dispute_id: int) -> Dispute:
    dispute = db.session.scalar(
        select(Dispute)
        .where(Dispute.id == dispute_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if dispute is None:
        raise NotFound(str(_l("Dispute not found.")))
    return dispute


@use_case
def resolve_dispute(
    admin: User, dispute_id: int, *, kol_amount: Any, brand_refund: Any, note: Any = ""
) -> Dispute:
    """An admin splits the escrow: `kol_amount` to the KOL (less the fee), the rest refunded."""
    require_role(admin, "admin")
    dispute = _lock_dispute(dispute_id)
    contract = transition(admin, dispute.contract_id, "resolve")
    v = Validator()
    to_kol = v.integer("kol_amount", kol_amount, minimum=0, maximum=None)
    to_brand = v.integer("brand_refund", brand_refund, minimum=0, maximum=None)
    clean_note = v.string("note", note, required=False, max_len=NOTE_MAX) or ""
    v.check()
    assert to_kol is not None and to_brand is not None
    held = escrow_balance(contract)
    if to_kol + to_brand != held:
        message = str(_l("The two amounts must add up to the escrowed amount."))
        raise ValidationFailed(message, {"kol_amount": [message], "brand_refund": [message]})
    post_resolution(contract, to_kol, to_brand)
    on_release(contract, fee_split(contract, to_kol).net)
    charge = attempts.succeeded_charge(contract.id)
    if to_brand and charge is not None:
        schedule_refund(charge, amount=to_brand)
    now = utcnow()
    contract.closed_at = now
    dispute.status = "resolved"
    dispute.kol_amount = to_kol
    dispute.brand_refund = to_brand
    dispute.resolution_note = clean_note
    dispute.resolved_by_id = admin.id
    dispute.resolved_at = now
    refresh_kol_reputation(contract.kol_id)
    return dispute
