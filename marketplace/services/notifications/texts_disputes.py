"""Notification sentences for disputes kinds (merged into texts.TEXTS); payload keys as in texts."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

TEXTS: dict[str, Any] = {
    "dispute.responded": _l("%(name)s responded to the dispute on %(title)s"),
    "dispute.withdrawn": _l("%(name)s withdrew the dispute on %(title)s; the work carries on"),
    "dispute.resolved": _l("The dispute on %(title)s was decided: %(reason)s"),
    "dispute.response_missed": _l(
        "The response deadline passed on the dispute about %(title)s; "
        "it is eligible for a default outcome"
    ),
}
