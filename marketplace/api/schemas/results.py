"""Schemas of campaign results: a contract's or a brief's figures and their day series."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from marketplace.api.schemas.base import Day, Out
from marketplace.api.schemas.catalogue import Currency

Count = Annotated[int, Field(ge=0)]
Minor = Annotated[int, Field(description="Smallest currency unit")]

RESULTS_DESCRIPTION = (
    "clicks: human clicks on the tracked links (bots, HEAD requests and prefetches "
    "excluded); unique_clicks: those not repeated by the same visitor within 24 hours; "
    "orders: sales reported by the brand's store; gmv: their amounts less returns (net), "
    "gross_gmv: before returns; refunded: the returns; commission_accrued: commission "
    "earned, less what returns cancelled (held or settled); commission_paid: the part "
    "settled; budget_left: the prepaid commission budget left in escrow; fees: the platform "
    "fee on the released price and settled commission (taken from the KOL's side); spent: "
    "the price paid (in escrow or released, refunds excluded) plus commission paid; "
    "conversion_rate = orders / unique_clicks; cost_per_click = spent / clicks; "
    "cost_per_order = spent / orders; roi = gmv / spent (null when undefined). Money in the "
    "smallest currency unit; series: one point per day (clicks by click day, orders, net GMV "
    "and accrued commission by order day)."
)


class DayPointOut(Out):
    date: Day
    clicks: Count
    unique_clicks: Count
    orders: Count
    gmv: Minor
    commission: Minor


class ResultsOut(Out):
    __doc__ = RESULTS_DESCRIPTION

    currency: Currency  # type: ignore[valid-type]
    contracts: Count
    clicks: Count
    unique_clicks: Count
    orders: Count
    gmv: Minor
    gross_gmv: Minor
    refunded: Minor
    commission_accrued: Minor
    commission_paid: Minor
    budget_left: Minor
    fees: Minor
    spent: Minor
    posts: list[str]
    conversion_rate: float | None
    cost_per_click: int | None
    cost_per_order: int | None
    roi: float | None
    series: list[DayPointOut]
