"""Factories for KOL profiles, platform accounts and listings (shared by catalogue tests)."""

from __future__ import annotations

from typing import Any

from marketplace.extensions import db
from marketplace.models import KolCategory, KolProfile, Listing, PlatformAccount, User
from marketplace.services.catalogue.audience import majority_keys
from marketplace.services.catalogue.events import kol_changed
from tests.factories import make_kol

DEFAULT_AUDIENCE = {
    "gender": {"female": 0.8, "male": 0.2},
    "age": {"13-17": 0.05, "18-24": 0.45, "25-34": 0.35, "35-44": 0.1, "45+": 0.05},
    "region": {"tier1": 0.5, "tier2": 0.3, "tier3": 0.2},
}


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
    **user_kwargs: Any,
) -> tuple[User, Listing]:
    """A KOL with a filled profile, one platform account and one active listing."""
    user = make_kol(name=name, **user_kwargs)
    profile = db.session.get(KolProfile, user.id)
    profile.bio = bio
    profile.tags = list(tags)
    profile.verification = verification
    profile.audience = audience if audience is not None else DEFAULT_AUDIENCE
    (profile.audience_gender_major, profile.audience_age_major, profile.audience_region_major) = (
        majority_keys(profile.audience)
    )
    profile.categories = [KolCategory(category=c, position=i) for i, c in enumerate(categories)]
    profile.platforms = [
        PlatformAccount(
            platform=platform,
            handle=f"@{user.id}",
            followers=followers,
            engagement_rate=engagement_rate,
        )
    ]
    listing = Listing(
        kol_id=user.id,
        platform=platform,
        collab_type=collab_type,
        title=f"{collab_type} post",
        description=bio,
        rate=rate,
        currency=currency,
        followers=followers,
        engagement_rate=engagement_rate,
    )
    db.session.add(listing)
    db.session.flush()
    kol_changed(user.id)
    db.session.commit()
    return user, listing
