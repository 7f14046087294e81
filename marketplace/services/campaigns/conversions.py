"""Sales reported by a brand's store and their returns, and the commission they accrue.

A sale names its tracked link; the link's contract must be the reporting brand's (else
404, like any other party's object). The contract row is locked first, so concurrent sales
never overdraw the budget and an identical repeat waiting on the lock then finds the first
booking (200, nothing booked twice).

Accrual rules (documented in README "Sales and commission"):
- the contract must be live: funded, submitted, revision requested, disputed (the sale
  happened whatever the dispute decides) or completed; not cancelled, resolved or unfunded;
- a sale ordered before funding, or after completion + COMMISSION_WINDOW_S, or once the
  unused budget went back to the brand, is recorded and earns nothing (status `none`);
- the commission is amount x commission_bps, floored, capped by the budget left;
- payable_at is the booking time + COMMISSION_HOLD_S, so a late report still gets the
  full hold for returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from marketplace.domain.errors import Conflict, NotFound, ValidationFailed
from marketplace.domain.money import format_money
from marketplace.extensions import db
from marketplace.models import Contract, ContractProduct, Conversion, ConversionReturn, User
from marketplace.models.base import utcnow
from marketplace.services.campaigns import budget_alerts
from marketplace.services.campaigns.conversion_input import (
    SaleInput,
    read_return_amount,
    read_sale,
)
from marketplace.services.campaigns.track_record import refresh_after_sale
from marketplace.services.contracts.workflow import lock_contract
from marketplace.services.ledger import commission_accruals as ledger
from marketplace.services.money_messages import locale_name
from marketplace.services.unit_of_work import use_case

ACCRUING_STATUSES = frozenset(
    {"funded", "submitted", "revision_requested", "disputed", "completed"}
)
SOURCES = ("api", "signed", "csv")
SAME_ORDER_CONFLICT = _l("This order_id was already reported with other content.")


@dataclass(frozen=True)
class Booking:
    conversion: Conversion
    created: bool  # False: an identical repeat of a sale already booked


def _link_not_found() -> NotFound:
    return NotFound(str(_l("No tracked link of yours has this code.")))


def _order_not_found() -> NotFound:
    return NotFound(str(_l("No sale of yours has this order_id.")))


def _product(brand: User, link_code: str) -> ContractProduct:
    product = db.session.scalar(
        select(ContractProduct)
        .join(Contract, Contract.id == ContractProduct.contract_id)
        .where(ContractProduct.link_code == link_code, Contract.brand_id == brand.id)
    )
    if product is None:
        raise _link_not_found()
    return product


def find_conversion(brand: User, order_id: str) -> Conversion | None:
    return db.session.scalar(
        select(Conversion).where(Conversion.brand_id == brand.id, Conversion.order_id == order_id)
    )


def _same_sale(conversion: Conversion, sale: SaleInput, product: ContractProduct) -> bool:
    return (
        conversion.product_id == product.id
        and conversion.amount == sale.amount
        and conversion.currency == sale.currency
        and conversion.ordered_at == sale.ordered_at
    )


def earns_commission(contract: Contract, ordered_at: datetime) -> bool:
    """Whether a sale ordered at `ordered_at` may accrue on this contract at all."""
    if contract.status not in ACCRUING_STATUSES or contract.commission_closed_at is not None:
        return False
    if not contract.commission_bps or contract.funded_at is None:
        return False
    if ordered_at < contract.funded_at:
        return False
    if contract.completed_at is not None:
        window = timedelta(seconds=current_app.config["COMMISSION_WINDOW_S"])
        return ordered_at <= contract.completed_at + window
    return True


def _book(
    brand: User, contract: Contract, product: ContractProduct, sale: SaleInput, source: str
) -> Conversion:
    commission = (
        ledger.commission_for(contract, sale.amount)
        if earns_commission(contract, sale.ordered_at)
        else 0
    )
    now = utcnow()
    conversion = Conversion(
        brand_id=brand.id,
        contract_id=contract.id,
        product_id=product.id,
        order_id=sale.order_id,
        amount=sale.amount,
        currency=sale.currency,
        ordered_at=sale.ordered_at,
        source=source,
        refunded=0,
        commission=commission,
        status="held" if commission else "none",
        payable_at=now + timedelta(seconds=current_app.config["COMMISSION_HOLD_S"])
        if commission
        else None,
        created_at=now,
    )
    db.session.add(conversion)
    db.session.flush()
    ledger.post_accrual(contract, conversion)
    if commission:
        budget_alerts.alert_if_mostly_used(contract)
    return conversion


@use_case(conflict=SAME_ORDER_CONFLICT)
def record_sale(brand: User, data: dict[str, Any], source: str = "api") -> Booking:
    """Book a reported sale once; an identical repeat returns the first booking."""
    sale = read_sale(data)
    product = _product(brand, sale.link_code)
    contract = lock_contract(None, product.contract_id)
    existing = find_conversion(brand, sale.order_id)
    if existing is not None:
        if _same_sale(existing, sale, product):
            return Booking(existing, created=False)
        raise Conflict(str(SAME_ORDER_CONFLICT))
    if sale.currency != contract.currency:
        message = str(
            _l("Must be %(currency)s, the contract's currency.", currency=contract.currency)
        )
        raise ValidationFailed(str(_l("Some fields are not valid.")), {"currency": [message]})
    booking = Booking(_book(brand, contract, product, sale, source), created=True)
    refresh_after_sale(contract)
    return booking


@dataclass(frozen=True)
class ReturnResult:
    conversion: Conversion
    conversion_return: ConversionReturn

    @property
    def cancelled_commission(self) -> bool:
        return self.conversion_return.commission_cancelled > 0


def _within_hold(conversion: Conversion) -> bool:
    return (
        conversion.status == "held"
        and conversion.payable_at is not None
        and utcnow() < conversion.payable_at
    )


@use_case
def record_return(brand: User, order_id: Any, data: dict[str, Any]) -> ReturnResult:
    """Record a return of (part of) an order; within the hold it cancels its commission
    share, after it (or on a sale that earned nothing) it only records the return."""
    if not isinstance(order_id, str) or not order_id:
        raise _order_not_found()
    found = find_conversion(brand, order_id)
    if found is None:
        raise _order_not_found()
    contract = lock_contract(None, found.contract_id)
    conversion = db.session.get(Conversion, found.id, populate_existing=True)
    assert conversion is not None
    amount = read_return_amount(data.get("amount"), conversion.currency)
    left = conversion.amount - conversion.refunded
    if amount > left:
        remains = format_money(left, conversion.currency, locale_name())
        message = str(_l("Must be at most %(amount)s, what remains of the order.", amount=remains))
        raise ValidationFailed(str(_l("Some fields are not valid.")), {"amount": [message]})
    share = ledger.return_share(conversion, amount) if _within_hold(conversion) else 0
    conversion_return = ConversionReturn(
        conversion=conversion, amount=amount, commission_cancelled=share, at=utcnow()
    )
    db.session.add(conversion_return)
    conversion.refunded += amount
    db.session.flush()
    ledger.post_return(contract, conversion_return)
    if conversion.status == "held" and ledger.commission_remaining(conversion) == 0:
        conversion.status = "cancelled"
    refresh_after_sale(contract)
    return ReturnResult(conversion, conversion_return)


RECENT_LIMIT = 20


def recent_sales(brand: User, limit: int = RECENT_LIMIT) -> list[tuple[Conversion, str]]:
    """The brand's latest reported sales with their contract's title, newest first."""
    rows = db.session.execute(
        select(Conversion, Contract.title)
        .join(Contract, Contract.id == Conversion.contract_id)
        .where(Conversion.brand_id == brand.id)
        .order_by(Conversion.id.desc())
        .limit(limit)
    ).all()
    return [(conversion, title) for conversion, title in rows]
