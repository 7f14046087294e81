"""Validation and storage of a KOL's platform accounts (part of the profile use case)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from marketplace.domain.taxonomy import PLATFORMS
from marketplace.extensions import db
from marketplace.models import KolProfile, Listing, PlatformAccount
from marketplace.services.validation import MAX_FOLLOWERS, Validator

HANDLE_MAX = 80


def validate_platforms(v: Validator, value: Any) -> list[dict[str, Any]]:
    """Check a list of {platform, handle, followers, engagement_rate}, one row per platform.

    Errors are reported per row as `platforms.<index>.<field>`.
    """
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        v.add("platforms", _l("Must be a list of platform accounts."))
        return []
    if len(value) > len(PLATFORMS):
        v.add("platforms", _l("At most %(n)d platform accounts.", n=len(PLATFORMS)))
        return []
    clean: list[dict[str, Any]] = []
    seen: set[str] = set()
    for index, row in enumerate(value):
        prefix = f"platforms.{index}"
        if not isinstance(row, dict):
            v.add(prefix, _l("Must be an object with platform, handle, followers and engagement."))
            continue
        platform = v.choice(f"{prefix}.platform", row.get("platform"), PLATFORMS)
        handle = v.string(f"{prefix}.handle", row.get("handle"), max_len=HANDLE_MAX)
        followers = v.integer(
            f"{prefix}.followers", row.get("followers"), minimum=0, maximum=MAX_FOLLOWERS
        )
        engagement = v.share(f"{prefix}.engagement_rate", row.get("engagement_rate"))
        if platform is not None and platform in seen:
            v.add(f"{prefix}.platform", _l("Each platform can be added only once."))
            continue
        if platform is not None:
            seen.add(platform)
        if None in (platform, handle, followers, engagement):
            continue
        clean.append(
            {
                "platform": platform,
                "handle": handle,
                "followers": followers,
                "engagement_rate": round(float(engagement), 4),  # type: ignore[arg-type]
            }
        )
    return clean


def check_removals(v: Validator, profile: KolProfile, platforms: list[dict[str, Any]]) -> None:
    """A platform that still carries active or paused listings cannot be removed."""
    kept = {row["platform"] for row in platforms}
    in_use = db.session.scalars(
        select(Listing.platform)
        .where(Listing.kol_id == profile.user_id, Listing.status != "deleted")
        .distinct()
    ).all()
    blocked = sorted(p for p in in_use if p not in kept)
    if blocked:
        v.add(
            "platforms",
            _l(
                "You still have listings on %(platforms)s. Delete those listings first.",
                platforms=", ".join(blocked),
            ),
        )


def replace_platforms(profile: KolProfile, platforms: list[dict[str, Any]]) -> None:
    """Make the profile's accounts exactly `platforms` and mirror the figures onto listings.

    Existing rows are updated in place so the (kol, platform) unique key never collides.
    """
    existing = {account.platform: account for account in profile.platforms}
    accounts: list[PlatformAccount] = []
    for row in platforms:
        account = existing.get(row["platform"]) or PlatformAccount(platform=row["platform"])
        account.handle = row["handle"]
        account.followers = row["followers"]
        account.engagement_rate = row["engagement_rate"]
        accounts.append(account)
    profile.platforms = accounts
    for row in platforms:
        db.session.execute(
            update(Listing)
            .where(Listing.kol_id == profile.user_id, Listing.platform == row["platform"])
            .values(followers=row["followers"], engagement_rate=row["engagement_rate"])
            .execution_options(synchronize_session="fetch")
        )
