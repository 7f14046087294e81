"""Settling commission whose hold has ended: the step `run_due` runs every sweep.

Each payable conversion is settled in its own transaction, under its contract's row lock
taken with `FOR UPDATE SKIP LOCKED` (PostgreSQL), so two sweeps never work one contract at
once: the second skips it and the next sweep finds nothing left to do. A conversion already
settled is skipped, and the posting key `settle:conversion:<id>` makes a double booking
impossible anyway.

Which contracts settle: every contract that accrued commission, except while it is
disputed. Settlement waits during a dispute (the admin may still decide the deal was not
honoured; the sales stay held) and resumes after the resolution. A cancelled or resolved
contract still settles what was accrued while it was live: those sales happened.
"""

from __future__ import annotations

import logging
from datetime import datetime

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, Conversion
from marketplace.services.ledger.commission_accruals import commission_remaining
from marketplace.services.ledger.commission_settlement import post_settlement
from marketplace.services.ledger.contract_postings import fee_split
from marketplace.services.payments.releases import on_release
from marketplace.services.unit_of_work import use_case

log = logging.getLogger(__name__)

# Conversions settled per sweep; the next sweep (a minute later) takes the rest.
BATCH = 1000
# Settlement waits while the contract is in one of these.
PAUSED_STATUSES = frozenset({"disputed"})


def _payable(now: datetime) -> list[tuple[int, int]]:
    """(conversion, contract) of held accruals whose hold ended by `now`, oldest first."""
    rows = db.session.execute(
        select(Conversion.id, Conversion.contract_id)
        .join(Contract, Contract.id == Conversion.contract_id)
        .where(
            Conversion.status == "held",
            Conversion.payable_at.is_not(None),
            Conversion.payable_at <= now,
            Contract.status.not_in(PAUSED_STATUSES),
        )
        .order_by(Conversion.payable_at, Conversion.id)
        .limit(BATCH)
    )
    return [(conversion_id, contract_id) for conversion_id, contract_id in rows]


def _take_contract(contract_id: int) -> Contract | None:
    """The contract, locked, unless another sweep holds it or it is paused meanwhile."""
    return db.session.scalar(
        select(Contract)
        .where(Contract.id == contract_id, Contract.status.not_in(PAUSED_STATUSES))
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )


@use_case
def settle_conversion(conversion_id: int, contract_id: int, now: datetime) -> bool:
    """Settle one conversion if it is still held and payable; True when this call did."""
    contract = _take_contract(contract_id)
    if contract is None:
        return False
    conversion = db.session.get(Conversion, conversion_id, populate_existing=True)
    if (
        conversion is None
        or conversion.status != "held"
        or conversion.payable_at is None
        or conversion.payable_at > now
    ):
        return False
    entry = post_settlement(contract, conversion)
    conversion.status = "settled"
    conversion.settled_at = now
    if entry is not None:
        # Stripe: the net goes on to the KOL's connected account (commission_transfers).
        on_release(contract, fee_split(contract, commission_remaining(conversion)).net)
    return True


def settle_due(now: datetime) -> int:
    """Settle every conversion payable at `now`; returns how many this sweep settled.

    A conversion whose settlement raises is rolled back and logged; it stays held and the
    next sweep tries it again.
    """
    settled = 0
    for conversion_id, contract_id in _payable(now):
        try:
            if settle_conversion(conversion_id, contract_id, now):
                settled += 1
        except Exception:
            log.exception("run_due: settling conversion %s failed", conversion_id)
    return settled
