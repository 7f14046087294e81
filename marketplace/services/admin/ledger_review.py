"""The admin's view of the ledger: balances page by page, and the reconciliation panel.

`reconciliation()` checks the invariants DESIGN.md promises, from the journal lines alone:
each currency's lines sum to zero; no held account (escrow, KOL, platform) is negative;
a contract holds escrow exactly while its status is one of `ESCROW_STATUSES`, so a final
contract with money still in escrow, or a funded one with none, is an anomaly; so is a
commission budget still holding money after it was closed (see `commission_review`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from marketplace.domain.contracts import ESCROW_STATUSES, FINAL_STATUSES
from marketplace.extensions import db
from marketplace.models import Contract, LedgerLine, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.admin.commission_review import (
    COMMISSION_AFTER_CLOSE,
    closed_commission_balances,
)
from marketplace.services.ledger import accounts, balances
from marketplace.services.paging import clean_paging, paginate_rows
from marketplace.services.validation import Validator

ESCROW_PREFIX = accounts.escrow(0).removesuffix("0")

# Anomaly kinds (stable codes; the pages translate them).
UNBALANCED_CURRENCY = "unbalanced_currency"
NEGATIVE_BALANCE = "negative_balance"
ESCROW_IN_FINAL_STATUS = "escrow_in_final_status"
ESCROW_MISSING = "escrow_missing"
ESCROW_WITHOUT_CONTRACT = "escrow_without_contract"


@dataclass(frozen=True)
class EscrowRow:
    """What one contract's escrow holds, set against its status."""

    contract_id: int
    status: str | None
    currency: str
    held: int
    anomaly: str | None = None


@dataclass(frozen=True)
class Anomaly:
    kind: str
    account: str
    currency: str
    amount: int
    contract_id: int | None = None
    status: str | None = None


@dataclass
class Reconciliation:
    totals: dict[str, int]
    totals_zero: bool
    escrow: list[EscrowRow] = field(default_factory=list)
    anomalies: list[Anomaly] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.totals_zero and not self.anomalies

    @property
    def escrow_held(self) -> dict[str, int]:
        """Money in escrow per currency."""
        held: dict[str, int] = {}
        for row in self.escrow:
            held[row.currency] = held.get(row.currency, 0) + row.held
        return held


def balances_page(admin: User, page: Any = None, per_page: Any = 50) -> Pagination:
    """Every account with a non-zero balance, by account and currency; items are
    `balances.AccountBalance`."""
    require_role(admin, "admin")
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page, default_per_page=50)
    v.check()
    total = func.sum(LedgerLine.amount).label("balance")
    return paginate_rows(
        select(LedgerLine.account, LedgerLine.currency, total)
        .group_by(LedgerLine.account, LedgerLine.currency)
        .having(func.sum(LedgerLine.amount) != 0)
        .order_by(LedgerLine.account, LedgerLine.currency),
        clean_page,
        clean_per_page,
    )


def _escrow_balances() -> dict[tuple[int, str], int]:
    rows = db.session.execute(
        select(LedgerLine.account, LedgerLine.currency, func.sum(LedgerLine.amount))
        .where(LedgerLine.account.like(ESCROW_PREFIX + "%"))
        .group_by(LedgerLine.account, LedgerLine.currency)
    )
    held: dict[tuple[int, str], int] = {}
    for account, currency, amount in rows:
        suffix = account.removeprefix(ESCROW_PREFIX)
        if suffix.isdigit():
            held[(int(suffix), currency)] = int(amount)
    return held


def _escrow_anomaly(status: str | None, held: int) -> str | None:
    if status is None:
        return ESCROW_WITHOUT_CONTRACT if held else None
    if held < 0:
        return NEGATIVE_BALANCE
    if held and status in FINAL_STATUSES:
        return ESCROW_IN_FINAL_STATUS
    if not held and status in ESCROW_STATUSES:
        return ESCROW_MISSING
    return None


def _escrow_rows() -> list[EscrowRow]:
    held = _escrow_balances()
    in_escrow = db.session.execute(
        select(Contract.id, Contract.status, Contract.currency).where(
            Contract.status.in_(ESCROW_STATUSES)
        )
    ).all()
    ids = {contract_id for contract_id, _currency in held} | {row.id for row in in_escrow}
    statuses = dict(
        db.session.execute(select(Contract.id, Contract.status).where(Contract.id.in_(ids))).all()
    )
    for row in in_escrow:
        held.setdefault((row.id, row.currency), 0)
    rows = [
        EscrowRow(
            contract_id=contract_id,
            status=statuses.get(contract_id),
            currency=currency,
            held=amount,
            anomaly=_escrow_anomaly(statuses.get(contract_id), amount),
        )
        for (contract_id, currency), amount in held.items()
        if amount or statuses.get(contract_id) in ESCROW_STATUSES
    ]
    return sorted(rows, key=lambda r: (r.anomaly is None, r.contract_id, r.currency))


def reconciliation() -> Reconciliation:
    """Check the books now (read-only; callers check who may see it)."""
    totals = balances.totals()
    anomalies = [
        Anomaly(UNBALANCED_CURRENCY, "*", currency, amount)
        for currency, amount in totals.items()
        if amount != 0
    ]
    anomalies.extend(
        Anomaly(NEGATIVE_BALANCE, row.account, row.currency, row.balance)
        for row in balances.all_balances()
        if row.balance < 0
        and accounts.is_held(row.account)
        and not row.account.startswith(ESCROW_PREFIX)
    )
    escrow = _escrow_rows()
    anomalies.extend(
        Anomaly(
            row.anomaly,
            accounts.escrow(row.contract_id),
            row.currency,
            row.held,
            contract_id=row.contract_id,
            status=row.status,
        )
        for row in escrow
        if row.anomaly
    )
    anomalies.extend(
        Anomaly(COMMISSION_AFTER_CLOSE, account, currency, amount, contract_id, status)
        for contract_id, status, account, currency, amount in closed_commission_balances()
    )
    return Reconciliation(
        totals=totals,
        totals_zero=all(amount == 0 for amount in totals.values()),
        escrow=escrow,
        anomalies=anomalies,
    )


def review(admin: User) -> Reconciliation:
    """The reconciliation for an admin."""
    require_role(admin, "admin")
    return reconciliation()
