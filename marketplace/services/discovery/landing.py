"""What the landing page shows of the marketplace: live counts and featured KOLs by category.

Three cheap statements: the counts, and one ranked pick of KOLs per primary category (a
window function, on SQLite and PostgreSQL alike). The answer is kept for a minute per
database (LANDING_CACHE_SECONDS): the page is the most visited one and "live" to the
minute is live enough.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from flask import current_app
from sqlalchemy import exists, func, select

from marketplace.extensions import db
from marketplace.models import Brief, KolCategory, KolProfile, Listing, User
from marketplace.services.briefs.queries import accepting_applications

PER_CATEGORY = 4
MAX_CATEGORIES = 6
DEFAULT_CACHE_SECONDS = 60.0


@dataclass(frozen=True)
class FeaturedKol:
    """Enough of a profile for a landing card and the shared avatar / badge partials."""

    user_id: int
    display_name: str
    avatar_path: str | None
    verification: str
    rating_avg: float
    rating_count: int


@dataclass(frozen=True)
class Overview:
    kols: int
    categories: int
    open_briefs: int
    featured: dict[str, list[FeaturedKol]] = field(default_factory=dict)


_cache: dict[str, tuple[float, Overview]] = {}


def _visible_kol() -> list:
    """A KOL the catalogue shows: not suspended, with at least one active listing."""
    return [
        ~exists().where(User.id == KolProfile.user_id, User.is_suspended),
        exists().where(Listing.kol_id == KolProfile.user_id, Listing.status == "active"),
    ]


def _featured() -> dict[str, list[FeaturedKol]]:
    """A few KOLs per primary category: verified first, then the best rated."""
    rank = (
        func.row_number()
        .over(
            partition_by=KolCategory.category,
            order_by=[
                (KolProfile.verification != "unverified").desc(),
                KolProfile.rating_avg.desc(),
                KolProfile.rating_count.desc(),
                KolProfile.user_id,
            ],
        )
        .label("rank")
    )
    ranked = (
        select(KolCategory.category, KolProfile.user_id, rank)
        .join(KolProfile, KolProfile.user_id == KolCategory.kol_id)
        .where(KolCategory.position == 0, *_visible_kol())
        .subquery()
    )
    rows = db.session.execute(
        select(ranked.c.category, KolProfile)
        .join(KolProfile, KolProfile.user_id == ranked.c.user_id)
        .where(ranked.c.rank <= PER_CATEGORY)
        .order_by(ranked.c.category, ranked.c.rank)
    ).all()
    featured: dict[str, list[FeaturedKol]] = {}
    for category, profile in rows:
        featured.setdefault(category, []).append(
            FeaturedKol(
                profile.user_id,
                profile.display_name,
                profile.avatar_path,
                profile.verification,
                profile.rating_avg,
                profile.rating_count,
            )
        )
    fullest = sorted(featured, key=lambda name: (-len(featured[name]), name))
    return {name: featured[name] for name in fullest[:MAX_CATEGORIES]}


def _compute() -> Overview:
    kols = db.session.scalar(select(func.count()).select_from(KolProfile).where(*_visible_kol()))
    categories = db.session.scalar(select(func.count(func.distinct(KolCategory.category))))
    open_briefs = db.session.scalar(
        select(func.count()).select_from(Brief).where(accepting_applications())
    )
    return Overview(kols or 0, categories or 0, open_briefs or 0, _featured())


def overview() -> Overview:
    """The landing page's numbers and featured KOLs, at most LANDING_CACHE_SECONDS old."""
    ttl = float(current_app.config.get("LANDING_CACHE_SECONDS", DEFAULT_CACHE_SECONDS))
    key = str(db.engine.url)
    cached = _cache.get(key)
    now = time.monotonic()
    if cached is not None and now - cached[0] < ttl:
        return cached[1]
    fresh = _compute()
    _cache[key] = (now, fresh)
    return fresh


def forget() -> None:
    """Drop the cached overview (tests, and after a bulk import)."""
    _cache.clear()
