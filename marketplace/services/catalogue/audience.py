"""Audience splits: validation (shares sum to 1 ± 0.01) and majority keys for browse filters."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain.taxonomy import AGE_KEYS, GENDER_KEYS
from marketplace.domain.text import is_storable_text
from marketplace.services.validation import Validator

TOLERANCE = 0.01
FIXED_KEYS = {"gender": GENDER_KEYS, "age": AGE_KEYS}
# Region keys are free text, so their number is capped: the public profile and brief pages
# draw one bar per key, and thousands of keys made a page take seconds and megabytes.
MAX_REGION_KEYS = 10
REGION_KEY_MAX_LEN = 32


def majority_keys(audience: dict[str, Any] | None) -> tuple[str | None, str | None, str | None]:
    """The largest share's key per dimension (gender, age, region), or None when empty."""
    result: list[str | None] = []
    for dimension in ("gender", "age", "region"):
        shares = (audience or {}).get(dimension) or {}
        result.append(max(shares, key=lambda k: (shares[k], k)) if shares else None)
    return result[0], result[1], result[2]


def validate_audience(
    v: Validator, field: str, value: Any, *, partial_ok: bool = False
) -> dict[str, dict[str, float]]:
    """Check an audience map; with `partial_ok` (brief targets) shares may sum below 1."""
    if value is None or value == {}:
        return {}
    if not isinstance(value, dict):
        v.add(field, _l("Must be an object with gender, age and region shares."))
        return {}
    clean: dict[str, dict[str, float]] = {}
    for dimension, shares in value.items():
        name = f"{field}.{dimension}"
        if dimension not in ("gender", "age", "region"):
            v.add(name, _l("Unknown audience dimension."))
            continue
        if shares in (None, {}):
            continue
        if not isinstance(shares, dict) or not all(
            isinstance(k, str) and isinstance(s, int | float) and not isinstance(s, bool)
            for k, s in shares.items()
        ):
            v.add(name, _l("Must map each key to a share between 0 and 1."))
            continue
        allowed = FIXED_KEYS.get(dimension)
        if allowed is None and len(shares) > MAX_REGION_KEYS:
            v.add(name, _l("At most %(n)d regions.", n=MAX_REGION_KEYS))
            continue
        unknown = [k for k in shares if allowed is not None and k not in allowed]
        if unknown:
            v.add(name, _l("Unknown keys: %(keys)s.", keys=", ".join(unknown[:5])))
            continue
        if dimension == "region" and any(
            len(k) > REGION_KEY_MAX_LEN or not k.strip() or not is_storable_text(k) for k in shares
        ):
            v.add(name, _l("Region names must be 1 to %(n)d characters.", n=REGION_KEY_MAX_LEN))
            continue
        if any(not 0 <= float(s) <= 1 for s in shares.values()):
            v.add(name, _l("Each share must be between 0% and 100%."))
            continue
        total = sum(float(s) for s in shares.values())
        if abs(total - 1) > TOLERANCE and not (partial_ok and total < 1):
            v.add(
                name,
                _l(
                    "Shares must add up to 100%% (±1), they add up to %(total)s%%.",
                    total=round(total * 100, 1),
                ),
            )
            continue
        clean[dimension] = {k: round(float(s), 4) for k, s in shares.items()}
    return clean
