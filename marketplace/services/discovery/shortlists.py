"""Shortlists: a brand's named lists of KOLs (Pugongying's cart, Xingtu's favourites)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import Conflict, NotFound
from marketplace.domain.numbers import is_storable_id
from marketplace.domain.taxonomy import PLATFORMS
from marketplace.extensions import db
from marketplace.models import Shortlist, ShortlistEntry, User
from marketplace.services.accounts.roles import require_role
from marketplace.services.discovery.comparison import KolComparison, compare_kols
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

MAX_NAME = 80
MAX_NOTE = 300
MAX_SHORTLISTS = 50
MAX_ENTRIES = 100


@dataclass
class ShortlistComparison:
    shortlist: Shortlist
    kols: list[KolComparison]

    @property
    def platforms(self) -> list[str]:
        """Every platform any of the KOLs is on, in the taxonomy's order (the table's rows)."""
        present = {p.platform for kol in self.kols for p in kol.platforms}
        return [p for p in PLATFORMS if p in present]

    @property
    def currencies(self) -> list[str]:
        return sorted({c for kol in self.kols for c in kol.min_rates})


def _owned(brand: User, shortlist_id: int) -> Shortlist:
    """The brand's shortlist; an id no row can have (from a form field) is not found too."""
    require_role(brand, "brand")
    shortlist = None
    if is_storable_id(shortlist_id):
        shortlist = db.session.scalar(
            select(Shortlist).where(Shortlist.id == shortlist_id, Shortlist.brand_id == brand.id)
        )
    if shortlist is None:
        raise NotFound(str(_l("Shortlist not found.")))
    return shortlist


def _clean_name(v: Validator, brand: User, name: object, *, current: int | None = None) -> str:
    clean = v.string("name", name, max_len=MAX_NAME)
    if clean is not None:
        taken = db.session.scalar(
            select(Shortlist.id).where(Shortlist.brand_id == brand.id, Shortlist.name == clean)
        )
        if taken is not None and taken != current:
            v.add("name", _l("You already have a shortlist with this name."))
    return clean or ""


def _new_shortlist(v: Validator, brand: User, name: object) -> Shortlist:
    clean = _clean_name(v, brand, name)
    count = db.session.scalar(
        select(func.count(Shortlist.id)).where(Shortlist.brand_id == brand.id)
    )
    if (count or 0) >= MAX_SHORTLISTS:
        v.add("name", _l("You can keep at most %(n)d shortlists.", n=MAX_SHORTLISTS))
    return Shortlist(brand_id=brand.id, name=clean)


@use_case(conflict=_l("You already have a shortlist with this name."))
def create_shortlist(brand: User, name: object) -> Shortlist:
    require_role(brand, "brand")
    v = Validator()
    shortlist = _new_shortlist(v, brand, name)
    v.check()
    db.session.add(shortlist)
    return shortlist


@use_case(conflict=_l("You already have a shortlist with this name."))
def rename_shortlist(brand: User, shortlist_id: int, name: object) -> Shortlist:
    shortlist = _owned(brand, shortlist_id)
    v = Validator()
    clean = _clean_name(v, brand, name, current=shortlist.id)
    v.check()
    shortlist.name = clean
    return shortlist


@use_case
def delete_shortlist(brand: User, shortlist_id: int) -> None:
    shortlist = _owned(brand, shortlist_id)
    db.session.delete(shortlist)


@use_case
def add_to_shortlist(
    brand: User,
    shortlist_id: int | None,
    kol_id: object,
    note: object = "",
    *,
    new_list_name: object = None,
) -> ShortlistEntry:
    """Save a KOL into a shortlist (a new one named `new_list_name` when no id is given).

    Adding a KOL who is already on the list only updates the note.
    """
    require_role(brand, "brand")
    v = Validator()
    shortlist = (
        _owned(brand, shortlist_id)
        if shortlist_id is not None
        else _new_shortlist(v, brand, new_list_name)
    )
    clean_kol = v.integer("kol_id", kol_id, minimum=1)
    clean_note = v.string("note", note, required=False, max_len=MAX_NOTE) or ""
    if clean_kol is not None:
        kol = db.session.get(User, clean_kol)
        if kol is None or not kol.is_kol or kol.is_suspended:
            v.add("kol_id", _l("There is no active KOL with this id."))
    v.check()
    if shortlist.id is None:
        db.session.add(shortlist)
        db.session.flush()
    entry = db.session.get(ShortlistEntry, (shortlist.id, clean_kol))
    if entry is None:
        size = db.session.scalar(
            select(func.count()).where(ShortlistEntry.shortlist_id == shortlist.id)
        )
        if (size or 0) >= MAX_ENTRIES:
            raise Conflict(str(_l("A shortlist holds at most %(n)d KOLs.", n=MAX_ENTRIES)))
        entry = ShortlistEntry(shortlist_id=shortlist.id, kol_id=clean_kol, note=clean_note)
        db.session.add(entry)
    elif clean_note:
        entry.note = clean_note
    return entry


@use_case
def remove_from_shortlist(brand: User, shortlist_id: int, kol_id: int) -> None:
    shortlist = _owned(brand, shortlist_id)
    entry = db.session.get(ShortlistEntry, (shortlist.id, kol_id))
    if entry is None:
        raise NotFound(str(_l("This KOL is not on the shortlist.")))
    db.session.delete(entry)


def list_shortlists(brand: User) -> list[tuple[Shortlist, int]]:
    """All of the brand's shortlists (at most MAX_SHORTLISTS) with their sizes, by name."""
    require_role(brand, "brand")
    rows = db.session.execute(
        select(Shortlist, func.count(ShortlistEntry.kol_id))
        .outerjoin(ShortlistEntry, ShortlistEntry.shortlist_id == Shortlist.id)
        .where(Shortlist.brand_id == brand.id)
        .group_by(Shortlist.id)
        .order_by(Shortlist.name, Shortlist.id)
    ).all()
    return [(shortlist, count) for shortlist, count in rows]


def get_shortlist_with_comparison(brand: User, shortlist_id: int) -> ShortlistComparison:
    """The shortlist and its KOLs' comparison data, in the order they were added."""
    require_role(brand, "brand")
    shortlist = db.session.scalar(
        select(Shortlist)
        .where(Shortlist.id == shortlist_id, Shortlist.brand_id == brand.id)
        .options(selectinload(Shortlist.entries))
    )
    if shortlist is None:
        raise NotFound(str(_l("Shortlist not found.")))
    data = compare_kols([e.kol_id for e in shortlist.entries])
    kols = []
    for entry in shortlist.entries:
        row = data.get(entry.kol_id)
        if row is not None:
            row.note, row.added_at = entry.note, entry.added_at
            kols.append(row)
    return ShortlistComparison(shortlist, kols)
