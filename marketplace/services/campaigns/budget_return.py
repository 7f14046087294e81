"""Returning a commission deal's unused budget to the brand, exactly once per contract.

The budget's window ends `COMMISSION_WINDOW_S` after completion (sales then stop
accruing), or when the contract is cancelled or its dispute resolved. Once it has ended
and no accrual is left waiting out its hold, what the commission escrow still holds goes
back: the ledger posting `commission_return:contract:<id>` and a partial refund of the
funding payment through the gateway (key `refund:<contract>:<n>`, like escrow refunds).
`commission_closed_at` records that the budget is closed; accruals still held at a
cancellation or resolution settle after their hold like any other (the sales happened
while the deal was live), and the budget closes after the last of them.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, or_, select

from marketplace.domain.money import format_money
from marketplace.extensions import db
from marketplace.models import Contract, Conversion, PaymentAttempt
from marketplace.services.ledger.commission_settlement import (
    held_commission,
    post_budget_return,
    unaccrued_budget,
)
from marketplace.services.notifications.admin_alerts import notify_admins, notify_user
from marketplace.services.payments import attempts
from marketplace.services.payments.money_guards import charge_refundable
from marketplace.services.payments.refunds import next_refund_key, schedule_refund
from marketplace.services.unit_of_work import use_case

log = logging.getLogger(__name__)

BATCH = 500
# A contract in one of these has ended early; its budget window ended with it.
ENDED_STATUSES = ("cancelled", "resolved")


def window_seconds() -> int:
    return int(current_app.config["COMMISSION_WINDOW_S"])


def window_ended(contract: Contract, now: datetime) -> bool:
    """Whether sales on this contract can no longer accrue commission at `now`."""
    if contract.status in ENDED_STATUSES:
        return True
    return (
        contract.status == "completed"
        and contract.completed_at is not None
        and contract.completed_at + timedelta(seconds=window_seconds()) <= now
    )


def _no_held_sale() -> object:
    return ~exists().where(Conversion.contract_id == Contract.id, Conversion.status == "held")


def _due_ids(now: datetime) -> list[int]:
    window_start = now - timedelta(seconds=window_seconds())
    return list(
        db.session.scalars(
            select(Contract.id)
            .where(
                Contract.commission_bps.is_not(None),
                Contract.funded_at.is_not(None),
                Contract.commission_closed_at.is_(None),
                or_(
                    Contract.status.in_(ENDED_STATUSES),
                    and_(Contract.status == "completed", Contract.completed_at <= window_start),
                ),
                _no_held_sale(),
            )
            .order_by(Contract.id)
            .limit(BATCH)
        )
    )


def _charges(contract: Contract) -> list[PaymentAttempt]:
    """The funding charge, then the top-up charges, oldest first."""
    funding = attempts.succeeded_charge(contract.id)
    top_ups = db.session.scalars(
        select(PaymentAttempt)
        .where(
            PaymentAttempt.contract_id == contract.id,
            PaymentAttempt.kind == "charge",
            PaymentAttempt.status == "succeeded",
            PaymentAttempt.idempotency_key.like(attempts.TOP_UP_KEYS),
        )
        .order_by(PaymentAttempt.id)
    ).all()
    return ([funding] if funding is not None else []) + list(top_ups)


def _refund_gateway(contract: Contract, amount: int) -> None:
    """Have the gateway give `amount` back (after commit) from the funding payment and,
    beyond what it can still return, from the top-up payments."""
    charges = _charges(contract)
    if not charges:
        return  # funded without a gateway charge: the ledger entry is the whole story
    left = amount
    for charge in charges:
        share = min(left, charge_refundable(charge))
        if share > 0:
            schedule_refund(charge, next_refund_key(contract.id), share)
            left -= share
    if left > 0:
        log.error(
            "budget return of contract %s: %s not refundable by any charge", contract.id, left
        )
        notify_admins("payments.refund_failed", contract.id, title=contract.title, code="budget")


def close_if_done(contract: Contract, now: datetime) -> bool:
    """Return the unused budget if the window ended and nothing is held; the caller holds
    the contract's row lock. True when this call closed the budget."""
    if (
        not contract.commission_bps
        or contract.funded_at is None
        or contract.commission_closed_at is not None
        or not window_ended(contract, now)
        or held_commission(contract) > 0
    ):
        return False
    contract.commission_closed_at = now
    left = unaccrued_budget(contract)
    if left <= 0:
        return True
    post_budget_return(contract, left)
    _refund_gateway(contract, left)
    amount = format_money(left, contract.currency)
    for user_id in (contract.brand_id, contract.kol_id):
        notify_user(
            user_id, "campaign.budget_returned", contract.id, title=contract.title, amount=amount
        )
    return True


def _take(contract_id: int) -> Contract | None:
    return db.session.scalar(
        select(Contract)
        .where(Contract.id == contract_id, Contract.commission_closed_at.is_(None))
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )


@use_case
def _close(contract_id: int, now: datetime) -> bool:
    contract = _take(contract_id)
    return contract is not None and close_if_done(contract, now)


def close_due(now: datetime) -> int:
    """Close every commission budget whose window ended with nothing held; how many closed."""
    closed = 0
    for contract_id in _due_ids(now):
        try:
            if _close(contract_id, now):
                closed += 1
        except Exception:
            log.exception("run_due: closing the commission budget of %s failed", contract_id)
    return closed
