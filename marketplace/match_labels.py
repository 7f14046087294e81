"""Readable captions for the matcher's reasons, details and flags (translated)."""

from __future__ import annotations

from flask import Flask
from flask_babel import format_decimal, format_percent
from flask_babel import lazy_gettext as _l

REASON_ORDER = (
    "category",
    "text",
    "audience",
    "engagement",
    "reliability",
    "value",
    "authenticity",
)

# Keyed by the matcher's stable flag codes (matching/flags.py), never by its English text.
FLAG_LABELS = {
    "engagement_below_tier": _l(
        "Engagement far below the norm for its follower tier (possible bought followers)"
    ),
    "engagement_above_tier": _l(
        "Engagement implausibly high for its tier (possible engagement pods)"
    ),
    "audience_concentrated": _l("Audience unusually concentrated"),
    "audience_uniform": _l("Audience suspiciously uniform"),
    "unusual_profile": _l("Unusual account profile"),
    "no_audience_data": _l("No audience data"),
    "exploration_slot": _l("Newer KOL with little history, given a chance in the top list"),
}


def _pct(value: float) -> str:
    return format_percent(value, format="#,##0%")


def reason_caption(name: str, value: float, details: dict) -> str:
    """One short line a person reads at a glance, e.g. "audience 92% overlap"."""
    if name == "audience" and "audience_overlap" in details:
        return str(_l("Audience %(pct)s overlap", pct=_pct(details["audience_overlap"])))
    if name == "engagement" and "engagement_ratio" in details:
        return str(
            _l(
                "Engagement %(ratio)s× tier median",
                ratio=format_decimal(details["engagement_ratio"], format="#,##0.0"),
            )
        )
    captions = {
        "category": _l("Category fit %(pct)s"),
        "text": _l("Content match %(pct)s"),
        "audience": _l("Audience fit %(pct)s"),
        "engagement": _l("Engagement score %(pct)s"),
        "reliability": _l("Reliability %(pct)s"),
        "value": _l("Value for money %(pct)s"),
        "authenticity": _l("Audience authenticity %(pct)s"),
    }
    template = captions.get(name)
    return str(template % {"pct": _pct(value)}) if template else f"{name} {_pct(value)}"


def top_reasons(reasons: dict[str, float], n: int = 3) -> list[str]:
    """The names of the `n` strongest reasons, strongest first (ties in REASON_ORDER)."""
    known = [name for name in REASON_ORDER if name in reasons]
    return sorted(known, key=lambda name: -reasons[name])[:n]


def flag_caption(code: str) -> str:
    """The caution in the reader's language; an unknown (newer) code reads as a generic one."""
    return str(FLAG_LABELS.get(code, _l("Unusual account profile")))


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        reason_caption=reason_caption,
        flag_caption=flag_caption,
        reason_order=REASON_ORDER,
        top_reasons=top_reasons,
    )
