"""Card chargebacks: `charge.dispute.created` and `charge.dispute.closed`.

A chargeback on a contract's funding charge freezes the contract: while its escrow is
held (funded, submitted, revision requested) a system `chargeback` move makes it
`disputed`, with an open `Dispute` (source "stripe") in the admins' queue, so no timer
releases the money. Every chargeback is recorded as a `PaymentDispute` with Stripe's
status, and the contract is flagged for review even when it can no longer be frozen
(already completed or resolved). The close records the outcome (won, lost, ...). Admins
are alerted at both ends.

Order: a `closed` that arrives before its `created` records the dispute as closed, and
the late `created` then neither reopens it nor freezes the contract.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select

from marketplace.domain.contracts import DISPUTABLE_STATUSES
from marketplace.extensions import db
from marketplace.models import Contract, Dispute, PaymentDispute
from marketplace.models.base import utcnow
from marketplace.services.contracts.disputes import freeze_for_dispute
from marketplace.services.contracts.workflow import lock_contract, transition
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.payments.stripe_refund_events import charge_attempt
from marketplace.services.payments.webhook_events import IncomingEvent, ignore, remember
from marketplace.services.unit_of_work import use_case


def _ref(value: Any) -> str | None:
    if isinstance(value, Mapping):
        value = value.get("id")
    return str(value) if value else None


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _record(contract: Contract, obj: Mapping[str, Any], currency: str) -> PaymentDispute:
    reference = str(obj["id"])
    row = db.session.scalar(select(PaymentDispute).where(PaymentDispute.reference == reference))
    if row is None:
        row = PaymentDispute(
            reference=reference,
            charge_ref=_ref(obj.get("charge")) or "",
            contract_id=contract.id,
            amount=_int(obj.get("amount")),
            currency=str(obj.get("currency") or currency)[:3],
            reason=str(obj.get("reason") or "")[:64],
            status=str(obj.get("status") or "needs_response")[:32],
        )
        db.session.add(row)
    return row


def _freeze(contract: Contract, row: PaymentDispute) -> None:
    before = contract.status
    transition(None, contract.id, "chargeback", {"dispute": row.reference, "reason": row.reason})
    freeze_for_dispute(contract, before)
    db.session.add(
        Dispute(
            contract_id=contract.id,
            opened_by_role="system",
            category="other",
            reason=f"Card chargeback {row.reference} ({row.reason or 'no reason given'}).",
            status="open",
            prior_status=before,
            source="stripe",
        )
    )


@use_case
def _opened(event: IncomingEvent, contract_id: int, currency: str) -> str:
    contract = lock_contract(None, contract_id)
    row = _record(contract, event.object, currency)
    db.session.flush()
    if row.closed_at is None:
        if contract.status in DISPUTABLE_STATUSES:
            _freeze(contract, row)
        contract.flagged_at = contract.flagged_at or utcnow()
        contract.flag_reason = f"Card chargeback {row.reference} opened."
        notify_admins(
            "payments.chargeback_opened",
            contract.id,
            title=contract.title,
            amount=row.amount,
            currency=row.currency,
            reason=row.reason,
            dispute=row.reference,
        )
    remember(event, "handled")
    return "handled"


@use_case
def _closed(event: IncomingEvent, contract_id: int, currency: str) -> str:
    contract = lock_contract(None, contract_id)
    row = _record(contract, event.object, currency)
    row.status = str(event.object.get("status") or "closed")[:32]
    row.closed_at = row.closed_at or utcnow()
    row.note = f"Closed by the card network: {row.status}."
    notify_admins(
        "payments.chargeback_closed",
        contract.id,
        title=contract.title,
        outcome=row.status,
        amount=row.amount,
        currency=row.currency,
        dispute=row.reference,
    )
    remember(event, "handled")
    return "handled"


def _contract_of(event: IncomingEvent) -> tuple[int, str] | None:
    found = charge_attempt(
        _ref(event.object.get("charge")), _ref(event.object.get("payment_intent"))
    )
    if found is None or found.contract_id is None or not event.object_id:
        return None
    return found.contract_id, found.currency


def on_dispute_created(event: IncomingEvent) -> str:
    known = _contract_of(event)
    if known is None:
        return ignore(event, "a chargeback on a charge the app did not make")
    return _opened(event, *known)


def on_dispute_closed(event: IncomingEvent) -> str:
    known = _contract_of(event)
    if known is None:
        return ignore(event, "a chargeback on a charge the app did not make")
    return _closed(event, *known)
