"""KOL aggregate: profile, categories, platform accounts and listings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint, literal_column, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import AmountType, utcnow

# search.COMMISSION_ONLY as index SQL (the expression indexes below must match it).
COMMISSION_ONLY_SQL = "(CASE WHEN pricing_model = 'commission' THEN 1 ELSE 0 END)"
# Indexes on expressions, which autogenerate cannot compare (SQLite does not reflect them,
# PostgreSQL reflects them rewritten): migrations/env.py and the migration test skip them.
EXPRESSION_INDEXES = frozenset(
    {"ix_listings_browse_rate_priced", "ix_listings_browse_rate_priced_desc"}
)


class KolProfile(db.Model):
    __tablename__ = "kol_profiles"
    __table_args__ = (
        # Browse: the rating sort, and profile filters answered from the index alone.
        Index("ix_kol_profiles_rating_user", "rating_avg", "user_id"),
        Index(
            "ix_kol_profiles_browse_filters",
            "verification",
            "audience_gender_major",
            "audience_age_major",
            "audience_region_major",
            "user_id",
        ),
    )

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    display_name: Mapped[str] = mapped_column(String(80))
    bio: Mapped[str] = mapped_column(Text, default="")
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    avatar_path: Mapped[str | None] = mapped_column(String(200))
    verification: Mapped[str] = mapped_column(String(16), default="unverified", index=True)
    # Why and when an admin last changed `verification` (shown on the admin users page).
    verification_reason: Mapped[str | None] = mapped_column(String(500))
    verified_at: Mapped[datetime | None]
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Majority keys, derived from `audience` by the service, so browse can filter on them.
    audience_gender_major: Mapped[str | None] = mapped_column(String(16), index=True)
    audience_age_major: Mapped[str | None] = mapped_column(String(16), index=True)
    audience_region_major: Mapped[str | None] = mapped_column(String(32), index=True)
    rating_avg: Mapped[float] = mapped_column(default=0.0)
    rating_count: Mapped[int] = mapped_column(default=0)
    completed_count: Mapped[int] = mapped_column(default=0)
    on_time_rate: Mapped[float | None]
    # Track record from commission deals (kept by the campaign results service): orders its
    # tracked links drove, and orders per unique click across completed contracts.
    orders_driven: Mapped[int] = mapped_column(default=0)
    conversion_rate: Mapped[float | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user = relationship("User")
    categories: Mapped[list[KolCategory]] = relationship(
        back_populates="kol", cascade="all, delete-orphan", order_by="KolCategory.position"
    )
    platforms: Mapped[list[PlatformAccount]] = relationship(
        back_populates="kol", cascade="all, delete-orphan", order_by="PlatformAccount.id"
    )
    portfolio: Mapped[list[PortfolioItem]] = relationship(
        back_populates="kol", cascade="all, delete-orphan", order_by="PortfolioItem.position"
    )
    listings: Mapped[list[Listing]] = relationship(back_populates="kol", order_by="Listing.id")

    @property
    def category_names(self) -> list[str]:
        return [c.category for c in self.categories]


class KolCategory(db.Model):
    """A KOL's category; position 0 is the primary one."""

    __tablename__ = "kol_categories"
    __table_args__ = (Index("ix_kol_categories_category_kol", "category", "kol_id"),)

    kol_id: Mapped[int] = mapped_column(
        ForeignKey("kol_profiles.user_id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(default=0)

    kol: Mapped[KolProfile] = relationship(back_populates="categories")


class PlatformAccount(db.Model):
    __tablename__ = "platform_accounts"
    __table_args__ = (UniqueConstraint("kol_id", "platform"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kol_id: Mapped[int] = mapped_column(
        ForeignKey("kol_profiles.user_id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(32))
    handle: Mapped[str] = mapped_column(String(80))
    followers: Mapped[int] = mapped_column(default=0)
    engagement_rate: Mapped[float] = mapped_column(default=0.0)
    # The account's public page, checked against the platform's domains.
    url: Mapped[str | None] = mapped_column(String(500))

    kol: Mapped[KolProfile] = relationship(back_populates="platforms")


class PortfolioItem(db.Model):
    """A sample of a KOL's past work: an uploaded image or a link to a post on a platform."""

    __tablename__ = "portfolio_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    kol_id: Mapped[int] = mapped_column(
        ForeignKey("kol_profiles.user_id", ondelete="CASCADE"), index=True
    )
    # image or link
    kind: Mapped[str] = mapped_column(String(8))
    image_path: Mapped[str | None] = mapped_column(String(200))
    url: Mapped[str | None] = mapped_column(String(500))
    platform: Mapped[str | None] = mapped_column(String(32))
    caption: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    kol: Mapped[KolProfile] = relationship(back_populates="portfolio")


class Listing(db.Model):
    """What a KOL sells. `followers`/`engagement_rate` mirror the platform account for browse."""

    __tablename__ = "listings"
    __table_args__ = (
        Index("ix_listings_status_platform_type", "status", "platform", "collab_type"),
        Index("ix_listings_status_currency_rate", "status", "currency", "rate"),
        Index("ix_listings_status_followers", "status", "followers"),
        # Browse: each sort walks one index in order (the id breaks ties), and counts with
        # these filters read the index alone (kol_id is carried along on PostgreSQL).
        Index("ix_listings_status_kol", "status", "kol_id"),
        # Text search joins its matching KOLs to their listings through this one alone:
        # every filter and sort column is in it (SQLite has no INCLUDE, so they are keys).
        Index(
            "ix_listings_kol_browse",
            "kol_id",
            "status",
            "followers",
            "engagement_rate",
            "rate",
            "currency",
            "platform",
            "collab_type",
            postgresql_include=["id"],
        ),
        Index(
            "ix_listings_browse_followers",
            "status",
            "followers",
            "id",
            postgresql_include=["kol_id"],
        ),
        Index(
            "ix_listings_browse_engagement",
            "status",
            "engagement_rate",
            "id",
            postgresql_include=["kol_id"],
        ),
        Index(
            "ix_listings_browse_rate",
            "status",
            "currency",
            "rate",
            "id",
            postgresql_include=["kol_id"],
        ),
        # The rate sorts without a rate bound put commission-only listings last in each
        # currency (search.COMMISSION_ONLY): PostgreSQL walks these instead of sorting all
        # active listings; "-rate" reads the second one backwards.
        Index(
            "ix_listings_browse_rate_priced",
            "status",
            "currency",
            text(COMMISSION_ONLY_SQL),
            "rate",
            "id",
            postgresql_include=["kol_id"],
        ),
        Index(
            "ix_listings_browse_rate_priced_desc",
            "status",
            "currency",
            literal_column(COMMISSION_ONLY_SQL).desc(),
            "rate",
            "id",
            postgresql_include=["kol_id"],
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kol_id: Mapped[int] = mapped_column(
        ForeignKey("kol_profiles.user_id", ondelete="CASCADE"), index=True
    )
    platform: Mapped[str] = mapped_column(String(32))
    collab_type: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    pricing_model: Mapped[str] = mapped_column(String(24), default="fixed")
    rate: Mapped[int] = mapped_column(AmountType, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    commission_bps: Mapped[int | None]
    turnaround_days: Mapped[int] = mapped_column(default=7)
    revisions: Mapped[int] = mapped_column(default=2)
    status: Mapped[str] = mapped_column(String(16), default="active")
    followers: Mapped[int] = mapped_column(default=0)
    engagement_rate: Mapped[float] = mapped_column(default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    kol: Mapped[KolProfile] = relationship(back_populates="listings")
