"""A KOL's earnings per currency, read from the ledger (nothing is stored beside it)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.domain.contracts import ESCROW_STATUSES
from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, LedgerLine, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.ledger import accounts
from marketplace.services.payments.commission_earnings import commission_earnings


@dataclass(frozen=True)
class Earnings:
    """Minor units: the KOL's net of what escrow holds for its live contracts; earned and
    free to pay out; set aside for payouts the gateway has not confirmed; paid out."""

    in_escrow: int = 0
    available: int = 0
    pending_payout: int = 0
    paid_out: int = 0
    # Commission deals: the KOL's net of commission waiting out its hold, and of commission
    # settled into the available balance so far.
    commission_held: int = 0
    commission_settled: int = 0


def _escrowed_net(kol_id: int) -> dict[str, int]:
    """Per currency, what the KOL will net from escrow (after each contract's fee)."""
    held = func.sum(LedgerLine.amount)
    rows = db.session.execute(
        select(Contract.currency, Contract.fee_bps, held)
        .join(LedgerEntry, LedgerEntry.contract_id == Contract.id)
        .join(LedgerLine, LedgerLine.entry_id == LedgerEntry.id)
        .where(
            Contract.kol_id == kol_id,
            Contract.status.in_(ESCROW_STATUSES),
            # the price's escrow only: commission budgets are not the KOL's yet
            LedgerLine.account.like("escrow:contract:%"),
            LedgerLine.currency == Contract.currency,
        )
        .group_by(Contract.id, Contract.currency, Contract.fee_bps)
    )
    net: dict[str, int] = defaultdict(int)
    for currency, fee_bps, amount in rows:
        net[currency] += split(max(int(amount), 0), fee_bps).net
    return net


def earnings(actor: User) -> dict[str, Earnings]:
    """The KOL's money per currency in which it has any; NotAllowed for other accounts."""
    require_role(actor, "kol")
    names = {
        accounts.kol_available(actor.id): "available",
        accounts.kol_payout_pending(actor.id): "pending_payout",
        accounts.kol_paid_out(actor.id): "paid_out",
    }
    rows = db.session.execute(
        select(LedgerLine.account, LedgerLine.currency, func.sum(LedgerLine.amount))
        .where(LedgerLine.account.in_(names))
        .group_by(LedgerLine.account, LedgerLine.currency)
    )
    figures: dict[str, dict[str, int]] = defaultdict(dict)
    for account, currency, amount in rows:
        figures[currency][names[account]] = int(amount)
    for currency, amount in _escrowed_net(actor.id).items():
        figures[currency]["in_escrow"] = amount
    for row in commission_earnings(actor.id):
        figures[row.currency]["commission_held"] = (
            figures[row.currency].get("commission_held", 0) + row.held
        )
        figures[row.currency]["commission_settled"] = (
            figures[row.currency].get("commission_settled", 0) + row.settled
        )
    return {
        currency: Earnings(**values)
        for currency, values in sorted(figures.items())
        if any(values.values())
    }
