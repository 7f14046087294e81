"""Helpers shared by the contract path tests: a fresh read, the timeline, time passing."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select, update

from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, LedgerLine
from marketplace.services.contracts.terms import today
from marketplace.services.ledger import accounts
from tests.factories.contracts import Deal

TTL = timedelta(days=3)
MINUTE = timedelta(minutes=1)


def fresh(deal: Deal) -> Contract:
    db.session.expire_all()
    contract = db.session.get(Contract, deal.id)
    assert contract is not None
    return contract


def events(deal: Deal) -> list[tuple[str, str]]:
    rows = db.session.scalars(
        select(ContractEvent).where(ContractEvent.contract_id == deal.id).order_by(ContractEvent.id)
    )
    return [(row.action, row.actor_role) for row in rows]


def ledger_lines(deal: Deal) -> int:
    escrow = accounts.escrow(deal.id)
    return db.session.scalar(
        select(func.count()).select_from(LedgerLine).where(LedgerLine.account == escrow)
    )


def make_overdue(deal: Deal) -> None:
    """Time passes: the contract's due date was yesterday."""
    db.session.execute(
        update(Contract).where(Contract.id == deal.id).values(due_date=today() - timedelta(days=1))
    )
    db.session.commit()
