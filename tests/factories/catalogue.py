"""KOLs with a filled profile, platform accounts and listings (shared by catalogue tests)."""

from __future__ import annotations

from typing import Any

import factory

from marketplace.extensions import db
from marketplace.models import Listing, PlatformAccount, User
from marketplace.services.catalogue.events import kol_changed
from tests.factories.base import SessionFactory
from tests.factories.users import KolFactory

DEFAULT_AUDIENCE = {
    "gender": {"female": 0.8, "male": 0.2},
    "age": {"13-17": 0.05, "18-24": 0.45, "25-34": 0.35, "35-44": 0.1, "45+": 0.05},
    "region": {"tier1": 0.5, "tier2": 0.3, "tier3": 0.2},
}


class PlatformAccountFactory(SessionFactory):
    """One account of a KOL (pass `kol_id`)."""

    class Meta:
        model = PlatformAccount

    platform = "xiaohongshu"
    handle = factory.LazyAttribute(lambda a: f"@{a.kol_id}")
    followers = 48_000
    engagement_rate = 0.041


class ListingFactory(SessionFactory):
    """An active listing of a KOL (pass `kol_id`)."""

    class Meta:
        model = Listing

    platform = "xiaohongshu"
    collab_type = "image_text"
    title = factory.LazyAttribute(lambda item: f"{item.collab_type} post")
    description = ""
    rate = 300_000
    currency = "cny"
    status = "active"


def make_kol_with_listing(
    *,
    name: str | None = None,
    bio: str = "Skincare routines and honest sunscreen reviews",
    categories: tuple[str, ...] = ("beauty",),
    tags: tuple[str, ...] = ("skincare", "sunscreen"),
    platform: str = "xiaohongshu",
    followers: int = 48_000,
    engagement_rate: float = 0.041,
    collab_type: str = "image_text",
    rate: int = 300_000,
    currency: str = "cny",
    audience: dict[str, Any] | None = None,
    verification: str = "unverified",
    **user_fields: Any,
) -> tuple[User, Listing]:
    """A KOL with a filled profile, one platform account and one active listing, logged
    for the match index as a service would."""
    if name is not None:
        user_fields["name"] = name
    if "suspended" in user_fields:
        user_fields["is_suspended"] = user_fields.pop("suspended")
    user = KolFactory(
        **user_fields,
        profile__bio=bio,
        profile__tags=list(tags),
        profile__verification=verification,
        profile__audience=audience if audience is not None else DEFAULT_AUDIENCE,
        profile__category_names=categories,
    )
    reach = {"platform": platform, "followers": followers, "engagement_rate": engagement_rate}
    PlatformAccountFactory(kol_id=user.id, **reach)
    listing = ListingFactory(
        kol_id=user.id,
        collab_type=collab_type,
        description=bio,
        rate=rate,
        currency=currency,
        **reach,
    )
    kol_changed(user.id)
    db.session.commit()
    return user, listing


def add_listing(kol: User, **fields: Any) -> Listing:
    """Another active listing for a KOL from make_kol_with_listing (same reach by default),
    logged as a service would."""
    account = db.session.query(PlatformAccount).filter_by(kol_id=kol.id).first()
    reach = {"followers": account.followers, "engagement_rate": account.engagement_rate}
    listing = ListingFactory(kol_id=kol.id, **{**reach, **fields})
    kol_changed(kol.id)
    db.session.commit()
    return listing


def make_commission_only(kol: User, commission_bps: int = 1500, **fields: Any) -> Listing:
    """A commission-only listing: no price (rate 0), paid by a share of the sales."""
    return add_listing(
        kol,
        pricing_model="commission",
        collab_type="affiliate",
        rate=0,
        commission_bps=commission_bps,
        **fields,
    )
