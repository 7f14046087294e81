"""Briefs, applications and shortlists (rows made directly, no validation)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import factory

from marketplace.extensions import db
from marketplace.models import (
    Application,
    Brief,
    BriefInvitation,
    Shortlist,
    ShortlistEntry,
    User,
)
from marketplace.models.base import utcnow
from tests.factories.base import SessionFactory


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


class BriefFactory(SessionFactory):
    """An open brief with the same fields as `brief_payload()` (pass `brand_id`)."""

    class Meta:
        model = Brief

    title = "Summer sunscreen launch"
    description = "Honest reviews of our new SPF50 sunscreen."
    product_url = "https://detail.tmall.com/item.htm?id=1"
    category = "beauty"
    platforms = factory.LazyFunction(lambda: ["xiaohongshu", "douyin"])
    collab_types = factory.LazyFunction(lambda: ["image_text", "short_video"])
    budget = 500_000
    currency = "cny"
    kols_wanted = 3
    target_audience = factory.LazyFunction(lambda: {"gender": {"female": 0.8, "male": 0.2}})
    min_followers = 10_000
    max_followers = 500_000
    deadline = factory.LazyFunction(lambda: utcnow().date() + timedelta(days=30))
    status = "open"


class ApplicationFactory(SessionFactory):
    """A pending application (pass `brief` and `kol_id`); the currency is the brief's."""

    class Meta:
        model = Application

    price = 300_000
    currency = factory.LazyAttribute(lambda a: a.brief.currency)
    pitch = "I review sunscreen every summer."
    status = "pending"
    listing_id = None


class ShortlistFactory(SessionFactory):
    class Meta:
        model = Shortlist

    name = "Spring launch"


def make_brief(brand: User, **overrides: Any) -> Brief:
    if isinstance(overrides.get("deadline"), str):
        overrides["deadline"] = date.fromisoformat(overrides["deadline"])
    return BriefFactory(brand_id=brand.id, **overrides)


def make_application(kol: User, brief: Brief, **overrides: Any) -> Application:
    return ApplicationFactory(brief=brief, kol_id=kol.id, **overrides)


def make_shortlist(
    brand: User, name: str = "Spring launch", kols: tuple[User, ...] = ()
) -> Shortlist:
    entries = [ShortlistEntry(kol_id=k.id) for k in kols]
    return ShortlistFactory(brand_id=brand.id, name=name, entries=entries)


def make_invitation(brief: Brief, kol: User, **overrides: Any) -> BriefInvitation:
    """A pending invitation (pass status/decline_reason/answered_at for an answered one)."""
    invitation = BriefInvitation(brief_id=brief.id, kol_id=kol.id, **overrides)
    db.session.add(invitation)
    db.session.flush()
    return invitation
