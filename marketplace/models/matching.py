"""The change log that keeps every worker's in-memory match index in step with the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Index
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.models.base import utcnow


class MatchIndexChange(db.Model):
    """One KOL whose catalogue rows changed; workers re-read KOLs past their last seen id."""

    __tablename__ = "match_index_changes"
    __table_args__ = (Index("ix_match_index_changes_at", "at"),)

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True
    )
    kol_id: Mapped[int]
    at: Mapped[datetime] = mapped_column(default=utcnow)
