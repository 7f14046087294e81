"""Notification sentences for commission settlement, top-ups and the budget's return."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TEXTS: dict[str, Any] = {
    "campaign.budget_returned": _l(
        "The commission window of %(title)s has closed: %(amount)s of unused commission "
        "budget went back to the brand"
    ),
    "campaign.budget_topped_up": _l(
        "The brand added %(amount)s to the commission budget of %(title)s"
    ),
}
