"""The contract timers, run by one idempotent sweep: `run_due(now)`.

Offer expiry, the funding deadline and auto-approval after the review window; then the
reviews whose reveal window has closed, the gateway refunds and payouts whose answer
was lost (asked again with their keys), and the disputes whose response deadline passed
(the admins are told once). Each due
contract is handled in its own transaction: its row is taken with `FOR UPDATE SKIP
LOCKED` (PostgreSQL) and only while it is still in the status the timer belongs to, so
two sweeps never act on the same contract, a person acting at the same moment wins or
loses cleanly, and a timer that finds its contract already moved on does nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract
from marketplace.models.base import utcnow
from marketplace.services.campaigns.budget_return import close_due
from marketplace.services.campaigns.settlement import settle_due
from marketplace.services.contracts.dispute_deadlines import flag_missed_responses
from marketplace.services.contracts.reviews import reveal_due_reviews
from marketplace.services.contracts.work import complete
from marketplace.services.contracts.workflow import transition
from marketplace.services.payments.retries import retry_pending
from marketplace.services.payments.stripe_settlement import abandon_payments
from marketplace.services.unit_of_work import use_case

log = logging.getLogger(__name__)

# Contracts handled per timer per sweep; the next sweep (a minute later) takes the rest.
BATCH = 500


@dataclass
class DueReport:
    """How many contracts each timer moved in one sweep."""

    expired: int = 0
    funding_cancelled: int = 0
    auto_approved: int = 0
    # Contracts whose timer raised; each was rolled back and logged, and stays due.
    failed: int = 0
    extra: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {
            "expired": self.expired,
            "funding_cancelled": self.funding_cancelled,
            "auto_approved": self.auto_approved,
            "failed": self.failed,
            **self.extra,
        }


def _due_ids(status: str, column: Any, now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            select(Contract.id)
            .where(Contract.status == status, column.is_not(None), column <= now)
            .order_by(column, Contract.id)
            .limit(BATCH)
        )
    )


def _take(contract_id: int, status: str, column: Any, now: datetime) -> Contract | None:
    """The contract, locked, if it is still due and no other sweep holds it."""
    return db.session.scalar(
        select(Contract)
        .where(
            Contract.id == contract_id,
            Contract.status == status,
            column.is_not(None),
            column <= now,
        )
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )


def _expire(contract: Contract, now: datetime) -> None:
    transition(None, contract.id, "expire")
    contract.offer_expires_at = None
    contract.closed_at = utcnow()


def _funding_deadline(contract: Contract, now: datetime) -> None:
    transition(None, contract.id, "funding_deadline")
    abandon_payments(contract.id)
    contract.funding_due_at = None
    contract.closed_at = utcnow()


def _auto_approve(contract: Contract, now: datetime) -> None:
    complete(None, contract.id, "auto_approve")


TIMERS: tuple[tuple[str, str, Any, Callable[[Contract, datetime], None]], ...] = (
    ("expired", "offered", Contract.offer_expires_at, _expire),
    ("funding_cancelled", "accepted", Contract.funding_due_at, _funding_deadline),
    ("auto_approved", "submitted", Contract.review_due_at, _auto_approve),
)


@use_case
def _fire(
    contract_id: int,
    status: str,
    column: Any,
    act: Callable[[Contract, datetime], None],
    now: datetime,
) -> bool:
    contract = _take(contract_id, status, column, now)
    if contract is None:
        return False
    act(contract, now)
    return True


def run_due(now: datetime | None = None) -> DueReport:
    """Move every contract whose timer has passed at `now` (default: the current time).

    Idempotent: a second run at the same `now` finds nothing due and changes nothing.
    A contract whose timer raises is rolled back, logged and counted as failed; the sweep
    goes on with the others, so one broken contract cannot hold up every other timer,
    and the next sweep tries it again.
    """
    moment = now or utcnow()
    report = DueReport()
    for name, status, column, act in TIMERS:
        moved = 0
        for contract_id in _due_ids(status, column, moment):
            try:
                if _fire(contract_id, status, column, act, moment):
                    moved += 1
            except Exception:
                log.exception("run_due: %s failed for contract %s", name, contract_id)
                report.failed += 1
        setattr(report, name, moved)
    report.extra["reviews_revealed"] = reveal_due_reviews(moment)
    report.extra["payments_settled"] = retry_pending(moment)
    report.extra["disputes_flagged"] = flag_missed_responses(moment)
    report.extra["commission_settled"] = settle_due(moment)
    report.extra["commission_budgets_closed"] = close_due(moment)
    return report
