"""The register of saved match index snapshots, and what it lets the change log forget."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import MatchIndexChange, MatchIndexSnapshot
from marketplace.services.batch_delete import DEFAULT_BATCH, delete_batch
from marketplace.services.matchmaking.index_holder import LATE_COMMIT_WINDOW
from marketplace.services.unit_of_work import use_case


def oldest_live_change_id() -> int | None:
    """The change id of the oldest snapshot still in use, or None when none is registered."""
    return db.session.scalar(
        select(func.min(MatchIndexSnapshot.change_id)).where(
            MatchIndexSnapshot.retired_at.is_(None)
        )
    )


@use_case
def prune_index_changes(now: datetime, limit: int = DEFAULT_BATCH) -> int:
    """Delete (at most `limit`) of the changes every live snapshot already contains;
    returns how many.

    Changes from the late-commit window are kept whatever their id, because workers
    re-check that window on every catch-up.
    """
    oldest = oldest_live_change_id()
    if oldest is None:
        return 0
    return delete_batch(
        MatchIndexChange,
        MatchIndexChange.id <= oldest,
        MatchIndexChange.at < now - 2 * LATE_COMMIT_WINDOW,
        limit=limit,
    )
