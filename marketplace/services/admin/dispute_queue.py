"""The admins' dispute queue: filters, priority, paging, and taking a dispute on.

Priority (the order of the open queue) is computed in SQL so that paging keeps it:

1. Disputes ready for a decision come first: the other side has answered, or its time to
   answer (`response_due_at`) has passed, or there is no deadline at all (a card network
   chargeback). A dispute still inside its response window waits for that answer.
2. Among ready disputes, more money at stake first: the escrow the contract still holds,
   summed from the ledger. Currencies are compared in minor units as they stand (the
   marketplace's currencies both have two decimals; there is no exchange rate).
3. Then less time left to respond first (the soonest deadline), then more money at stake,
   then the oldest dispute.

Resolved and withdrawn disputes are listed most recently closed first.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import ColumnElement, String, case, cast, func, literal, or_, select
from sqlalchemy.orm import selectinload

from marketplace.domain.contracts import DISPUTE_CATEGORIES
from marketplace.domain.errors import Conflict
from marketplace.domain.money import EXPONENTS
from marketplace.extensions import db
from marketplace.models import Contract, Dispute, LedgerLine, User
from marketplace.models.base import utcnow
from marketplace.services import audit
from marketplace.services.contracts.dispute_deadlines import default_outcome
from marketplace.services.contracts.dispute_queries import DISPUTE_STATUSES, dispute_not_found
from marketplace.services.ledger.contract_postings import escrow_balance
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

ASSIGNMENTS: tuple[str, ...] = ("me", "unassigned")
DEFAULT_PER_PAGE = 25


@dataclass(frozen=True)
class QueueFilters:
    """The queue's filters as the service understood them (for the page's form and links)."""

    status: str = "open"
    category: str | None = None
    currency: str | None = None
    assignment: str | None = None
    eligible: bool = False


@dataclass(frozen=True)
class QueueRow:
    """One dispute as the queue shows it.

    `at_stake` is the escrow the contract holds now (minor units of `contract.currency`);
    `time_left` is None once the other side has answered (or with no deadline), negative
    once the deadline has passed; `default_for` is the side a default outcome would favour.
    """

    dispute: Dispute
    contract: Contract
    at_stake: int
    age: timedelta
    time_left: timedelta | None
    default_for: str | None
    assignee: User | None

    @property
    def deadline_passed(self) -> bool:
        return self.time_left is not None and self.time_left <= timedelta(0)


def require_admin(actor: User) -> None:
    """Admin only: anyone else learns nothing, not even that the queue exists (NotFound)."""
    if not actor.is_admin:
        raise dispute_not_found()


def held_sql() -> ColumnElement[Any]:
    """The escrow a dispute's contract holds, as a correlated SQL sum of ledger lines."""
    account = literal("escrow:contract:", String) + cast(Contract.id, String)
    return (
        select(func.coalesce(func.sum(LedgerLine.amount), 0))
        .where(LedgerLine.account == account, LedgerLine.currency == Contract.currency)
        .correlate(Contract)
        .scalar_subquery()
    )


def eligible_sql(now: datetime) -> ColumnElement[bool]:
    """`dispute_deadlines.default_outcome` in SQL: open, unanswered, past its deadline."""
    return (
        (Dispute.status == "open")
        & Dispute.responded_at.is_(None)
        & Dispute.response_due_at.is_not(None)
        & (Dispute.response_due_at <= now)
        & Dispute.opened_by_id.is_not(None)
    )


def _ready_sql(now: datetime) -> ColumnElement[bool]:
    return or_(
        Dispute.responded_at.is_not(None),
        Dispute.response_due_at.is_(None),
        Dispute.response_due_at <= now,
    )


def _clean(
    status: Any, category: Any, currency: Any, assignment: Any, eligible: Any, v: Validator
) -> QueueFilters:
    return QueueFilters(
        status=v.choice("status", status, DISPUTE_STATUSES, required=False) or "open",
        category=v.choice("category", category, DISPUTE_CATEGORIES, required=False),
        currency=v.choice("currency", currency, tuple(EXPONENTS), required=False),
        assignment=v.choice("assignment", assignment, ASSIGNMENTS, required=False),
        eligible=eligible in (True, "1", "y", "on", "true"),
    )


