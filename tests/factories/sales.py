"""Sales reported on commission deals, booked through the services as a store reports them.

`make_commission_deal(status="funded", bps=1000, budget=50_000)` is the `links` factory's
commission contract (one tracked product, budget escrowed at funding);
`make_conversion(deal, amount=...)` books a sale on its product's link the way the brand's
store does (`conversions.record_sale`), so the commission is accrued through the ledger.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from marketplace.models import Conversion
from marketplace.models.base import utcnow
from marketplace.services.campaigns import conversions
from tests.factories.campaigns import link_code, make_commission_contract
from tests.factories.contracts import Deal

__all__ = ["link_code", "make_commission_deal", "make_conversion", "sale_payload"]


def make_commission_deal(
    status: str = "funded", *, bps: int = 1000, budget: int = 50_000, **terms: Any
) -> Deal:
    """A commission contract in `status` with one tracked product and `budget` prepaid."""
    return make_commission_contract(status, commission_bps=bps, budget=budget, **terms)


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
