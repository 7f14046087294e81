"""Post a journal entry: balanced lines, an idempotency key, no held account below zero.

`post()` joins the caller's unit of work, so an entry is written in the same transaction
as the state change it belongs to, or not at all; the postings metric counts it once that
transaction commits. Callers serialise postings that take money out of an account by
locking its owner's row first (the contract row for escrow, the KOL's user row for
earnings); the balance check here then reads a stable balance.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict
from marketplace.domain.money import EXPONENTS
from marketplace.extensions import db
from marketplace.models import LedgerEntry, LedgerLine
from marketplace.observability.metrics import LEDGER_POSTINGS
from marketplace.services import audit
from marketplace.services.ledger.accounts import is_held
from marketplace.services.unit_of_work import after_commit, use_case


class UnbalancedEntry(ValueError):
    """A programming error: lines that do not sum to zero per currency."""


@dataclass(frozen=True)
class Line:
    account: str
    currency: str
    amount: int


def _check_lines(lines: Sequence[Line]) -> None:
    if len(lines) < 2:
        raise UnbalancedEntry("an entry needs at least two lines")
    sums: dict[str, int] = defaultdict(int)
    for line in lines:
        if type(line.amount) is not int or line.amount == 0:
            raise UnbalancedEntry(f"bad amount {line.amount!r} on {line.account}")
        if line.currency not in EXPONENTS:
            raise UnbalancedEntry(f"unknown currency {line.currency!r}")
        sums[line.currency] += line.amount
    unbalanced = {currency: total for currency, total in sums.items() if total != 0}
    if unbalanced:
        raise UnbalancedEntry(f"entry does not balance: {unbalanced}")


def balance(account: str, currency: str) -> int:
    """The account's balance in minor units (positive: money the account holds)."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(LedgerLine.amount), 0)).where(
            LedgerLine.account == account, LedgerLine.currency == currency
        )
    )
    return int(total or 0)


def _same_lines(entry: LedgerEntry, lines: Sequence[Line]) -> bool:
    stored = Counter((line.account, line.currency, line.amount) for line in entry.lines)
    return stored == Counter((line.account, line.currency, line.amount) for line in lines)


@use_case
def post(
    key: str,
    kind: str,
    lines: Sequence[Line],
    *,
    contract_id: int | None = None,
    memo: str = "",
) -> LedgerEntry:
    """Write one balanced entry under `key`; posting the same key again returns the first.

    The same key with other lines is a Conflict: a key names one posting forever. A line
    that would take a held account (escrow, a KOL's balance, fees) below zero is a
    Conflict and nothing is written.
    """
    _check_lines(lines)
    existing = db.session.scalar(select(LedgerEntry).where(LedgerEntry.idempotency_key == key))
    if existing is not None:
        if not _same_lines(existing, lines):
            raise Conflict(str(_l("This payment step was already booked differently.")))
        return existing
    for account, currency in {(line.account, line.currency) for line in lines}:
        change = sum(
            line.amount for line in lines if (line.account, line.currency) == (account, currency)
        )
        if change < 0 and is_held(account) and balance(account, currency) + change < 0:
            raise Conflict(str(_l("There is not enough money in this account for that.")))
    entry = LedgerEntry(idempotency_key=key, kind=kind, contract_id=contract_id, memo=memo)
    entry.lines = [
        LedgerLine(account=line.account, currency=line.currency, amount=line.amount)
        for line in lines
    ]
    db.session.add(entry)
    db.session.flush()
    audit.record_money(entry)
    after_commit(LEDGER_POSTINGS.inc)
    return entry
