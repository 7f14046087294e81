"""Grouped SQL behind the results figures: one query per kind of fact, grouped by contract
(and by day for the series), never one query per contract or per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, Integer, Result, Select, case, func, select

from marketplace.extensions import db
from marketplace.models import (
    ContractSubmission,
    Conversion,
    ConversionReturn,
    LedgerEntry,
    LedgerLine,
    LinkClick,
)
from marketplace.services.ledger import accounts

# Sales whose commission counts as accrued (settled is also paid).
ACCRUED_STATUSES = ("held", "settled")
# Postings through which the fixed price leaves escrow for the KOL and the platform.
PRICE_OUT_KINDS = ("release", "resolve")


@dataclass
class ContractFacts:
    """One contract's raw sums in its own currency (minor units)."""

    clicks: int = 0
    unique_clicks: int = 0
    orders: int = 0
    gross_gmv: int = 0
    refunded: int = 0
    commission_accrued: int = 0
    commission_paid: int = 0
    budget_left: int = 0
    fees: int = 0
    price_spent: int = 0
    posts: list[str] = field(default_factory=list)


@dataclass
class DayFacts:
    clicks: int = 0
    unique_clicks: int = 0
    orders: int = 0
    gmv: int = 0
    commission: int = 0


def _day(value: Any) -> date:
    """SQLite's date() answers a string, PostgreSQL's a date."""
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _net_commission() -> tuple[ColumnElement[int], ColumnElement[int], Select[Any]]:
    """A sale's commission net of what its returns cancelled, 0 unless held or settled."""
    cancelled = (
        select(
            ConversionReturn.conversion_id,
            func.sum(ConversionReturn.commission_cancelled).label("cancelled"),
        )
        .group_by(ConversionReturn.conversion_id)
        .subquery()
    )
    net = Conversion.commission - func.coalesce(cancelled.c.cancelled, 0)
    accrued = case((Conversion.status.in_(ACCRUED_STATUSES), net), else_=0)
    paid = case((Conversion.status == "settled", net), else_=0)
    source = select(Conversion).outerjoin(cancelled, cancelled.c.conversion_id == Conversion.id)
    return accrued, paid, source


def _click_rows(ids: list[int], by_day: bool) -> Result[Any]:
    unique = func.sum(case((LinkClick.is_unique, 1), else_=0).cast(Integer))
    keys = [LinkClick.contract_id] + ([func.date(LinkClick.at)] if by_day else [])
    return db.session.execute(
        select(*keys, func.count(), unique)
        .where(LinkClick.contract_id.in_(ids), LinkClick.kind == "human")
        .group_by(*keys)
    )


def _sale_rows(ids: list[int], by_day: bool) -> Result[Any]:
    accrued, paid, source = _net_commission()
    keys = [Conversion.contract_id] + ([func.date(Conversion.ordered_at)] if by_day else [])
    stmt = source.with_only_columns(
        *keys,
        func.count(),
        func.sum(Conversion.amount),
        func.sum(Conversion.refunded),
        func.sum(accrued),
        func.sum(paid),
    )
    return db.session.execute(stmt.where(Conversion.contract_id.in_(ids)).group_by(*keys))


def contract_facts(ids: list[int]) -> dict[int, ContractFacts]:
    """Every figure of each contract in `ids`, in five grouped queries."""
    facts = {contract_id: ContractFacts() for contract_id in ids}
    if not ids:
        return facts
    for contract_id, clicks, unique in _click_rows(ids, by_day=False):
        facts[contract_id].clicks = int(clicks)
        facts[contract_id].unique_clicks = int(unique or 0)
    for contract_id, orders, amount, refunded, accrued, paid in _sale_rows(ids, by_day=False):
        row = facts[contract_id]
        row.orders = int(orders)
        row.gross_gmv = int(amount or 0)
        row.refunded = int(refunded or 0)
        row.commission_accrued = int(accrued or 0)
        row.commission_paid = int(paid or 0)
    _add_ledger_facts(facts, ids)
    _add_posts(facts, ids)
    return facts


def _add_ledger_facts(facts: dict[int, ContractFacts], ids: list[int]) -> None:
    """Fees, what is left of the commission budget, and the price the brand has spent (still
    in escrow, or released to the KOL and the platform; refunds are not spent)."""
    rows = db.session.execute(
        select(
            LedgerEntry.contract_id,
            LedgerEntry.kind,
            LedgerLine.account,
            func.sum(LedgerLine.amount),
        )
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(LedgerEntry.contract_id.in_(ids))
        .group_by(LedgerEntry.contract_id, LedgerEntry.kind, LedgerLine.account)
    )
    for contract_id, kind, account, amount in rows:
        row, amount = facts[contract_id], int(amount or 0)
        if account == accounts.PLATFORM_FEES:
            row.fees += amount
        if account == accounts.commission_escrow(contract_id):
            row.budget_left += amount
        elif account == accounts.escrow(contract_id) or (
            kind in PRICE_OUT_KINDS
            and (account == accounts.PLATFORM_FEES or account.startswith("kol:"))
        ):
            row.price_spent += amount


def _add_posts(facts: dict[int, ContractFacts], ids: list[int]) -> None:
    """The post URLs of each contract's latest proof."""
    latest = (
        select(ContractSubmission.contract_id, func.max(ContractSubmission.round).label("round"))
        .where(ContractSubmission.contract_id.in_(ids))
        .group_by(ContractSubmission.contract_id)
        .subquery()
    )
    rows = db.session.execute(
        select(ContractSubmission.contract_id, ContractSubmission.post_urls).join(
            latest,
            (latest.c.contract_id == ContractSubmission.contract_id)
            & (latest.c.round == ContractSubmission.round),
        )
    )
    for contract_id, urls in rows:
        facts[contract_id].posts = [str(url) for url in urls or []]


def daily_facts(ids: list[int]) -> dict[date, DayFacts]:
    """Clicks by the click's day, orders, net GMV and commission by the order's day."""
    days: dict[date, DayFacts] = defaultdict(DayFacts)
    if not ids:
        return days
    for _contract_id, day, clicks, unique in _click_rows(ids, by_day=True):
        days[_day(day)].clicks += int(clicks)
        days[_day(day)].unique_clicks += int(unique or 0)
    for _contract_id, day, orders, amount, refunded, accrued, _paid in _sale_rows(ids, by_day=True):
        point = days[_day(day)]
        point.orders += int(orders)
        point.gmv += int(amount or 0) - int(refunded or 0)
        point.commission += int(accrued or 0)
    return days
