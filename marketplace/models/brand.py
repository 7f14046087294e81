"""Brand aggregate: brand profile, briefs, applications and shortlists."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import AmountType, utcnow


class BrandProfile(db.Model):
    __tablename__ = "brand_profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    company_name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(16), default="brand")
    store_url: Mapped[str | None] = mapped_column(String(300))
    categories: Mapped[list[str]] = mapped_column(JSON, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    user = relationship("User")


class Brief(db.Model):
    __tablename__ = "briefs"
    __table_args__ = (Index("ix_briefs_status_category", "status", "category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(160))
    description: Mapped[str] = mapped_column(Text, default="")
    product_url: Mapped[str | None] = mapped_column(String(300))
    category: Mapped[str] = mapped_column(String(32))
    platforms: Mapped[list[str]] = mapped_column(JSON, default=list)
    collab_types: Mapped[list[str]] = mapped_column(JSON, default=list)
    budget: Mapped[int] = mapped_column(AmountType, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    kols_wanted: Mapped[int] = mapped_column(default=1)
    target_audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    min_followers: Mapped[int | None]
    max_followers: Mapped[int | None]
    deadline: Mapped[date | None]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    brand = relationship("User")
    # Read-only shortcut to the owner's profile (both key on users.id), for brand names.
    brand_profile = relationship(
        "BrandProfile",
        primaryjoin="foreign(Brief.brand_id) == BrandProfile.user_id",
        viewonly=True,
        uselist=False,
    )
    applications: Mapped[list[Application]] = relationship(
        back_populates="brief", order_by="Application.id"
    )


class Application(db.Model):
    """A KOL's pitch for an open brief."""

    __tablename__ = "applications"
    __table_args__ = (UniqueConstraint("brief_id", "kol_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brief_id: Mapped[int] = mapped_column(ForeignKey("briefs.id", ondelete="CASCADE"), index=True)
    kol_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    listing_id: Mapped[int | None] = mapped_column(ForeignKey("listings.id", ondelete="SET NULL"))
    price: Mapped[int] = mapped_column(AmountType, default=0)
    currency: Mapped[str] = mapped_column(String(3))
    pitch: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]

    brief: Mapped[Brief] = relationship(back_populates="applications")
    kol = relationship("User")
    listing = relationship("Listing")
    kol_profile = relationship(
        "KolProfile",
        primaryjoin="foreign(Application.kol_id) == KolProfile.user_id",
        viewonly=True,
        uselist=False,
    )


class Shortlist(db.Model):
    """A brand's named list of KOLs to compare (Pugongying's cart, Xingtu's favourites)."""

    __tablename__ = "shortlists"
    __table_args__ = (UniqueConstraint("brand_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brand_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    entries: Mapped[list[ShortlistEntry]] = relationship(
        back_populates="shortlist", cascade="all, delete-orphan", order_by="ShortlistEntry.added_at"
    )


class ShortlistEntry(db.Model):
    __tablename__ = "shortlist_entries"

    shortlist_id: Mapped[int] = mapped_column(
        ForeignKey("shortlists.id", ondelete="CASCADE"), primary_key=True
    )
    kol_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    note: Mapped[str] = mapped_column(String(300), default="")
    added_at: Mapped[datetime] = mapped_column(default=utcnow)

    shortlist: Mapped[Shortlist] = relationship(back_populates="entries")
    kol = relationship("User")
    kol_profile = relationship(
        "KolProfile",
        primaryjoin="foreign(ShortlistEntry.kol_id) == KolProfile.user_id",
        viewonly=True,
        uselist=False,
    )
