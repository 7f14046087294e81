"""Commission contracts with tracked products, built through the services like make_contract.

`make_commission_contract(status="funded", budget=50_000)` has the brand offer a 10%
commission with a prepaid budget and one Taobao product; the KOL accepts (the product
gets its `/r/<code>` link) and the brand funds `price + budget`.
"""

from __future__ import annotations

from typing import Any

from marketplace.models import ContractProduct, User
from marketplace.services.tracking.products import products_of
from tests.factories.contracts import Deal, make_contract

PRODUCT_URL = "https://item.taobao.com/item.htm?id=680000000001"
DEFAULT_PRODUCTS: tuple[dict[str, Any], ...] = (
    {"name": "Sunscreen SPF50", "url": PRODUCT_URL, "price": 12_900},
)


def make_commission_contract(
    status: str = "funded",
    *,
    brand: User | None = None,
    kol: User | None = None,
    commission_bps: int = 1000,
    budget: int = 50_000,
    products: list[dict[str, Any]] | None = None,
    **terms: Any,
) -> Deal:
    """A commission contract in `status` (any of `contracts.PATHS`) with `products`
    (default: one Taobao product); from "accepted" on, each product has its link code."""
    return make_contract(
        status,
        brand=brand,
        kol=kol,
        commission_bps=commission_bps,
        commission_budget=budget,
        products=list(DEFAULT_PRODUCTS) if products is None else products,
        **terms,
    )


def contract_products(deal: Deal) -> list[ContractProduct]:
    """The contract's tracked products, oldest first."""
    return products_of(deal.contract)


def link_code(deal: Deal, index: int = 0) -> str:
    """The link code of the contract's `index`-th product."""
    return contract_products(deal)[index].link_code
