"""Commission deals with a tracked product, and sales reported on them, through the services.

`make_commission_deal(status="funded", bps=1000, budget=50_000)` is a contract whose brand
funded the price and the commission budget; `make_conversion(deal, amount=...)` books a sale
on its product's link the way the brand's store does (`conversions.record_sale`).
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from marketplace.extensions import db
from marketplace.models import ContractProduct, Conversion
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions
from tests.factories.contracts import PATHS, Deal, _step, make_contract

PRODUCT_URL = "https://item.taobao.com/item.htm?id=640000000001"


def make_product(deal: Deal, *, name: str = "Sunscreen SPF50", price: int | None = 9_900):
    """A product on the deal with its tracked link code."""
    product = ContractProduct(
        contract_id=deal.id,
        name=name,
        url=PRODUCT_URL,
        price=price,
        link_code=secrets.token_urlsafe(6)[:8],
    )
    db.session.add(product)
    db.session.flush()
    return product


def make_commission_deal(
    status: str = "funded", *, bps: int = 1000, budget: int = 50_000, **terms: Any
) -> Deal:
    """A commission contract in `status` with one product; funding escrows `budget`."""
    deal = make_contract("accepted", commission_bps=bps, **terms)
    deal.contract.commission_budget = budget
    db.session.flush()
    steps = PATHS[status]
    if steps[: len(PATHS["accepted"])] != PATHS["accepted"]:
        raise ValueError(f"a commission deal cannot reach {status} after acceptance")
    for step in steps[len(PATHS["accepted"]) :]:
        _step(deal, step)
    db.session.refresh(deal.contract)
    assert deal.contract.status == status, (deal.contract.status, status)
    make_product(deal)
    return deal


def link_code(deal: Deal) -> str:
    product = db.session.query(ContractProduct).filter_by(contract_id=deal.id).first()
    assert product is not None
    return product.link_code


def sale_payload(
    deal: Deal,
    *,
    amount: int = 10_000,
    order_id: str | None = None,
    ordered_at: datetime | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    """The body of POST /api/v1/conversions for a sale on the deal's product."""
    values: dict[str, Any] = {
        "order_id": order_id or f"TB{secrets.token_hex(6)}",
        "link_code": link_code(deal),
        "amount": amount,
        "currency": deal.contract.currency,
        "ordered_at": (ordered_at or utcnow()).isoformat() + "Z",
    }
    values.update(overrides)
    return values


def make_conversion(
    deal: Deal,
    *,
    amount: int = 10_000,
    ordered_at: datetime | None = None,
    order_id: str | None = None,
    source: str = "api",
) -> Conversion:
    """A sale booked on the deal as its store would report it (commission accrued)."""
    payload = sale_payload(deal, amount=amount, order_id=order_id, ordered_at=ordered_at)
    return conversions.record_sale(deal.brand, payload, source).conversion
