"""Notification sentences for payments kinds (merged into texts.TEXTS); payload keys as in texts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TEXTS: dict[str, Any] = {
    "refund_failed": _l(
        "A refund for %(title)s was not made (%(code)s); check the payment and refund by hand"
    ),
}
