"""Everything an admin weighs on one dispute, read in one place (the dispute page).

The contract's terms and money, its timeline of events, the whole message thread, the
KOL's submitted posts, both sides' statements and evidence, both parties' dispute
history, whether a default outcome is open, and who has the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Contract, ContractMessage, Dispute, DisputeEvidence, User
from marketplace.models.base import utcnow
from marketplace.services.admin.dispute_queue import (
    QueueRow,
    queue_row,
    require_admin,
)
from marketplace.services.contracts.dispute_history import DisputeHistory, histories
from marketplace.services.contracts.dispute_queries import get_dispute
from marketplace.services.contracts.queries import MoneyView, money_view


@dataclass(frozen=True)
class DisputeCase:
    """One dispute with what surrounds it; `row` carries the queue's figures for it."""

    row: QueueRow
    money: MoneyView
    messages: list[ContractMessage]
    evidence: dict[str, list[DisputeEvidence]]
    resolved_by: User | None
    brand_history: DisputeHistory
    kol_history: DisputeHistory

    @property
    def dispute(self) -> Dispute:
        return self.row.dispute

    @property
    def contract(self) -> Contract:
        return self.row.contract


def dispute_case(admin: User, dispute_id: Any, now: datetime | None = None) -> DisputeCase:
    """The dispute page's contents for an admin; NotFound for an unknown dispute."""
    require_admin(admin)
    dispute = get_dispute(admin, dispute_id)
    contract = dispute.contract
    messages = list(
        db.session.scalars(
            select(ContractMessage)
            .where(ContractMessage.contract_id == contract.id)
            .order_by(ContractMessage.id)
        )
    )
    evidence: dict[str, list[DisputeEvidence]] = {"brand": [], "kol": []}
    for item in dispute.evidence:
        evidence.setdefault(item.uploaded_by_role, []).append(item)
    history = histories([contract.brand_id, contract.kol_id])
    return DisputeCase(
        row=queue_row(dispute, now or utcnow()),
        money=money_view(contract),
        messages=messages,
        evidence=evidence,
        resolved_by=db.session.get(User, dispute.resolved_by_id)
        if dispute.resolved_by_id
        else None,
        brand_history=history[contract.brand_id],
        kol_history=history[contract.kol_id],
    )
