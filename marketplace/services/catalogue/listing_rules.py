"""Field rules for listings, shared by create and update."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain.taxonomy import COLLAB_TYPES, CURRENCIES, PLATFORMS, PRICING_MODELS
from marketplace.services.validation import Validator

# A business ceiling in major units (yuan, dollars), far above any real per-post fee.
MAX_LISTING_RATE = 10_000_000
MIN_COMMISSION_BPS = 1
MAX_COMMISSION_BPS = 10_000
TITLE_MAX = 120
DESCRIPTION_MAX = 5000
TURNAROUND_DAYS = (1, 90)
REVISIONS = (0, 10)
DEFAULT_TURNAROUND_DAYS = 7
DEFAULT_REVISIONS = 2
COMMISSION_MODELS = ("pit_fee_commission", "commission")
EDITABLE = (
    "platform",
    "collab_type",
    "title",
    "description",
    "pricing_model",
    "rate",
    "currency",
    "commission_bps",
    "turnaround_days",
    "revisions",
)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def default_pricing_model(collab_type: str, commission_bps: Any) -> str:
    """Affiliate is commission only; a live stream with a commission is pit fee + commission."""
    if collab_type == "affiliate":
        return "commission"
    if collab_type == "live_stream" and not _blank(commission_bps):
        return "pit_fee_commission"
    return "fixed"


def _pricing(
    v: Validator, collab_type: str | None, currency: str | None, values: Mapping[str, Any]
) -> dict[str, Any]:
    raw_model = values.get("pricing_model")
    raw_bps = values.get("commission_bps")
    raw_rate = values.get("rate")
    model: str | None = None
    if collab_type is not None:
        if _blank(raw_model):
            model = default_pricing_model(collab_type, raw_bps)
        else:
            model = v.choice("pricing_model", raw_model, PRICING_MODELS[collab_type])
    if model == "commission":
        raw_rate = 0 if _blank(raw_rate) else raw_rate
    rate = v.amount("rate", raw_rate, currency, maximum_major=MAX_LISTING_RATE)
    if model == "commission" and rate:
        v.add("rate", _l("Commission-only listings have no fee; leave the rate at 0."))
    bps = None
    if model in COMMISSION_MODELS:
        bps = v.basis_points(
            "commission_bps", raw_bps, minimum=MIN_COMMISSION_BPS, maximum=MAX_COMMISSION_BPS
        )
    elif model is not None and not _blank(raw_bps):
        v.add("commission_bps", _l("Only live-stream and affiliate listings take a commission."))
    return {"pricing_model": model, "rate": rate, "commission_bps": bps}


def validate_listing(
    v: Validator, values: Mapping[str, Any], own_platforms: Collection[str]
) -> dict[str, Any]:
    """Clean listing fields; the platform must be one of the KOL's own accounts."""
    platform = v.choice("platform", values.get("platform"), PLATFORMS)
    if platform is not None and platform not in own_platforms:
        v.add(
            "platform",
            _l("Add your %(platform)s account to your profile first.", platform=platform),
        )
    collab_type = v.choice("collab_type", values.get("collab_type"), COLLAB_TYPES)
    turnaround = values.get("turnaround_days")
    revisions = values.get("revisions")
    currency = v.choice("currency", values.get("currency"), CURRENCIES)
    clean = {
        "platform": platform,
        "collab_type": collab_type,
        "title": v.string("title", values.get("title"), max_len=TITLE_MAX),
        "description": v.string(
            "description", values.get("description"), required=False, max_len=DESCRIPTION_MAX
        )
        or "",
        "currency": currency,
        "turnaround_days": v.integer(
            "turnaround_days",
            DEFAULT_TURNAROUND_DAYS if turnaround is None else turnaround,
            minimum=TURNAROUND_DAYS[0],
            maximum=TURNAROUND_DAYS[1],
        ),
        "revisions": v.integer(
            "revisions",
            DEFAULT_REVISIONS if revisions is None else revisions,
            minimum=REVISIONS[0],
            maximum=REVISIONS[1],
        ),
    }
    clean.update(_pricing(v, collab_type, currency, values))
    return clean


def merge_changes(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """Apply a partial update over a listing's values.

    Pricing that no longer fits (a new type, or a pricing model without a commission) is
    dropped unless the caller sends it too, so `{"collab_type": "image_text"}` just works.
    """
    merged = dict(current)
    given = {name: changes[name] for name in EDITABLE if name in changes}
    if "collab_type" in given and given["collab_type"] != current.get("collab_type"):
        merged["pricing_model"] = None
        merged["commission_bps"] = None
        if given["collab_type"] == "affiliate":
            merged["rate"] = 0
    model = given.get("pricing_model")
    if model is not None and model not in COMMISSION_MODELS:
        merged["commission_bps"] = None
    if model == "commission":
        merged["rate"] = 0
    merged.update(given)
    return merged
