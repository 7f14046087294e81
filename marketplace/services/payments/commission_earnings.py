"""A KOL's commission per contract: its net of what is held and of what was settled.

Read from the ledger: the hold account `commission_held(c)` (gross, shown as the KOL's net
at the contract's fee rate) and the `commission_settle` postings' credits to the KOL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, and_, cast, func, literal, select

from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, LedgerLine
from marketplace.services.ledger import accounts


@dataclass(frozen=True)
class CommissionRow:
    """Minor units of one commission deal's currency."""

    contract_id: int
    title: str
    currency: str
    held: int
    settled: int


def commission_earnings(kol_id: int) -> list[CommissionRow]:
    """The KOL's commission deals with anything held or settled, newest first."""
    held_account = literal("escrow:commission_held:", String) + cast(Contract.id, String)
    held = (
        select(func.coalesce(func.sum(LedgerLine.amount), 0))
        .where(LedgerLine.account == held_account, LedgerLine.currency == Contract.currency)
        .scalar_subquery()
    )
    settled = (
        select(func.coalesce(func.sum(LedgerLine.amount), 0))
        .join(LedgerEntry, LedgerEntry.id == LedgerLine.entry_id)
        .where(
            and_(
                LedgerEntry.contract_id == Contract.id,
                LedgerEntry.kind == "commission_settle",
                LedgerLine.account == accounts.kol_available(kol_id),
            )
        )
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Contract.id, Contract.title, Contract.currency, Contract.fee_bps, held, settled)
        .where(Contract.kol_id == kol_id, Contract.commission_bps.is_not(None))
        .order_by(Contract.id.desc())
    )
    return [
        CommissionRow(cid, title, currency, split(int(h), fee_bps).net, int(s))
        for cid, title, currency, fee_bps, h, s in rows
        if h or s
    ]
