"""Helpers shared by the brand-side services: roles and the limits on amounts."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain.errors import NotAllowed
from marketplace.models import User

# Amounts live in 32-bit integer columns; this keeps every accepted amount storable
# (10,000,000.00 in a two-decimal currency) and far above any real per-KOL fee.
MAX_AMOUNT = 1_000_000_000


def require_role(actor: User, role: str) -> None:
    """Raise NotAllowed unless the acting user has `role` (a KOL cannot post briefs...)."""
    if actor.role != role:
        raise NotAllowed(str(_l("This action is not available to your account type.")))
