"""Notification sentences for commission deals (merged into texts.TEXTS)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TEXTS: dict[str, Any] = {
    "campaign.budget_mostly_used": _l(
        "%(percent)s%% of the commission budget of %(title)s is used; sales beyond it earn "
        "no commission until the brand tops it up"
    ),
}
