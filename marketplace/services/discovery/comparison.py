"""Side-by-side comparison data for a set of KOLs, loaded in a fixed number of queries."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.models import KolProfile, Listing


@dataclass
class PlatformStats:
    platform: str
    handle: str
    followers: int
    engagement_rate: float


@dataclass
class KolComparison:
    """One column of the comparison table (one row of the API answer)."""

    kol_id: int
    display_name: str
    verification: str
    categories: list[str]
    platforms: list[PlatformStats]
    audience: dict[str, str | None]
    rating: float | None
    reviews: int
    completed: int
    min_rates: dict[str, int] = field(default_factory=dict)  # priced listings only
    commission_bps: int | None = None  # the best share among commission-only listings
    note: str = ""
    added_at: datetime | None = None

    @property
    def total_followers(self) -> int:
        return sum(p.followers for p in self.platforms)

    def on(self, platform: str) -> PlatformStats | None:
        """This KOL's account on `platform`, if any."""
        return next((p for p in self.platforms if p.platform == platform), None)


def compare_kols(kol_ids: Sequence[int]) -> dict[int, KolComparison]:
    """Comparison data per KOL id: profiles, categories and platforms (three selects) plus
    the lowest active listing rate per currency and the best commission-only share (one
    grouped select). A commission-only listing's stored rate of 0 is no price, so it never
    counts as the lowest rate. Unknown ids are left out."""
    ids = list(dict.fromkeys(kol_ids))
    if not ids:
        return {}
    profiles = db.session.scalars(
        select(KolProfile)
        .where(KolProfile.user_id.in_(ids))
        .options(selectinload(KolProfile.categories), selectinload(KolProfile.platforms))
    ).all()
    min_rates: dict[int, dict[str, int]] = {}
    commission: dict[int, int] = {}
    only_commission = Listing.pricing_model == "commission"
    rows = db.session.execute(
        select(Listing.kol_id, Listing.currency, only_commission, func.min(Listing.rate))
        .add_columns(func.max(Listing.commission_bps))
        .where(Listing.kol_id.in_(ids), Listing.status == "active")
        .group_by(Listing.kol_id, Listing.currency, only_commission)
    )
    for kol_id, currency, is_commission_only, rate, best_bps in rows:
        if is_commission_only:
            commission[kol_id] = max(commission.get(kol_id, 0), best_bps or 0)
        else:
            min_rates.setdefault(kol_id, {})[currency] = rate
    return {
        p.user_id: KolComparison(
            kol_id=p.user_id,
            display_name=p.display_name,
            verification=p.verification,
            categories=p.category_names,
            platforms=[
                PlatformStats(a.platform, a.handle, a.followers, a.engagement_rate)
                for a in p.platforms
            ],
            audience={
                "gender": p.audience_gender_major,
                "age": p.audience_age_major,
                "region": p.audience_region_major,
            },
            rating=round(p.rating_avg, 2) if p.rating_count else None,
            reviews=p.rating_count,
            completed=p.completed_count,
            min_rates=dict(sorted(min_rates.get(p.user_id, {}).items())),
            commission_bps=commission.get(p.user_id),
        )
        for p in profiles
    }
