"""Notification sentences for admin kinds (merged into texts.TEXTS); payload keys as in texts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TEXTS: dict[str, Any] = {
    "admin.contract_flagged": _l("%(title)s is flagged for review: %(name)s was suspended"),
}
