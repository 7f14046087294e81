"""Reconciliation of commission budgets: money may stay in a commission deal's escrow and
hold while its window is open (or the last accrual waits out its hold), never after the
budget was closed and returned (`commission_closed_at`)."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, LedgerLine
from marketplace.services.ledger import accounts

COMMISSION_AFTER_CLOSE = "commission_after_close"


def closed_commission_balances() -> list[tuple[int, str, str, str, int]]:
    """(contract, status, account, currency, balance) of commission accounts of closed
    budgets that still hold money: each one is an anomaly."""
    closed = db.session.execute(
        select(Contract.id, Contract.status).where(Contract.commission_closed_at.is_not(None))
    ).all()
    if not closed:
        return []
    status_of = dict(closed)
    names = {
        name: contract_id
        for contract_id in status_of
        for name in (accounts.commission_escrow(contract_id), accounts.commission_held(contract_id))
    }
    rows = db.session.execute(
        select(LedgerLine.account, LedgerLine.currency, func.sum(LedgerLine.amount))
        .where(LedgerLine.account.in_(names))
        .group_by(LedgerLine.account, LedgerLine.currency)
        .having(func.sum(LedgerLine.amount) != 0)
    )
    return [
        (names[account], status_of[names[account]], account, currency, int(amount))
        for account, currency, amount in rows
    ]
