"""Map catalogue rows to the matcher's plain records (shared/specs/matching.md).

A KOL's dispute history enters the record through `on_time_rate`, one of the inputs of
the matcher's reliability part, so the record's shape stays the spec's: each dispute the
KOL lost counts as a job not delivered as agreed, a split as half of one, and any dispute
opened against the KOL as a tenth of one (see `dispute_adjusted_on_time`).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import Brief, KolCategory, KolProfile, Listing, PlatformAccount, User
from marketplace.services.contracts.dispute_history import DisputeHistory, histories

LOST_WEIGHT = 1.0
SPLIT_WEIGHT = 0.5
AGAINST_WEIGHT = 0.1


def dispute_adjusted_on_time(
    on_time_rate: float | None, completed: int, history: DisputeHistory
) -> float | None:
    """The on-time rate with disputes counted as jobs that went wrong.

    With `completed` jobs at `on_time_rate` and `misses` weighted disputes, the rate is
    on-time jobs over all of them; no disputes leave the rate as it is.
    """
    misses = (
        LOST_WEIGHT * history.lost
        + SPLIT_WEIGHT * history.split
        + AGAINST_WEIGHT * history.opened_against
    )
    if misses == 0:
        return on_time_rate
    jobs = max(completed, 0)
    on_time_jobs = (1.0 if on_time_rate is None else on_time_rate) * jobs
    return round(on_time_jobs / (jobs + misses), 3)


def _records_for(kol_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Records built from plain rows (four queries, no ORM identity map to grow)."""
    profiles = db.session.execute(
        select(
            KolProfile.user_id,
            KolProfile.bio,
            KolProfile.tags,
            KolProfile.audience,
            KolProfile.rating_avg,
            KolProfile.rating_count,
            KolProfile.completed_count,
            KolProfile.on_time_rate,
            KolProfile.orders_driven,
            KolProfile.conversion_rate,
            KolProfile.verification,
            User.is_suspended,
        )
        .join(User, User.id == KolProfile.user_id)
        .where(KolProfile.user_id.in_(kol_ids))
    ).all()
    records: dict[int, dict[str, Any]] = {
        row.user_id: {
            "id": str(row.user_id),
            "categories": [],
            "bio": row.bio or "",
            "tags": list(row.tags or []),
            "platforms": [],
            "audience": row.audience or {},
            "rates": [],
            "rating": row.rating_avg if row.rating_count else None,
            "reviews": row.rating_count,
            "completed": row.completed_count,
            "on_time_rate": row.on_time_rate,
            "orders": row.orders_driven,
            "conversion_rate": row.conversion_rate,
            "verified": row.verification != "unverified",
            "active": True,
            "suspended": row.is_suspended,
        }
        for row in profiles
    }
    if not records:
        return records
    ids = list(records)
    for kol_id, history in histories(ids).items():
        record = records[kol_id]
        record["on_time_rate"] = dispute_adjusted_on_time(
            record["on_time_rate"], record["completed"] or 0, history
        )
    for kol_id, category in db.session.execute(
        select(KolCategory.kol_id, KolCategory.category)
        .where(KolCategory.kol_id.in_(ids))
        .order_by(KolCategory.kol_id, KolCategory.position)
    ):
        records[kol_id]["categories"].append(category)
    for kol_id, platform, followers, engagement in db.session.execute(
        select(
            PlatformAccount.kol_id,
            PlatformAccount.platform,
            PlatformAccount.followers,
            PlatformAccount.engagement_rate,
        ).where(PlatformAccount.kol_id.in_(ids))
    ):
        records[kol_id]["platforms"].append(
            {"platform": platform, "followers": followers, "engagement_rate": engagement}
        )
    for row in db.session.execute(
        select(
            Listing.kol_id,
            Listing.id,
            Listing.platform,
            Listing.collab_type,
            Listing.rate,
            Listing.currency,
        ).where(Listing.kol_id.in_(ids), Listing.status == "active")
    ):
        records[row.kol_id]["rates"].append(
            {
                "platform": row.platform,
                "collab_type": row.collab_type,
                "rate": row.rate,
                "currency": row.currency,
                "listing_id": str(row.id),
            }
        )
    return records


def kol_records(kol_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """Records for these KOLs (missing ids are simply absent)."""
    return _records_for(list(kol_ids)) if kol_ids else {}


def iter_all_kol_records(batch: int = 5000) -> Iterator[list[dict[str, Any]]]:
    """Every KOL, in batches by id."""
    last = 0
    while True:
        ids = list(
            db.session.scalars(
                select(KolProfile.user_id)
                .where(KolProfile.user_id > last)
                .order_by(KolProfile.user_id)
                .limit(batch)
            )
        )
        if not ids:
            return
        yield list(_records_for(ids).values())
        last = ids[-1]


def brief_record(brief: Brief) -> dict[str, Any]:
    return {
        "id": str(brief.id),
        "category": brief.category,
        "title": brief.title,
        "description": brief.description or "",
        "platforms": list(brief.platforms or []),
        "collab_types": list(brief.collab_types or []),
        "budget": brief.budget,
        "currency": brief.currency,
        "min_followers": brief.min_followers,
        "max_followers": brief.max_followers,
        "target_audience": brief.target_audience or {},
    }
