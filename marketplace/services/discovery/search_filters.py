"""Validation of listing-search filters, shared by the browse page and GET /api/v1/listings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain import money
from marketplace.domain.taxonomy import (
    AGE_KEYS,
    CATEGORIES,
    COLLAB_TYPES,
    CURRENCIES,
    GENDER_KEYS,
    PLATFORMS,
)
from marketplace.services.catalogue.listing_rules import MAX_LISTING_RATE
from marketplace.services.discovery.search_text import Term, query_terms
from marketplace.services.money_messages import money_message
from marketplace.services.paging import clean_paging
from marketplace.services.validation import Validator

SORTS: tuple[str, ...] = (
    "relevance",
    "rate",
    "-rate",
    "followers",
    "-followers",
    "engagement",
    "rating",
)
MAX_QUERY_LEN = 100
REGION_PATTERN = re.compile(r"[\w+\-. ]+")
TRUE_WORDS = ("1", "true", "yes", "on", "y")
FALSE_WORDS = ("0", "false", "no", "off", "n")


@dataclass(frozen=True)
class ListingFilters:
    """Clean filters; amounts in the currency's smallest unit, engagement as a fraction."""

    terms: tuple[Term, ...] = ()
    category: str | None = None
    platform: str | None = None
    collab_type: str | None = None
    currency: str | None = None
    min_rate: int | None = None
    max_rate: int | None = None
    min_followers: int | None = None
    max_followers: int | None = None
    min_engagement: float | None = None
    audience_gender: str | None = None
    audience_age: str | None = None
    audience_region: str | None = None
    verified: bool = False
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    by_kol: bool = False  # one result per KOL (browse), see search_grouping


def _boolean(v: Validator, field: str, value: Any) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    text = str(value).strip().lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS or text == "":
        return False
    v.add(field, _l("Must be true or false."))
    return False


def _region(v: Validator, value: Any) -> str | None:
    """Region keys are free text in profiles (tier1, overseas, ...): letters, digits, + - _ ."""
    region = v.string("audience_region", value, required=False, max_len=32)
    if region is not None and not REGION_PATTERN.fullmatch(region):
        v.add("audience_region", _l("Use letters, digits and + - _ . only."))
        return None
    return region


def _amount(v: Validator, field: str, value: Any, currency: str | None, typed: bool) -> int | None:
    """A rate bound in the smallest unit; `typed` ones are as a person wrote them ("¥1,500")."""
    if typed and not (value is None or (isinstance(value, str) and not value.strip())):
        try:
            value = money.parse(value, currency)
        except money.MoneyError as error:
            v.add(field, money_message(error, currency))
            return None
    return v.amount(field, value, currency, required=False, maximum_major=MAX_LISTING_RATE)


def parse_filters(raw: dict[str, Any], *, display_units: bool = False) -> ListingFilters:
    """Check raw filter values (strings from a query string, or JSON values).

    With `display_units` (the browse form) rates are typed in major units ("1,500", "¥1500")
    and the minimum engagement is a percentage; otherwise (the API) rates are in the
    smallest unit and engagement is a fraction, like the listing fields themselves. Errors
    speak yuan, dollars and percent either way.
    """
    v = Validator()
    q = v.string("q", raw.get("q"), required=False, max_len=MAX_QUERY_LEN)
    currency = v.choice("currency", raw.get("currency"), CURRENCIES, required=False)
    min_followers, max_followers = v.follower_range(
        raw.get("min_followers"), raw.get("max_followers")
    )
    clean: dict[str, Any] = {
        "terms": tuple(query_terms(q)),
        "category": v.choice("category", raw.get("category"), CATEGORIES, required=False),
        "platform": v.choice("platform", raw.get("platform"), PLATFORMS, required=False),
        "collab_type": v.choice(
            "collab_type", raw.get("collab_type"), COLLAB_TYPES, required=False
        ),
        "currency": currency,
        "min_rate": _amount(v, "min_rate", raw.get("min_rate"), currency, display_units),
        "max_rate": _amount(v, "max_rate", raw.get("max_rate"), currency, display_units),
        "min_followers": min_followers,
        "max_followers": max_followers,
        "min_engagement": v.share(
            "min_engagement", raw.get("min_engagement"), required=False, in_percent=display_units
        ),
        "audience_gender": v.choice(
            "audience_gender", raw.get("audience_gender"), GENDER_KEYS, required=False
        ),
        "audience_age": v.choice("audience_age", raw.get("audience_age"), AGE_KEYS, required=False),
        "audience_region": _region(v, raw.get("audience_region")),
        "verified": _boolean(v, "verified", raw.get("verified")),
        "sort": v.choice("sort", raw.get("sort"), SORTS, required=False) or "relevance",
    }
    clean["page"], clean["per_page"] = clean_paging(v, raw.get("page"), raw.get("per_page"))
    rate_bound = clean["min_rate"] is not None or clean["max_rate"] is not None
    if rate_bound and currency is None and "currency" not in v.errors:
        v.add("currency", _l("Choose a currency to filter by rate."))
    v.ordered("min_rate", clean["min_rate"], "max_rate", clean["max_rate"])
    v.check()
    return ListingFilters(**clean)
