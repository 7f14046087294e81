"""Which KOLs a brand has already saved, so "Add to shortlist" buttons can show it."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.domain.numbers import is_storable_id
from marketplace.extensions import db
from marketplace.models import Shortlist, ShortlistEntry, User


def shortlisted_kol_ids(brand: User) -> set[int]:
    """KOLs on any of the brand's shortlists."""
    return set(
        db.session.scalars(
            select(ShortlistEntry.kol_id)
            .join(Shortlist, Shortlist.id == ShortlistEntry.shortlist_id)
            .where(Shortlist.brand_id == brand.id)
        )
    )


def is_on_shortlist(brand: User, shortlist_id: int | None, kol_id: int | None) -> bool:
    """True when the KOL is already on this brand's list (a foreign list reads as False)."""
    if shortlist_id is None or kol_id is None:
        return False
    if not (is_storable_id(shortlist_id) and is_storable_id(kol_id)):
        return False
    found = db.session.scalar(
        select(ShortlistEntry.kol_id)
        .join(Shortlist, Shortlist.id == ShortlistEntry.shortlist_id)
        .where(
            Shortlist.brand_id == brand.id,
            ShortlistEntry.shortlist_id == shortlist_id,
            ShortlistEntry.kol_id == kol_id,
        )
    )
    return found is not None
