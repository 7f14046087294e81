"""Plain-dict views of models for JSON answers (field names follow the public spec)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from marketplace.models import User


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601 with a UTC offset for datetimes (stored naive in UTC)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.isoformat()
    return value.isoformat()


def user_json(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "role": user.role, "name": user.name}


def profile_json(profile: Any) -> dict[str, Any] | None:
    """Minimal profile view; the catalogue serializers give the full one."""
    from marketplace.models import BrandProfile, KolProfile

    if isinstance(profile, KolProfile):
        return {
            "kind": "kol",
            "display_name": profile.display_name,
            "bio": profile.bio,
            "categories": profile.category_names,
            "tags": list(profile.tags or []),
            "verification": profile.verification,
        }
    if isinstance(profile, BrandProfile):
        return {
            "kind": profile.kind,
            "company_name": profile.company_name,
            "store_url": profile.store_url,
            "categories": list(profile.categories or []),
        }
    return None


def listing_json(listing: Any) -> dict[str, Any]:
    """A listing as the API shows it (money in the smallest unit plus currency)."""
    return {
        "id": listing.id,
        "kol_id": listing.kol_id,
        "platform": listing.platform,
        "collab_type": listing.collab_type,
        "title": listing.title,
        "description": listing.description,
        "pricing_model": listing.pricing_model,
        "rate": listing.rate,
        "currency": listing.currency,
        "commission_bps": listing.commission_bps,
        "turnaround_days": listing.turnaround_days,
        "revisions": listing.revisions,
        "status": listing.status,
        "followers": listing.followers,
        "engagement_rate": listing.engagement_rate,
        "created_at": iso(listing.created_at),
        "updated_at": iso(listing.updated_at),
    }


def kol_summary_json(profile: Any) -> dict[str, Any]:
    """The short KOL card shown beside listings and matches (needs categories loaded)."""
    return {
        "id": profile.user_id,
        "display_name": profile.display_name,
        "avatar_url": f"/kol/avatar/{profile.user_id}" if profile.avatar_path else None,
        "verification": profile.verification,
        "categories": profile.category_names,
        "rating": round(profile.rating_avg, 2) if profile.rating_count else None,
        "reviews": profile.rating_count,
        "completed": profile.completed_count,
        "audience_majority": {
            "gender": profile.audience_gender_major,
            "age": profile.audience_age_major,
            "region": profile.audience_region_major,
        },
    }


def platform_account_json(account: Any) -> dict[str, Any]:
    return {
        "platform": account.platform,
        "handle": account.handle,
        "followers": account.followers,
        "engagement_rate": account.engagement_rate,
    }


def kol_profile_json(profile: Any) -> dict[str, Any]:
    """The KOL's own full profile, in the shape PUT /kol/profile takes (plus read-only facts)."""
    return {
        "id": profile.user_id,
        "display_name": profile.display_name,
        "bio": profile.bio,
        "avatar_url": f"/kol/avatar/{profile.user_id}" if profile.avatar_path else None,
        "categories": profile.category_names,
        "tags": list(profile.tags or []),
        "platforms": [platform_account_json(a) for a in profile.platforms],
        "audience": profile.audience or {},
        "verification": profile.verification,
        "rating": round(profile.rating_avg, 2) if profile.rating_count else None,
        "reviews": profile.rating_count,
        "completed": profile.completed_count,
        "updated_at": iso(profile.updated_at),
    }


def public_kol_json(profile: Any, listings: list[Any]) -> dict[str, Any]:
    """A KOL's public profile: the summary card plus platforms, audience and active listings."""
    return {
        **kol_summary_json(profile),
        "bio": profile.bio,
        "tags": list(profile.tags or []),
        "platforms": [platform_account_json(a) for a in profile.platforms],
        "audience": profile.audience or {},
        "on_time_rate": profile.on_time_rate,
        "listings": [listing_json(listing) for listing in listings],
    }


def admin_user_json(user: Any, kol: Any = None) -> dict[str, Any]:
    """A user as admins see it: the user fields plus suspension and, for KOLs, verification."""
    return {
        **user_json(user),
        "is_suspended": user.is_suspended,
        "suspended_reason": user.suspended_reason,
        "verification": kol.verification if kol is not None else None,
        "verification_reason": kol.verification_reason if kol is not None else None,
        "created_at": iso(user.created_at),
    }
