"""Platform events about our transfers to connected accounts: `transfer.reversed`.

A transfer is the platform's object, so its events reach the platform endpoint. The event
carries the transfer with its reversals so far; each reversal is booked by its own id
(`clawbacks.book_reversal`), so duplicates, out-of-order deliveries and our own settle
of the same reversal book it once. A reversal we did not make (the Stripe dashboard)
brings the money back into the contract's escrow and alerts the admins to refund or
release it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, PaymentAttempt
from marketplace.services.notifications.admin_alerts import notify_admins
from marketplace.services.payments.clawbacks import book_reversal
from marketplace.services.payments.webhook_events import Handler, IncomingEvent, ignore, remember
from marketplace.services.unit_of_work import unit_of_work


def _reversals(transfer: Any) -> Iterator[tuple[str, int]]:
    listed = transfer.get("reversals") or {}
    for reversal in listed.get("data") or ():
        if reversal.get("id") and int(reversal.get("amount") or 0) > 0:
            yield str(reversal["id"]), int(reversal["amount"])


def _ours_in_flight(transfer: PaymentAttempt) -> bool:
    """A reversal we asked for whose answer has not been settled yet."""
    return (
        db.session.scalar(
            select(PaymentAttempt.id).where(
                PaymentAttempt.charge_id == transfer.id,
                PaymentAttempt.kind == "reversal",
                PaymentAttempt.status == "pending",
            )
        )
        is not None
    )


def _ours(reference: str) -> bool:
    return (
        db.session.scalar(
            select(PaymentAttempt.id).where(
                PaymentAttempt.kind == "reversal", PaymentAttempt.provider_ref == reference
            )
        )
        is not None
    )


def _transfer_reversed(event: IncomingEvent) -> str:
    reference = event.object_id or ""
    transfer = db.session.scalar(
        select(PaymentAttempt).where(
            PaymentAttempt.kind == "transfer", PaymentAttempt.provider_ref == reference
        )
    )
    if transfer is None or transfer.contract_id is None:
        return ignore(event, f"unknown transfer {reference}")
    with unit_of_work():
        remember(event, "handled")
        contract = db.session.get_one(Contract, transfer.contract_id)
        currency = str(event.object.get("currency") or transfer.currency)
        for reversal_id, amount in _reversals(event.object):
            booked = book_reversal(contract, reversal_id, amount, currency)
            if booked and not _ours(reversal_id) and not _ours_in_flight(transfer):
                notify_admins("payments.transfer_reversed", contract.id, title=contract.title)
    return "handled"


HANDLERS: dict[str, Handler] = {"transfer.reversed": _transfer_reversed}
