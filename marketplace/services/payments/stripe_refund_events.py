"""`charge.refunded`: refunds Stripe made that our ledger does not know yet.

A refund we start is booked in the ledger when we decide it (the cancellation, the
dispute's split, a late payment) and its attempt is on record before Stripe is asked, so
by the time Stripe reports it, it is already counted. Anything Stripe refunded beyond
our own refund attempts was done elsewhere (the Stripe dashboard) and is booked here:
from the contract's escrow while the escrow still holds it, the rest from the
platform's losses account (the KOL was already paid). Admins are alerted either way.

Events may come late or out of order, but `amount_refunded` is the charge's running
total: what is booked is always "running total minus what we know", keyed by the
charge and that total, so an older event books nothing and a repeat books once.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import LedgerEntry, PaymentAttempt
from marketplace.models.base import utcnow
from marketplace.services.contracts.workflow import lock_contract
from marketplace.services.ledger import accounts
from marketplace.services.ledger.contract_postings import escrow_balance
from marketplace.services.ledger.postings import Line, post
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.payments.webhook_events import IncomingEvent, ignore, remember
from marketplace.services.unit_of_work import use_case

log = logging.getLogger(__name__)
PROVIDER = "stripe"
EXTERNAL_PREFIX = "stripe-refund:"


def charge_attempt(charge_ref: str | None, intent_ref: str | None) -> PaymentAttempt | None:
    """Our succeeded charge attempt for a Stripe charge (by charge id or PaymentIntent id)."""
    refs = [ref for ref in (charge_ref, intent_ref) if ref]
    if not refs:
        return None
    return db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.kind == "charge",
            PaymentAttempt.provider == PROVIDER,
            (PaymentAttempt.provider_ref.in_(refs)) | (PaymentAttempt.intent_ref.in_(refs)),
        )
    )


def _ours(charge: PaymentAttempt) -> int:
    """What our own refund attempts of this charge take back (failed ones took nothing)."""
    return int(
        db.session.scalar(
            select(func.coalesce(func.sum(PaymentAttempt.amount), 0)).where(
                PaymentAttempt.kind == "refund",
                PaymentAttempt.charge_id == charge.id,
                PaymentAttempt.status != "failed",
            )
        )
        or 0
    )


def _booked_elsewhere(charge_ref: str) -> int:
    """Refunds made outside the app that earlier events already booked."""
    entries = db.session.scalars(
        select(LedgerEntry).where(
            LedgerEntry.idempotency_key.like(f"{EXTERNAL_PREFIX}{charge_ref}:%")
        )
    ).all()
    return sum(
        line.amount
        for entry in entries
        for line in entry.lines
        if line.account.startswith("external:")
    )


def _str(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    return str(value) if value else None


@use_case
def _book(event: IncomingEvent, charge_id: int, charge_ref: str, total_refunded: int) -> str:
    found = db.session.get(PaymentAttempt, charge_id)
    assert found is not None and found.contract_id is not None
    contract = lock_contract(None, found.contract_id)
    missing = total_refunded - _ours(found) - _booked_elsewhere(charge_ref)
    if missing <= 0:
        remember(event, "handled")
        return "handled"
    from_escrow = min(max(escrow_balance(contract), 0), missing)
    lost = missing - from_escrow
    currency = found.currency
    lines = [Line(accounts.external(PROVIDER), currency, missing)]
    if from_escrow:
        lines.append(Line(accounts.escrow(contract.id), currency, -from_escrow))
    if lost:
        lines.append(Line(accounts.PLATFORM_LOSSES, currency, -lost))
    post(
        f"{EXTERNAL_PREFIX}{charge_ref}:{total_refunded}",
        "refund",
        lines,
        contract_id=contract.id,
        memo="refund made outside the app (Stripe dashboard)",
    )
    contract.flagged_at = contract.flagged_at or utcnow()
    contract.flag_reason = "Stripe refunded money the app did not ask for."
    notify_admins(
        "payments.external_refund",
        contract.id,
        title=contract.title,
        amount=missing,
        currency=currency,
        from_escrow=from_escrow,
        lost=lost,
        charge=charge_ref,
    )
    remember(event, "handled")
    return "handled"


def on_charge_refunded(event: IncomingEvent) -> str:
    charge_ref = event.object_id
    found = charge_attempt(charge_ref, _str(event.object.get("payment_intent")))
    if charge_ref is None or found is None or found.contract_id is None:
        return ignore(event, "a charge the app did not make")
    try:
        total = int(event.object.get("amount_refunded") or 0)
    except (TypeError, ValueError):
        return ignore(event, "no amount_refunded on the charge")
    return _book(event, found.id, charge_ref, total)
