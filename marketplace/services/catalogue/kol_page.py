"""What the public KOL page shows beyond the profile: samples and readable reviews."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import BrandProfile, PortfolioItem, User
from marketplace.services.catalogue import portfolio
from marketplace.services.contracts.reviews import public_reviews_of_kol

REVIEWS_PER_PAGE = 5


@dataclass(frozen=True)
class KolShowcase:
    portfolio: list[PortfolioItem]
    # Revealed brand reviews, newest first, one page of them.
    reviews: Pagination
    # Reviewer id -> company name; a brand without a visible name is absent.
    brand_names: dict[int, str]


def _brand_names(reviewer_ids: set[int]) -> dict[int, str]:
    if not reviewer_ids:
        return {}
    rows = db.session.execute(
        select(BrandProfile.user_id, BrandProfile.company_name)
        .join(User, User.id == BrandProfile.user_id)
        .where(BrandProfile.user_id.in_(reviewer_ids), User.is_suspended.is_(False))
    )
    return {row.user_id: row.company_name for row in rows if row.company_name}


def kol_showcase(kol_id: int, reviews_page: Any = 1) -> KolShowcase:
    """Portfolio and one page of reviews (only revealed ones) for the public KOL page."""
    reviews = public_reviews_of_kol(kol_id, reviews_page, REVIEWS_PER_PAGE)
    return KolShowcase(
        portfolio=portfolio.public_portfolio(kol_id),
        reviews=reviews,
        brand_names=_brand_names({review.reviewer_id for review in reviews.items}),
    )
