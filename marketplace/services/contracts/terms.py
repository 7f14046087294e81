"""Validating an offer's terms (first offer and counter-offers share these rules)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain.taxonomy import CURRENCIES
from marketplace.models.base import utcnow
from marketplace.services.catalogue.listing_rules import (
    MAX_COMMISSION_BPS,
    MIN_COMMISSION_BPS,
    REVISIONS,
)
from marketplace.services.tracking.products import clean_products
from marketplace.services.validation import Validator

# A business ceiling in major units (yuan, dollars) for one contract's fixed price.
MAX_CONTRACT_PRICE = 10_000_000
DELIVERABLES_MAX = 5000
MESSAGE_MAX = 2000
TITLE_MAX = 160
# How far ahead a due date may be set.
MAX_LEAD_DAYS = 366


def today() -> date:
    return utcnow().date()


def clean_due_date(v: Validator, raw: Any, *, required: bool = True) -> date | None:
    due = v.iso_date("due_date", raw, required=required)
    if due is None:
        return None
    if due < today():
        v.add("due_date", _l("Must be today or later."))
        return None
    if due > today() + timedelta(days=MAX_LEAD_DAYS):
        v.add("due_date", _l("Must be within a year from today."))
        return None
    return due


def clean_terms(
    v: Validator, values: Mapping[str, Any], currency: str | None, *, partial: bool = False
) -> dict[str, Any]:
    """Clean the terms of an offer: all of them, or with `partial` a counter-offer's subset.

    In a counter-offer, fields left out (None) keep their current value; price is required.
    """
    clean: dict[str, Any] = {
        "price": v.amount(
            "price", values.get("price"), currency, minimum=1, maximum_major=MAX_CONTRACT_PRICE
        )
    }
    deliverables = values.get("deliverables")
    if not partial or deliverables is not None:
        clean["deliverables"] = v.string(
            "deliverables", deliverables, required=not partial, max_len=DELIVERABLES_MAX
        )
    due_date = values.get("due_date")
    if not partial or due_date is not None:
        clean["due_date"] = clean_due_date(v, due_date, required=not partial)
    revisions = values.get("revisions")
    if revisions is not None:
        clean["revisions"] = v.integer(
            "revisions", revisions, minimum=REVISIONS[0], maximum=REVISIONS[1]
        )
    commission = values.get("commission_bps")
    if commission is not None:
        clean["commission_bps"] = v.basis_points(
            "commission_bps", commission, minimum=MIN_COMMISSION_BPS, maximum=MAX_COMMISSION_BPS
        )
    budget = values.get("commission_budget")
    if budget is not None:
        clean["commission_budget"] = v.amount(
            "commission_budget",
            budget,
            currency,
            required=False,
            minimum=0,
            maximum_major=MAX_CONTRACT_PRICE,
        )
    products = clean_products(v, values.get("products"), currency)
    if products is not None:
        clean["products"] = products
    clean["message"] = (
        v.string("message", values.get("message"), required=False, max_len=MESSAGE_MAX) or ""
    )
    return {name: value for name, value in clean.items() if value is not None or not partial}


def check_commission_terms(
    v: Validator, commission_bps: int | None, budget: int, products: list[Any]
) -> None:
    """A commission budget or tracked products only make sense with a commission rate."""
    if commission_bps is not None:
        return
    if budget:
        v.add("commission_budget", _l("A commission budget needs a commission rate."))
    if products:
        v.add("products", _l("Tracked products need a commission rate."))


def clean_currency(v: Validator, raw: Any) -> str | None:
    return v.choice("currency", raw, CURRENCIES)
