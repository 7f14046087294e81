"""A commission deal's budget: how much is used, and telling both sides once at 80%."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, Conversion, ConversionReturn
from marketplace.models.base import utcnow
from marketplace.services.ledger.commission_accruals import budget_left
from marketplace.services.notifications.admin_alerts import notify_user

ALERT_PERCENT = 80


def budget_used(contract: Contract) -> int:
    """Commission accrued and not cancelled by a return (held or already settled)."""
    accrued = db.session.scalar(
        select(func.coalesce(func.sum(Conversion.commission), 0)).where(
            Conversion.contract_id == contract.id
        )
    )
    cancelled = db.session.scalar(
        select(func.coalesce(func.sum(ConversionReturn.commission_cancelled), 0))
        .join(Conversion, Conversion.id == ConversionReturn.conversion_id)
        .where(Conversion.contract_id == contract.id)
    )
    return int(accrued or 0) - int(cancelled or 0)


def used_percent(contract: Contract) -> int:
    """How much of the whole budget (used + still unaccrued) is used, in whole percent."""
    used = budget_used(contract)
    total = used + budget_left(contract)
    return used * 100 // total if total else 0


def alert_if_mostly_used(contract: Contract) -> bool:
    """Notify the brand and the KOL the first time usage reaches 80%; the caller holds the
    contract's row lock, so two sales cannot both send it."""
    if contract.commission_alerted_at is not None:
        return False
    percent = used_percent(contract)
    if percent < ALERT_PERCENT:
        return False
    contract.commission_alerted_at = utcnow()
    for user_id in (contract.brand_id, contract.kol_id):
        notify_user(
            user_id,
            "campaign.budget_mostly_used",
            contract.id,
            title=contract.title,
            percent=str(percent),
        )
    return True


@dataclass(frozen=True)
class BudgetStatus:
    """A commission deal's budget as both parties see it on the contract page."""

    currency: str
    rate_bps: int
    used: int
    left: int
    orders: int

    @property
    def total(self) -> int:
        return self.used + self.left

    @property
    def percent(self) -> int:
        return self.used * 100 // self.total if self.total else 0

    @property
    def used_up(self) -> bool:
        """Nothing left to earn: sales earn no commission until the brand tops up."""
        return self.total > 0 and self.left == 0


def budget_status(contract: Contract) -> BudgetStatus | None:
    """The budget of a funded commission deal (None for other contracts); the caller has
    already checked that the viewer may see the contract."""
    if not contract.commission_bps or contract.funded_at is None:
        return None
    orders = db.session.scalar(
        select(func.count(Conversion.id)).where(Conversion.contract_id == contract.id)
    )
    return BudgetStatus(
        currency=contract.currency,
        rate_bps=contract.commission_bps,
        used=budget_used(contract),
        left=budget_left(contract),
        orders=int(orders or 0),
    )
