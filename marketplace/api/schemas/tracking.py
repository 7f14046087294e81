"""Schemas of a commission contract's tracked products and their links."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Id, In, Out
from marketplace.domain.money import minor_ceiling
from marketplace.domain.shop_urls import MAX_SHOP_URL_LENGTH
from marketplace.services.contracts import terms
from marketplace.services.tracking import products

CommissionBudget = Annotated[
    int,
    Field(
        ge=0,
        le=minor_ceiling(terms.MAX_CONTRACT_PRICE),
        description="Prepaid commission budget, smallest currency unit; needs commission_bps",
    ),
]
ProductPrice = Annotated[
    int, Field(ge=0, le=minor_ceiling(products.MAX_PRODUCT_PRICE), description="Smallest unit")
]


class ProductIn(In):
    name: Annotated[str, Field(min_length=1, max_length=products.PRODUCT_NAME_MAX)]
    url: Annotated[str, Field(min_length=1, max_length=MAX_SHOP_URL_LENGTH)] = Field(
        description="A Taobao or Tmall product page (or a shop host the platform allows)"
    )
    price: ProductPrice | None = None


ProductList = Annotated[list[ProductIn], Field(max_length=products.MAX_PRODUCTS)]


class LinkOut(Out):
    code: str
    url: str = Field(description="The absolute tracked link, /r/<code>, to put in the post")


class ProductOut(Out):
    id: Id | None = Field(description="null while the offer is being negotiated")
    name: str
    url: str
    price: int | None
    link: LinkOut | None = Field(description="Made when the offer is accepted")
