"""Plain-dict views of a commission contract's tracked products."""

from __future__ import annotations

from typing import Any

from flask import has_request_context, url_for

from marketplace.models import Contract, ContractProduct
from marketplace.services.tracking.products import latest_offered_products, products_of


def link_url(code: str) -> str:
    """The absolute `/r/<code>` address (relative outside a request, e.g. in the CLI)."""
    return url_for("tracking.follow", code=code, _external=has_request_context())


def product_json(product: ContractProduct) -> dict[str, Any]:
    return {
        "id": product.id,
        "name": product.name,
        "url": product.url,
        "price": product.price,
        "link": {"code": product.link_code, "url": link_url(product.link_code)},
    }


def proposed_product_json(product: dict[str, Any]) -> dict[str, Any]:
    """A product an offer round proposes: no row and no link until the offer is accepted."""
    return {
        "id": None,
        "name": product["name"],
        "url": product["url"],
        "price": product.get("price"),
        "link": None,
    }


def contract_products_json(contract: Contract) -> list[dict[str, Any]]:
    """The tracked products, or while negotiating the products the latest round proposes."""
    if contract.commission_bps is None:
        return []
    if contract.status == "offered":
        return [proposed_product_json(p) for p in latest_offered_products(contract)]
    return [product_json(p) for p in products_of(contract)]