def list_queue(
    admin: User,
    *,
    status: Any = None,
    category: Any = None,
    currency: Any = None,
    assignment: Any = None,
    eligible: Any = False,
    page: Any = None,
    per_page: Any = None,
    now: datetime | None = None,
) -> tuple[Pagination, QueueFilters]:
    """One page of the queue (items are QueueRow) and the filters applied.

    `assignment` is "me" (assigned to `admin`) or "unassigned"; `eligible` keeps only the
    disputes eligible for a default outcome. Bad filters raise ValidationFailed.
    """
    require_admin(admin)
    now = now or utcnow()
    v = Validator()
    filters = _clean(status, category, currency, assignment, eligible, v)
    clean_page, clean_per_page = clean_paging(v, page, per_page, default_per_page=DEFAULT_PER_PAGE)
    v.check()
    held = held_sql()
    # One query each for the page's contracts and their parties, not three per row.
    stmt = (
        select(Dispute)
        .join(Contract, Contract.id == Dispute.contract_id)
        .options(
            selectinload(Dispute.contract).selectinload(Contract.brand),
            selectinload(Dispute.contract).selectinload(Contract.kol),
        )
    )
    stmt = stmt.where(Dispute.status == filters.status)
    if filters.category:
        stmt = stmt.where(Dispute.category == filters.category)
    if filters.currency:
        stmt = stmt.where(Contract.currency == filters.currency)
    if filters.assignment == "me":
        stmt = stmt.where(Dispute.assigned_to_id == admin.id)
    elif filters.assignment == "unassigned":
        stmt = stmt.where(Dispute.assigned_to_id.is_(None))
    if filters.eligible:
        stmt = stmt.where(eligible_sql(now))
    if filters.status == "open":
        ready = _ready_sql(now)
        stmt = stmt.order_by(
            case((ready, 0), else_=1),
            case((ready, -held), else_=literal(0)),
            Dispute.response_due_at.asc().nulls_last(),
            held.desc(),
            Dispute.id,
        )
    else:
        closed_at = func.coalesce(Dispute.resolved_at, Dispute.withdrawn_at, Dispute.created_at)
        stmt = stmt.order_by(closed_at.desc(), Dispute.id.desc())
    result = paginate(stmt, clean_page, clean_per_page)
    result.items = [queue_row(dispute, now) for dispute in result.items]
    return result, filters


def queue_row(dispute: Dispute, now: datetime) -> QueueRow:
    contract = dispute.contract
    waiting = dispute.status == "open" and dispute.responded_at is None
    due = dispute.response_due_at
    return QueueRow(
        dispute=dispute,
        contract=contract,
        at_stake=escrow_balance(contract),
        age=now - dispute.created_at,
        time_left=due - now if waiting and due is not None else None,
        default_for=default_outcome(dispute, now),
        assignee=db.session.get(User, dispute.assigned_to_id) if dispute.assigned_to_id else None,
    )


@use_case
def assign_to_me(admin: User, dispute_id: int) -> Dispute:
    """`admin` takes an open dispute on (also from another admin); audited."""
    require_admin(admin)
    dispute = db.session.scalar(
        select(Dispute)
        .where(Dispute.id == dispute_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    if dispute is None:
        raise dispute_not_found()
    if dispute.status != "open":
        raise Conflict(str(_l("Only an open dispute can be assigned.")))
    if dispute.assigned_to_id == admin.id:
        return dispute
    previous = dispute.assigned_to_id
    dispute.assigned_to_id = admin.id
    dispute.assigned_at = utcnow()
    audit.record(
        admin,
        "dispute.assign",
        "dispute",
        dispute.id,
        contract_id=dispute.contract_id,
        previous_admin_id=previous,
    )
    db.session.flush()
    return dispute
