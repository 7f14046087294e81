"""Status events: one row per transition (who, what, from, to, when, payload), append-only.

Each subject type has its own table with a real foreign key; the columns come from one
mixin so the transition mechanism writes them all the same way.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from marketplace.extensions import db
from marketplace.models.base import utcnow


class StatusEventMixin:
    """The columns every status event has; `subject_key` names the subject's id column."""

    subject_key: ClassVar[str]

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(32))
    from_status: Mapped[str] = mapped_column(String(32))
    to_status: Mapped[str] = mapped_column(String(32))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_role: Mapped[str] = mapped_column(String(16))
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    at: Mapped[datetime] = mapped_column(default=utcnow)


class BriefEvent(StatusEventMixin, db.Model):
    __tablename__ = "brief_events"
    subject_key = "brief_id"

    brief_id: Mapped[int] = mapped_column(ForeignKey("briefs.id", ondelete="CASCADE"), index=True)


class ApplicationEvent(StatusEventMixin, db.Model):
    __tablename__ = "application_events"
    subject_key = "application_id"

    application_id: Mapped[int] = mapped_column(
        ForeignKey("applications.id", ondelete="CASCADE"), index=True
    )
