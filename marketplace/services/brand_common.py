"""Helpers shared by the brand-side services: roles, paging and the limits on amounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select

from marketplace.domain.errors import NotAllowed
from marketplace.extensions import db
from marketplace.models import User
from marketplace.services.validation import Validator

T = TypeVar("T")

# Amounts live in 32-bit integer columns; this keeps every accepted amount storable
# (10,000,000.00 in a two-decimal currency) and far above any real per-KOL fee.
MAX_AMOUNT = 1_000_000_000
MAX_PER_PAGE = 100


@dataclass
class Page(Generic[T]):
    """One page of results with the total across all pages."""

    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def require_role(actor: User, role: str) -> None:
    """Raise NotAllowed unless the acting user has `role` (a KOL cannot post briefs...)."""
    if actor.role != role:
        raise NotAllowed(str(_l("This action is not available to your account type.")))


def clean_paging(v: Validator, page: Any, per_page: Any) -> tuple[int, int]:
    clean_page = v.integer("page", page, required=False, minimum=1, maximum=10**6) or 1
    clean_per_page = (
        v.integer("per_page", per_page, required=False, minimum=1, maximum=MAX_PER_PAGE) or 20
    )
    return clean_page, clean_per_page


def paginate(stmt: Select[Any], page: int, per_page: int) -> Page[Any]:
    """Run `stmt` (already ordered) for one page, plus a count of all matching rows."""
    total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    items = list(db.session.scalars(stmt.limit(per_page).offset((page - 1) * per_page)).unique())
    return Page(items=items, total=total or 0, page=page, per_page=per_page)
