"""The admin dashboard's figures: contracts by status, money over time, disputes.

GMV is what brands paid into escrow (the `fund` postings), fees what the platform earned
(lines on `platform:fees`), both per currency and per day or week, read from the ledger.
The dispute rate is disputed contracts over funded ones; the time to resolution runs from
a dispute's opening to an admin's resolution.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median
from typing import Any

from sqlalchemy import and_, func, or_, select

from marketplace.domain.contracts import CONTRACT_STATUSES
from marketplace.extensions import db
from marketplace.models import Contract, Dispute, LedgerEntry, LedgerLine, User
from marketplace.models.base import utcnow
from marketplace.services.accounts.roles import require_role
from marketplace.services.admin.ledger_review import ESCROW_PREFIX
from marketplace.services.ledger import accounts
from marketplace.services.validation import Validator

PERIODS = ("day", "week")
BUCKETS = {"day": 14, "week": 12}


@dataclass(frozen=True)
class Bucket:
    start: date
    gmv: int
    fees: int


@dataclass(frozen=True)
class DisputeStats:
    funded: int
    disputed: int
    resolved: int
    median_resolution: timedelta | None

    @property
    def rate(self) -> float | None:
        return self.disputed / self.funded if self.funded else None


@dataclass
class Dashboard:
    period: str
    by_status: dict[str, int]
    money: dict[str, list[Bucket]]  # currency -> buckets, oldest first
    disputes: DisputeStats


def _period_start(day: date, period: str) -> date:
    return day - timedelta(days=day.weekday()) if period == "week" else day


def money_series(period: str, today: date) -> dict[str, list[Bucket]]:
    step = timedelta(days=7 if period == "week" else 1)
    last = _period_start(today, period)
    starts = [last - step * i for i in reversed(range(BUCKETS[period]))]
    since = datetime.combine(starts[0], time.min)
    rows = db.session.execute(
        select(LedgerEntry.created_at, LedgerLine.currency, LedgerLine.account, LedgerLine.amount)
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(
            LedgerEntry.created_at >= since,
            or_(
                and_(
                    LedgerEntry.kind == "fund",
                    LedgerLine.account.like(ESCROW_PREFIX + "%"),
                    LedgerLine.amount > 0,
                ),
                LedgerLine.account == accounts.PLATFORM_FEES,
            ),
        )
    )
    sums: dict[str, dict[date, list[int]]] = {}
    for at, currency, account, amount in rows:
        start = _period_start(at.date(), period)
        cell = sums.setdefault(currency, {}).setdefault(start, [0, 0])
        cell[1 if account == accounts.PLATFORM_FEES else 0] += int(amount)
    return {
        currency: [Bucket(s, *by_start.get(s, [0, 0])) for s in starts]
        for currency, by_start in sorted(sums.items())
    }


def dispute_stats() -> DisputeStats:
    funded = db.session.scalar(
        select(func.count(Contract.id)).where(Contract.funded_at.is_not(None))
    )
    disputed = db.session.scalar(select(func.count(func.distinct(Dispute.contract_id))))
    spans = [
        resolved_at - created_at
        for created_at, resolved_at in db.session.execute(
            select(Dispute.created_at, Dispute.resolved_at).where(
                Dispute.status == "resolved", Dispute.resolved_at.is_not(None)
            )
        )
    ]
    return DisputeStats(
        funded=funded or 0,
        disputed=disputed or 0,
        resolved=len(spans),
        median_resolution=median(spans) if spans else None,
    )


def by_status() -> dict[str, int]:
    counts = dict(
        db.session.execute(
            select(Contract.status, func.count(Contract.id)).group_by(Contract.status)
        ).all()
    )
    return {status: counts.get(status, 0) for status in CONTRACT_STATUSES}


def dashboard(admin: User, period: Any = None, today: date | None = None) -> Dashboard:
    require_role(admin, "admin")
    v = Validator()
    clean = v.choice("period", period, PERIODS, required=False) or "week"
    v.check()
    return Dashboard(
        period=clean,
        by_status=by_status(),
        money=money_series(clean, today or utcnow().date()),
        disputes=dispute_stats(),
    )
