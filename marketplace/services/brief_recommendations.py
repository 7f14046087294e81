""" "Briefs for you": open briefs ranked for one KOL by a simple, deterministic score.

The score adds interpretable parts, each between 0 and 1 and reported as a reason:

- category: 1 when the brief's category is the KOL's primary one, 0.6 for another of its
  categories;
- platform: 1 when the KOL has an account on one of the brief's platforms;
- listing: 1 when the KOL has an active listing the brief could buy (platform, type and
  currency fit, rate at or under the budget);
- followers: 1 when one of those accounts fits the brief's follower range.

The matcher work may replace the scoring; the signature of `briefs_for_you` stays.
"""

from __future__ import annotations

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from marketplace.extensions import db
from marketplace.models import Application, Brief, KolProfile, Listing, User
from marketplace.services.brand_common import require_role
from marketplace.services.brief_queries import accepting_applications, json_list_has

WEIGHTS: dict[str, float] = {"category": 0.4, "platform": 0.25, "listing": 0.25, "followers": 0.1}
SECONDARY_CATEGORY = 0.6
# Scored in Python, so the candidate pool (newest matching briefs) is bounded.
MAX_CANDIDATES = 500
MAX_LIMIT = 50


def _listing_fits(listing: Listing, brief: Brief) -> bool:
    return (
        listing.status == "active"
        and listing.platform in brief.platforms
        and listing.collab_type in brief.collab_types
        and listing.currency == brief.currency
        and listing.rate <= brief.budget
    )


def _followers_fit(followers: int, brief: Brief) -> bool:
    if brief.min_followers is not None and followers < brief.min_followers:
        return False
    return brief.max_followers is None or followers <= brief.max_followers


def score_brief(profile: KolProfile, brief: Brief) -> tuple[float, dict[str, float]]:
    """The score of one brief for one KOL (profile with categories, platforms, listings)."""
    categories = profile.category_names
    if categories and brief.category == categories[0]:
        category = 1.0
    elif brief.category in categories:
        category = SECONDARY_CATEGORY
    else:
        category = 0.0
    accounts = [a for a in profile.platforms if a.platform in brief.platforms]
    reasons = {
        "category": category,
        "platform": 1.0 if accounts else 0.0,
        "listing": 1.0 if any(_listing_fits(li, brief) for li in profile.listings) else 0.0,
        "followers": 1.0 if any(_followers_fit(a.followers, brief) for a in accounts) else 0.0,
    }
    score = round(sum(WEIGHTS[name] * part for name, part in reasons.items()), 4)
    return score, reasons


def briefs_for_you(kol: User, limit: int = 10) -> list[tuple[Brief, float, dict[str, float]]]:
    """Open briefs the KOL has not applied to, best first, with the score and its parts."""
    require_role(kol, "kol")
    limit = max(1, min(int(limit), MAX_LIMIT))
    profile = db.session.scalar(
        select(KolProfile)
        .where(KolProfile.user_id == kol.id)
        .options(
            selectinload(KolProfile.categories),
            selectinload(KolProfile.platforms),
            selectinload(KolProfile.listings),
        )
    )
    if profile is None:
        return []
    categories = profile.category_names
    platforms = [a.platform for a in profile.platforms]
    if not categories and not platforms:
        return []
    relevant = [Brief.category.in_(categories)] if categories else []
    relevant += [json_list_has(Brief.platforms, p) for p in platforms]
    applied = exists().where(Application.brief_id == Brief.id, Application.kol_id == kol.id)
    candidates = db.session.scalars(
        select(Brief)
        .where(accepting_applications(), ~applied, or_(*relevant))
        .options(selectinload(Brief.brand_profile))
        .order_by(Brief.id.desc())
        .limit(MAX_CANDIDATES)
    ).all()
    ranked = [(brief, *score_brief(profile, brief)) for brief in candidates]
    ranked.sort(key=lambda row: (-row[1], -row[0].id))
    return ranked[:limit]
