"""Listing use cases for the owning KOL: create, edit, pause, reactivate and delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, select

from marketplace.domain.errors import Conflict, NotFound
from marketplace.extensions import db
from marketplace.models import KolProfile, Listing, User
from marketplace.services.catalogue.events import kol_changed
from marketplace.services.catalogue.kol_profiles import require_kol
from marketplace.services.catalogue.listing_rules import EDITABLE, merge_changes, validate_listing
from marketplace.services.paging import clean_paging, paginate
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

OWNER_STATUSES = ("active", "paused")
# Active and paused listings per KOL: the public profile page shows every active one.
MAX_LISTINGS_PER_KOL = 50


def _own_listing(profile: KolProfile, listing_id: int) -> Listing:
    """The KOL's own listing; anyone else's answers NotFound, never a hint it exists."""
    listing = db.session.get(Listing, listing_id) if isinstance(listing_id, int) else None
    if listing is None or listing.kol_id != profile.user_id:
        raise NotFound(str(_l("Listing not found.")))
    return listing


def _editable(listing: Listing) -> None:
    if listing.status == "deleted":
        raise Conflict(str(_l("This listing was deleted and can no longer be changed.")))


def _apply(profile: KolProfile, listing: Listing, clean: Mapping[str, Any]) -> None:
    for name in EDITABLE:
        setattr(listing, name, clean[name])
    account = next(a for a in profile.platforms if a.platform == clean["platform"])
    listing.followers = account.followers
    listing.engagement_rate = account.engagement_rate


def _own_platforms(profile: KolProfile) -> set[str]:
    return {account.platform for account in profile.platforms}


def _check_listing_count(profile: KolProfile) -> None:
    count = db.session.scalar(
        select(func.count())
        .select_from(Listing)
        .where(Listing.kol_id == profile.user_id, Listing.status.in_(OWNER_STATUSES))
    )
    if (count or 0) >= MAX_LISTINGS_PER_KOL:
        raise Conflict(
            str(
                _l(
                    "You can have at most %(n)d listings. Delete one before adding another.",
                    n=MAX_LISTINGS_PER_KOL,
                )
            )
        )


@use_case
def create_listing(
    actor: User,
    *,
    platform: Any,
    collab_type: Any,
    title: Any,
    description: Any = "",
    rate: Any = None,
    currency: Any = None,
    turnaround_days: Any = None,
    revisions: Any = None,
    pricing_model: Any = None,
    commission_bps: Any = None,
) -> Listing:
    """A new active listing on one of the KOL's platform accounts."""
    profile = require_kol(actor)
    v = Validator()
    clean = validate_listing(
        v,
        {
            "platform": platform,
            "collab_type": collab_type,
            "title": title,
            "description": description,
            "rate": rate,
            "currency": currency,
            "turnaround_days": turnaround_days,
            "revisions": revisions,
            "pricing_model": pricing_model,
            "commission_bps": commission_bps,
        },
        _own_platforms(profile),
    )
    v.check()
    _check_listing_count(profile)
    listing = Listing(kol_id=profile.user_id, status="active")
    _apply(profile, listing, clean)
    db.session.add(listing)
    db.session.flush()
    kol_changed(profile.user_id)
    return listing


@use_case
def update_listing(actor: User, listing_id: int, changes: Mapping[str, Any]) -> Listing:
    """Change some fields of the KOL's listing (and, with `status`, pause or reactivate it)."""
    profile = require_kol(actor)
    listing = _own_listing(profile, listing_id)
    _editable(listing)
    v = Validator()
    current = {name: getattr(listing, name) for name in EDITABLE}
    clean = validate_listing(v, merge_changes(current, changes), _own_platforms(profile))
    status = listing.status
    if "status" in changes:
        status = v.choice("status", changes["status"], OWNER_STATUSES) or status
    v.check()
    _apply(profile, listing, clean)
    listing.status = status
    kol_changed(profile.user_id)
    return listing


@use_case
def set_listing_status(actor: User, listing_id: int, status: Any) -> Listing:
    """Pause a listing (hidden from browse) or reactivate it."""
    profile = require_kol(actor)
    listing = _own_listing(profile, listing_id)
    _editable(listing)
    v = Validator()
    clean = v.choice("status", status, OWNER_STATUSES)
    v.check()
    assert clean is not None
    listing.status = clean
    kol_changed(profile.user_id)
    return listing


@use_case
def delete_listing(actor: User, listing_id: int) -> Listing:
    """Deactivate a listing for good; the row stays for briefs and contracts that cite it."""
    profile = require_kol(actor)
    listing = _own_listing(profile, listing_id)
    if listing.status != "deleted":
        listing.status = "deleted"
        kol_changed(profile.user_id)
    return listing


def check_listing(actor: User, listing_id: int | None, values: Mapping[str, Any]) -> None:
    """Validate a new listing (`listing_id` None) or changes to one, saving nothing."""
    profile = require_kol(actor)
    v = Validator()
    if listing_id is None:
        validate_listing(v, values, _own_platforms(profile))
    else:
        listing = _own_listing(profile, listing_id)
        current = {name: getattr(listing, name) for name in EDITABLE}
        validate_listing(v, merge_changes(current, values), _own_platforms(profile))
    v.check()


def get_own_listing(actor: User, listing_id: int) -> Listing:
    profile = require_kol(actor)
    return _own_listing(profile, listing_id)


def list_own_listings(
    actor: User,
    *,
    include_deleted: bool = True,
    page: Any = None,
    per_page: Any = None,
) -> Pagination:
    """One page of the KOL's listings, newest first, and how many there are in all."""
    profile = require_kol(actor)
    v = Validator()
    clean_page, clean_per_page = clean_paging(v, page, per_page)
    v.check()
    condition = [Listing.kol_id == profile.user_id]
    if not include_deleted:
        condition.append(Listing.status != "deleted")
    stmt = select(Listing).where(*condition).order_by(Listing.id.desc())
    return paginate(stmt, clean_page, clean_per_page)
