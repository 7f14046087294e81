"""Disputes: either party freezes the escrow; an admin resolves it with a split.

The escrow stays where it is while a dispute is open (no timer moves the contract). The
other party has DISPUTE_RESPONSE_S to answer (`dispute_actions.respond`). The resolution
releases `kol_amount` to the KOL (less the platform fee, which applies to the KOL's share
only) and refunds `brand_refund` to the brand; the two must add up to what the escrow
holds. Every resolution carries a written reason, shown to both parties and kept in the
audit log. Use cases lock the dispute row first, then the contract's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.domain.contracts import DISPUTE_CATEGORIES
from marketplace.domain.errors import Conflict, ValidationFailed
from marketplace.extensions import db
from marketplace.models import Contract, Dispute, User
from marketplace.models.base import utcnow
from marketplace.services import audit
from marketplace.services.accounts.roles import require_role
from marketplace.services.campaigns.budget_return import close_if_done
from marketplace.services.contracts.dispute_evidence import MAX_FILES, attach
from marketplace.services.contracts.dispute_queries import lock_dispute
from marketplace.services.contracts.reputation import refresh_kol_reputation
from marketplace.services.contracts.workflow import lock_contract, seconds_setting, transition
from marketplace.services.images import reject
from marketplace.services.ledger.contract_postings import (
    escrow_balance,
    fee_split,
    post_resolution,
)
from marketplace.services.notifications.admin_alerts import notify_user
from marketplace.services.payments import attempts
from marketplace.services.payments.refunds import schedule_refund
from marketplace.services.payments.releases import on_release
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

REASON_MAX = 5000
NOTE_MAX = 5000
FULL_BPS = 10_000


@use_case(conflict=_l("This contract already has an open dispute."))
def open_dispute(
    actor: User,
    contract_id: int,
    reason: Any,
    category: Any = None,
    files: Sequence[Any] = (),
) -> Dispute:
    """A party disputes a funded, submitted or revision-requested contract, with evidence."""
    before = lock_contract(actor, contract_id).status
    contract = transition(actor, contract_id, "dispute")
    v = Validator()
    statement = v.string("reason", reason, max_len=REASON_MAX)
    clean_category = (
        "other" if category is None else v.choice("category", category, DISPUTE_CATEGORIES)
    )
    v.check()
    if len(files) > MAX_FILES:
        raise reject("file", _l("A dispute holds at most %(n)d files.", n=MAX_FILES))
    role = contract.party_role(actor.id)
    assert role is not None and statement is not None and clean_category is not None
    freeze_for_dispute(contract, before)
    now = utcnow()
    dispute = Dispute(
        contract_id=contract.id,
        opened_by_id=actor.id,
        opened_by_role=role,
        category=clean_category,
        reason=statement,
        status="open",
        prior_status=before,
        created_at=now,
        response_due_at=now + seconds_setting("DISPUTE_RESPONSE_S"),
    )
    db.session.add(dispute)
    db.session.flush()
    for upload in files:
        attach(dispute, actor, role, upload)
    return dispute


def freeze_for_dispute(contract: Contract, before: str) -> None:
    """A dispute holds the escrow: remember where to return, stop the review timer and any
    pending cancellation request. Shared by a party's dispute and a card chargeback."""
    contract.disputed_from = before
    contract.cancel_requested_by = None
    contract.review_due_at = None


def open_dispute_of(contract: Contract) -> Dispute | None:
    return db.session.scalar(
        select(Dispute).where(Dispute.contract_id == contract.id, Dispute.status == "open")
    )


def _refuse_decided(dispute: Dispute) -> None:
    if dispute.status == "resolved":
        raise Conflict(str(_l("This dispute has already been resolved.")))
    if dispute.status == "withdrawn":
        raise Conflict(str(_l("This dispute was withdrawn, so there is nothing to resolve.")))


def _clean_note(v: Validator, note: Any) -> str:
    return v.string("note", note, required=True, max_len=NOTE_MAX) or ""


Split = Callable[[int], tuple[int, int]]


def _decide(admin: User, dispute_id: int, note: str, split: Split) -> Dispute:
    """Lock, refuse a decided dispute, split the escrow with `split(held)`, post, tell both."""
    dispute = lock_dispute(admin, dispute_id)
    _refuse_decided(dispute)
    contract = transition(admin, dispute.contract_id, "resolve")
    held = escrow_balance(contract)
    to_kol, to_brand = split(held)
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
    contract.disputed_from = None
    dispute.status = "resolved"
    dispute.kol_amount = to_kol
    dispute.brand_refund = to_brand
    dispute.resolution_note = note
    dispute.resolved_by_id = admin.id
    dispute.resolved_at = now
    close_if_done(contract, now)
    audit.record(
        admin,
        "dispute.resolve",
        "dispute",
        dispute.id,
        note,
        contract_id=contract.id,
        currency=contract.currency,
        kol_amount=to_kol,
        brand_refund=to_brand,
    )
    for user_id in (contract.brand_id, contract.kol_id):
        notify_user(user_id, "dispute.resolved", contract.id, title=contract.title, reason=note)
    refresh_kol_reputation(contract.kol_id)
    return dispute


@use_case
def resolve_dispute(
    admin: User, dispute_id: int, *, kol_amount: Any, brand_refund: Any, note: Any
) -> Dispute:
    """An admin splits the escrow: `kol_amount` to the KOL (less the fee), the rest refunded.

    `note`, the written reason shown to both parties, is required. Resolving a decided or
    withdrawn dispute is a Conflict; amounts that do not add up to the escrow are refused.
    """
    require_role(admin, "admin")
    v = Validator()
    to_kol = v.integer("kol_amount", kol_amount, minimum=0, maximum=None)
    to_brand = v.integer("brand_refund", brand_refund, minimum=0, maximum=None)
    clean_note = _clean_note(v, note)
    v.check()
    assert to_kol is not None and to_brand is not None
    return _decide(admin, dispute_id, clean_note, lambda held: (to_kol, to_brand))


def percent_split(held: int, kol_bps: int) -> tuple[int, int]:
    """(KOL's share, brand's refund) of `held` at `kol_bps`, half-up; they add up exactly."""
    to_kol = (held * kol_bps + FULL_BPS // 2) // FULL_BPS
    return to_kol, held - to_kol


@use_case
def resolve_dispute_percent(admin: User, dispute_id: int, *, kol_bps: Any, note: Any) -> Dispute:
    """An admin gives the KOL `kol_bps` basis points of the escrow and refunds the rest.

    10000 releases everything to the KOL, 0 refunds everything to the brand.
    """
    require_role(admin, "admin")
    v = Validator()
    bps = v.basis_points("kol_bps", kol_bps, minimum=0, maximum=FULL_BPS)
    clean_note = _clean_note(v, note)
    v.check()
    assert bps is not None
    return _decide(admin, dispute_id, clean_note, lambda held: percent_split(held, bps))


def release_all(admin: User, dispute_id: int, *, note: Any) -> Dispute:
    """The whole escrow to the KOL (less the fee)."""
    return resolve_dispute_percent(admin, dispute_id, kol_bps=FULL_BPS, note=note)


def refund_all(admin: User, dispute_id: int, *, note: Any) -> Dispute:
    """The whole escrow back to the brand."""
    return resolve_dispute_percent(admin, dispute_id, kol_bps=0, note=note)
