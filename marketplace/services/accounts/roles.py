"""Role checks shared by every context's use cases (a KOL cannot post briefs, …)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain.errors import NotAllowed
from marketplace.models import User


def require_role(actor: User, role: str) -> None:
    """Raise NotAllowed unless the acting user has `role` (a KOL cannot post briefs...)."""
    if actor.role != role:
        raise NotAllowed(str(_l("This action is not available to your account type.")))


def require_not_suspended(actor: User) -> None:
    """A suspended account may not start anything new (a suspended brand makes no offers)."""
    if actor.is_suspended:
        raise NotAllowed(str(_l("Your account is suspended, so you cannot do this.")))
