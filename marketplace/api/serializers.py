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
