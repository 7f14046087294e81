"""The hard constraints restated record by record, in plain Python.

This is deliberately *not* the vectorised code path: the evaluation and the tests use it
to check that the index never ranks a KOL that breaks a constraint.  It shares only the
lenient value readers of :mod:`matching.records`, so messy values mean the same thing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from matching import records


def is_active(kol: Mapping[str, Any]) -> bool:
    return records.flag(kol.get("active"), True) and not records.flag(kol.get("suspended"), False)


def _followers(kol: Mapping[str, Any], platform: str) -> float:
    """Followers of the KOL's (largest) account on ``platform``; NaN if unknown."""
    best = float("nan")
    for e in records.items(kol.get("platforms")):
        if records.name(e.get("platform")) == platform:
            f = records.nonneg(e.get("followers"))
            if f > best or best != best:
                best = f
    return best


def rate_ok(kol: Mapping[str, Any], brief: Mapping[str, Any], rate: Mapping[str, Any]) -> bool:
    platform = records.name(rate.get("platform"))
    wanted = records.names(brief.get("platforms"))
    if wanted and platform not in wanted:
        return False
    types = records.names(brief.get("collab_types"))
    if types and records.name(rate.get("collab_type")) not in types:
        return False
    currency = records.name(brief.get("currency"))
    if currency and records.name(rate.get("currency")) != currency:
        return False
    budget = records.nonneg(brief.get("budget"))
    if budget == budget and not records.nonneg(rate.get("rate")) <= budget:
        return False
    lo, hi = records.nonneg(brief.get("min_followers")), records.nonneg(brief.get("max_followers"))
    if lo == lo or hi == hi:
        if not platform:
            return False
        f = _followers(kol, platform)
        if (lo == lo and not f >= lo) or (hi == hi and not f <= hi):
            return False
    return True


def violates(kol: Mapping[str, Any], brief: Mapping[str, Any], listing_id: str | None) -> bool:
    """True if ranking ``kol`` for ``brief`` through ``listing_id`` breaks a constraint."""
    if not is_active(kol):
        return True
    rates = [
        r
        for r in records.items(kol.get("rates"))
        if records.listing_id(r.get("listing_id")) == (listing_id or "")
    ]
    return not any(rate_ok(kol, brief, r) for r in rates)


def eligible(kol: Mapping[str, Any], brief: Mapping[str, Any]) -> bool:
    """Has at least one rate passing every constraint (and the KOL is active)."""
    return is_active(kol) and any(rate_ok(kol, brief, r) for r in records.items(kol.get("rates")))
