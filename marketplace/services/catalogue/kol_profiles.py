"""KOL profile use cases: edit one's own profile, show the public page, admin verification."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.domain.errors import NotAllowed, NotFound
from marketplace.domain.taxonomy import CATEGORIES, VERIFICATION_LEVELS
from marketplace.extensions import db
from marketplace.models import KolCategory, KolProfile, Listing, User
from marketplace.models.base import utcnow
from marketplace.services.catalogue.audience import majority_keys, validate_audience
from marketplace.services.catalogue.events import kol_changed
from marketplace.services.catalogue.platforms import (
    check_removals,
    replace_platforms,
    validate_platforms,
)
from marketplace.services.unit_of_work import use_case
from marketplace.services.validation import Validator

DISPLAY_NAME_MAX = 80
BIO_MAX = 2000
MAX_CATEGORIES = 3
MAX_TAGS = 20
TAG_MAX = 30
REASON_MAX = 500


@dataclass
class PublicProfile:
    """What anyone may see of a KOL: the profile and its active listings."""

    profile: KolProfile
    listings: list[Listing]


@dataclass
class KolDashboard:
    completeness: int
    missing: list[str] = field(default_factory=list)
    active_listings: int = 0
    paused_listings: int = 0


def _profile_query():
    return select(KolProfile).options(
        selectinload(KolProfile.categories), selectinload(KolProfile.platforms)
    )


def require_kol(actor: User) -> KolProfile:
    """The acting KOL's own profile; other roles may not use KOL features."""
    if not actor.is_kol:
        raise NotAllowed(str(_l("Only KOL accounts can do this.")))
    profile = db.session.scalar(_profile_query().where(KolProfile.user_id == actor.id))
    if profile is None:  # every KOL gets a profile at sign-up
        raise NotFound(str(_l("Profile not found.")))
    return profile


def get_own_profile(actor: User) -> KolProfile:
    return require_kol(actor)


def _categories(v: Validator, value: Any) -> list[str]:
    chosen = v.choices("categories", value, CATEGORIES, required=True, max_items=MAX_CATEGORIES)
    if chosen and len(chosen) != len(value):
        v.add("categories", _l("Each category can be chosen only once."))
    return chosen


def _replace_categories(profile: KolProfile, categories: list[str]) -> None:
    existing = {c.category: c for c in profile.categories}
    rows = []
    for position, name in enumerate(categories):
        row = existing.get(name) or KolCategory(category=name)
        row.position = position
        rows.append(row)
    profile.categories = rows


def _validated_profile(
    v: Validator,
    profile: KolProfile,
    display_name: Any,
    bio: Any,
    categories: Any,
    tags: Any,
    platforms: Any,
    audience: Any,
) -> dict[str, Any]:
    clean = {
        "display_name": v.string("display_name", display_name, max_len=DISPLAY_NAME_MAX),
        "bio": v.string("bio", bio, required=False, max_len=BIO_MAX) or "",
        "categories": _categories(v, categories),
        "tags": v.string_list("tags", tags, max_items=MAX_TAGS, max_len=TAG_MAX),
        "platforms": validate_platforms(v, platforms),
        "audience": validate_audience(v, "audience", audience),
    }
    if not v.errors:
        check_removals(v, profile, clean["platforms"])
    return clean


def check_kol_profile(
    actor: User,
    display_name: Any,
    bio: Any,
    categories: Any,
    tags: Any,
    platforms: Any,
    audience: Any,
) -> None:
    """Validate a profile without saving it, so a page can show every error in one round."""
    v = Validator()
    _validated_profile(
        v, require_kol(actor), display_name, bio, categories, tags, platforms, audience
    )
    v.check()


@use_case
def update_kol_profile(
    actor: User,
    display_name: Any,
    bio: Any,
    categories: Any,
    tags: Any,
    platforms: Any,
    audience: Any,
) -> KolProfile:
    """Replace the KOL's profile. Categories: first is primary; platforms replace the set."""
    profile = require_kol(actor)
    v = Validator()
    clean = _validated_profile(v, profile, display_name, bio, categories, tags, platforms, audience)
    v.check()
    profile.display_name = clean["display_name"]
    profile.bio = clean["bio"]
    profile.tags = clean["tags"]
    profile.audience = clean["audience"]
    (
        profile.audience_gender_major,
        profile.audience_age_major,
        profile.audience_region_major,
    ) = majority_keys(clean["audience"])
    _replace_categories(profile, clean["categories"])
    replace_platforms(profile, clean["platforms"])
    profile.updated_at = utcnow()
    db.session.flush()
    kol_changed(profile.user_id)
    return profile


def get_public_profile(kol_id: int) -> PublicProfile:
    """A KOL's public page; unknown ids, non-KOLs and suspended KOLs are not found."""
    profile = db.session.scalar(
        _profile_query()
        .join(User, User.id == KolProfile.user_id)
        .where(KolProfile.user_id == kol_id, User.role == "kol", User.is_suspended.is_(False))
    )
    if profile is None:
        raise NotFound(str(_l("KOL not found.")))
    listings = db.session.scalars(
        select(Listing)
        .where(Listing.kol_id == kol_id, Listing.status == "active")
        .order_by(Listing.id)
    ).all()
    return PublicProfile(profile=profile, listings=list(listings))


@use_case
def set_verification(admin: User, kol_id: int, level: Any, reason: Any = "") -> KolProfile:
    """Admin use case: set a KOL's verification level (unverified, verified, invited_pro)."""
    if not admin.is_admin:
        raise NotAllowed(str(_l("Only administrators can change verification.")))
    v = Validator()
    clean_level = v.choice("level", level, VERIFICATION_LEVELS)
    clean_reason = v.string("reason", reason, required=False, max_len=REASON_MAX)
    v.check()
    assert clean_level is not None
    profile = db.session.get(KolProfile, kol_id) if isinstance(kol_id, int) else None
    if profile is None:
        raise NotFound(str(_l("KOL not found.")))
    profile.verification = clean_level
    profile.verification_reason = clean_reason
    profile.verified_at = utcnow()
    kol_changed(profile.user_id)
    return profile


def dashboard_summary(actor: User) -> KolDashboard:
    """How complete the profile is and what is still missing, plus listing counts."""
    profile = require_kol(actor)
    checks = [
        (bool(profile.bio), _l("a bio")),
        (bool(profile.avatar_path), _l("a photo")),
        (bool(profile.categories), _l("categories")),
        (bool(profile.tags), _l("tags")),
        (bool(profile.platforms), _l("platform accounts")),
        (all((profile.audience or {}).get(d) for d in ("gender", "age", "region")), _l("audience")),
    ]
    done = sum(1 for ok, _label in checks if ok)
    counts = dict(
        db.session.execute(
            select(Listing.status, func.count(Listing.id))
            .where(Listing.kol_id == profile.user_id)
            .group_by(Listing.status)
        ).all()
    )
    return KolDashboard(
        completeness=round(100 * done / len(checks)),
        missing=[str(label) for ok, label in checks if not ok],
        active_listings=counts.get("active", 0),
        paused_listings=counts.get("paused", 0),
    )
