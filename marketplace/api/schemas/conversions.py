"""Schemas of sales reported by a brand's store and their returns."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Id, In, Out, Timestamp, enum
from marketplace.api.schemas.catalogue import Currency
from marketplace.domain.money import minor_ceiling
from marketplace.services.campaigns import conversion_input, conversions

OrderAmount = Annotated[
    int,
    Field(
        ge=1,
        le=minor_ceiling(conversion_input.MAX_ORDER_MAJOR),
        description="Smallest currency unit",
    ),
]
Minor = Annotated[int, Field(ge=0, description="Smallest currency unit")]
ConversionStatus = enum(("held", "settled", "cancelled", "none"))


class ConversionIn(In):
    order_id: Annotated[str, Field(min_length=1, max_length=conversion_input.ORDER_ID_MAX)] = Field(
        description="Unique per brand: a repeat with the same content is idempotent"
    )
    link_code: Annotated[str, Field(min_length=1, max_length=conversion_input.LINK_CODE_MAX)]
    amount: OrderAmount
    currency: Currency  # type: ignore[valid-type]
    ordered_at: Timestamp = Field(
        description="ISO 8601; without an offset it is UTC; not in the future"
    )


class RefundIn(In):
    amount: OrderAmount = Field(description="At most what remains of the order (amount - refunded)")


class ConversionReturnOut(Out):
    amount: Minor
    commission_cancelled: Minor
    at: Timestamp


class ConversionOut(Out):
    id: Id
    order_id: str
    link_code: str
    contract_id: Id
    amount: Minor
    currency: Currency  # type: ignore[valid-type]
    ordered_at: Timestamp
    source: enum(conversions.SOURCES)  # type: ignore[valid-type]
    refunded: Minor
    commission: Minor = Field(description="What the sale accrued when booked (0: none)")
    commission_left: Minor = Field(description="The accrual not cancelled by returns")
    status: ConversionStatus  # type: ignore[valid-type]
    payable_at: Timestamp | None
    returns: list[ConversionReturnOut]
    created_at: Timestamp


class RefundOut(ConversionOut):
    message: str = Field(description="Whether this return cancelled commission, and why not")
