"""Balances read from the ledger lines: every account, the totals, one contract's money.

Nothing here is stored: each figure is a sum of journal lines, so it cannot drift from
the entries it describes (DESIGN.md, "Derived status").
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, LedgerLine
from marketplace.services.ledger import accounts


@dataclass(frozen=True)
class AccountBalance:
    """Signed: money the account holds is positive, external accounts mirror it negatively."""

    account: str
    currency: str
    balance: int


@dataclass(frozen=True)
class ContractMoney:
    """Where a contract's money went, in minor units of `currency`.

    funded: what came into its escrow; in_escrow: what is still there; released: the gross
    that left escrow for the KOL and the platform (`fee` + `kol_net_released`); refunded:
    what left escrow back to the payer. funded == in_escrow + released + refunded.
    """

    currency: str
    funded: int
    in_escrow: int
    released: int
    fee: int
    kol_net_released: int
    refunded: int


def all_balances() -> list[AccountBalance]:
    """Every account with a non-zero balance, ordered by account then currency."""
    total = func.sum(LedgerLine.amount)
    rows = db.session.execute(
        select(LedgerLine.account, LedgerLine.currency, total)
        .group_by(LedgerLine.account, LedgerLine.currency)
        .having(total != 0)
        .order_by(LedgerLine.account, LedgerLine.currency)
    )
    return [AccountBalance(account, currency, int(amount)) for account, currency, amount in rows]


def totals() -> dict[str, int]:
    """The sum of every line per currency: 0 for each currency while the books balance."""
    rows = db.session.execute(
        select(LedgerLine.currency, func.sum(LedgerLine.amount))
        .group_by(LedgerLine.currency)
        .order_by(LedgerLine.currency)
    )
    return {currency: int(amount) for currency, amount in rows}


def contract_money(contract: Contract) -> ContractMoney:
    """The contract's money, summed from the lines of the entries booked for it."""
    escrow = accounts.escrow(contract.id)
    rows = db.session.execute(
        select(LedgerLine.account, LedgerLine.amount)
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(
            LedgerEntry.contract_id == contract.id,
            LedgerLine.currency == contract.currency,
            # the price's money only: commission has its own figures (payments.commission_earnings)
            LedgerEntry.kind.not_like("commission_%"),
        )
    )
    funded = in_escrow = fee = kol_net = refunded = 0
    for account, amount in rows:
        if account == escrow:
            in_escrow += amount
            funded += max(amount, 0)
        elif account == accounts.PLATFORM_FEES:
            fee += amount
        elif account.startswith("kol:"):
            kol_net += amount
        elif not accounts.is_held(account) and amount > 0:
            refunded += amount
    return ContractMoney(
        currency=contract.currency,
        funded=funded,
        in_escrow=in_escrow,
        released=fee + kol_net,
        fee=fee,
        kol_net_released=kol_net,
        refunded=refunded,
    )
