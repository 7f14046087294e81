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

FLAG_LABELS = {
    "engagement far below tier norm (possible bought followers)": _l(
        "Engagement far below the norm for its follower tier (possible bought followers)"
    ),
    "engagement implausibly high for tier (possible engagement pods)": _l(
        "Engagement implausibly high for its tier (possible engagement pods)"
    ),
    "audience unusually concentrated": _l("Audience unusually concentrated"),
    "audience suspiciously uniform": _l("Audience suspiciously uniform"),
    "unusual account profile": _l("Unusual account profile"),
    "no audience data": _l("No audience data"),
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


def flag_caption(flag: str) -> str:
    return str(FLAG_LABELS.get(flag, flag))


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        reason_caption=reason_caption, flag_caption=flag_caption, reason_order=REASON_ORDER
    )
