"""Factories for briefs, applications and shortlists (rows made directly, no validation)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from marketplace.extensions import db
from marketplace.models import Application, Brief, Shortlist, ShortlistEntry, User
from marketplace.models.base import utcnow


def brief_payload(**overrides: Any) -> dict[str, Any]:
    """Valid create_brief / POST /briefs input; override any field."""
    data: dict[str, Any] = {
        "title": "Summer sunscreen launch",
        "description": "Honest reviews of our new SPF50 sunscreen.",
        "product_url": "https://detail.tmall.com/item.htm?id=1",
        "category": "beauty",
        "platforms": ["xiaohongshu", "douyin"],
        "collab_types": ["image_text", "short_video"],
        "budget": 500_000,
        "currency": "cny",
        "kols_wanted": 3,
        "target_audience": {"gender": {"female": 0.8, "male": 0.2}},
        "min_followers": 10_000,
        "max_followers": 500_000,
        "deadline": (utcnow().date() + timedelta(days=30)).isoformat(),
        "status": "open",
    }
    data.update(overrides)
    return data


def make_brief(brand: User, **overrides: Any) -> Brief:
    data = brief_payload(**overrides)
    if isinstance(data["deadline"], str):
        data["deadline"] = date.fromisoformat(data["deadline"])
    brief = Brief(brand_id=brand.id, **data)
    db.session.add(brief)
    db.session.commit()
    return brief


def make_application(kol: User, brief: Brief, **overrides: Any) -> Application:
    data: dict[str, Any] = {
        "price": 300_000,
        "currency": brief.currency,
        "pitch": "I review sunscreen every summer.",
        "status": "pending",
        "listing_id": None,
    }
    data.update(overrides)
    application = Application(brief_id=brief.id, kol_id=kol.id, **data)
    db.session.add(application)
    db.session.commit()
    return application


def make_shortlist(
    brand: User, name: str = "Spring launch", kols: tuple[User, ...] = ()
) -> Shortlist:
    shortlist = Shortlist(brand_id=brand.id, name=name)
    shortlist.entries = [ShortlistEntry(kol_id=k.id) for k in kols]
    db.session.add(shortlist)
    db.session.commit()
    return shortlist
