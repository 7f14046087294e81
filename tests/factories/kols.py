"""Factories for KOL-side tests: profile payloads, listings made via the services, images."""

from __future__ import annotations

from io import BytesIO
from typing import Any

from PIL import Image

from marketplace.models import Listing, User
from marketplace.services.catalogue import kol_profiles, listings

AUDIENCE = {
    "gender": {"female": 0.7, "male": 0.3},
    "age": {"13-17": 0.05, "18-24": 0.4, "25-34": 0.35, "35-44": 0.15, "45+": 0.05},
    "region": {"tier1": 0.5, "tier2": 0.3, "tier3": 0.2},
}


def platform_row(platform: str = "xiaohongshu", **overrides: Any) -> dict[str, Any]:
    row = {
        "platform": platform,
        "handle": f"@mei_{platform}",
        "followers": 52_000,
        "engagement_rate": 0.045,
    }
    row.update(overrides)
    return row


def profile_payload(**overrides: Any) -> dict[str, Any]:
    """A complete, valid PUT /kol/profile body (also the service's keyword arguments)."""
    payload: dict[str, Any] = {
        "display_name": "Mei Lin",
        "bio": "Skincare routines, sunscreen tests and 护肤 tips.",
        "categories": ["beauty", "lifestyle"],
        "tags": ["skincare", "防晒"],
        "platforms": [
            platform_row("xiaohongshu"),
            platform_row("douyin", followers=120_000, engagement_rate=0.031),
        ],
        "audience": AUDIENCE,
    }
    payload.update(overrides)
    return payload


def listing_payload(**overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "platform": "xiaohongshu",
        "collab_type": "image_text",
        "title": "Honest sunscreen review",
        "description": "One image-text note with five photos.",
        "rate": 300_000,
        "currency": "cny",
        "turnaround_days": 7,
        "revisions": 2,
    }
    payload.update(overrides)
    return payload


def with_profile(kol: User, **overrides: Any) -> User:
    """Fill a KOL's profile (two platforms) through the service."""
    kol_profiles.update_kol_profile(kol, **profile_payload(**overrides))
    return kol


def make_listing(kol: User, **overrides: Any) -> Listing:
    return listings.create_listing(kol, **listing_payload(**overrides))


def image_bytes(
    fmt: str = "PNG", size: tuple[int, int] = (600, 400), mode: str = "RGB", **save: Any
) -> bytes:
    image = Image.new(mode, size, (200, 80, 120) if mode == "RGB" else (200, 80, 120, 128))
    out = BytesIO()
    image.save(out, format=fmt, **save)
    return out.getvalue()
