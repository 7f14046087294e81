"""The change log that keeps every worker's in-memory match index in step with the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from marketplace.extensions import db
from marketplace.models.base import utcnow


class MatchIndexChange(db.Model):
    """One KOL whose catalogue rows changed; workers re-read KOLs past their last seen id.

    `kind` is "catalogue" (profile, listings, verification, suspension: who can match and
    how) or "reputation" (ratings and track record after a contract or a sale: a nudge to
    the score). Remembered rankings are keyed on the newest catalogue change only.
    """

    __tablename__ = "match_index_changes"
    __table_args__ = (
        Index("ix_match_index_changes_at", "at"),
        Index(
            "ix_match_index_changes_catalogue",
            "id",
            postgresql_where=text("kind = 'catalogue'"),
            sqlite_where=text("kind = 'catalogue'"),
        ),
    )

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(db.Integer, "sqlite"), primary_key=True
    )
    kol_id: Mapped[int]
    kind: Mapped[str] = mapped_column(String(12), default="catalogue", server_default="catalogue")
    at: Mapped[datetime] = mapped_column(default=utcnow)


class MatchIndexSnapshot(db.Model):
    """A saved match index that workers map into memory.

    Its `change_id` is the change log id it is current to; workers that load it replay the
    changes after that id. The change log keeps everything newer than the oldest snapshot
    that is not retired, so a freshly started worker can always catch up.
    """

    __tablename__ = "match_index_snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    host: Mapped[str] = mapped_column(String(255))
    path: Mapped[str] = mapped_column(String(1000))
    change_id: Mapped[int] = mapped_column(BigInteger)
    kols: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    retired_at: Mapped[datetime | None]


class BriefInvitation(db.Model):
    """A brand's invitation to a KOL to apply to one of its briefs (sent from Top matches)."""

    __tablename__ = "brief_invitations"
    __table_args__ = (UniqueConstraint("brief_id", "kol_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    brief_id: Mapped[int] = mapped_column(ForeignKey("briefs.id", ondelete="CASCADE"), index=True)
    kol_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(String(500), default="")
    # pending, accepted (an application was opened) or declined (with an optional reason)
    status: Mapped[str] = mapped_column(String(12), default="pending")
    decline_reason: Mapped[str | None] = mapped_column(String(500))
    answered_at: Mapped[datetime | None]
    application_id: Mapped[int | None] = mapped_column(
        ForeignKey("applications.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    brief = relationship("Brief")
