"""The register of saved match index snapshots, publishing new ones, retiring old ones,
and what the register lets the change log forget.

Retirement rule: a snapshot of a host is retired (its row gets `retired_at`, its files
are deleted) once a newer snapshot of the same host has been current for
`RETIRE_AFTER`. Workers check the `current` pointer on every use, so by then every busy
worker has mapped the newer one; a worker still mapping the old files keeps its pages
(Linux frees a deleted file's pages only with the last mapping), so deleting is safe
for everyone except a process in the middle of opening the old snapshot, and the grace
period is there for that. The newest snapshot of a host is never retired.
"""

from __future__ import annotations

import socket
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import MatchIndexChange, MatchIndexSnapshot
from marketplace.services.batch_delete import DEFAULT_BATCH, delete_batch
from marketplace.services.matchmaking import snapshot_files
from marketplace.services.matchmaking.index_holder import LATE_COMMIT_WINDOW
from marketplace.services.unit_of_work import after_commit, use_case

if TYPE_CHECKING:
    from matching import MatchIndex

RETIRE_AFTER = timedelta(minutes=10)


def this_host() -> str:
    return socket.gethostname()


def publish(index: MatchIndex, change_id: int, root: Path, now: datetime) -> Path:
    """Save ``index`` as a new snapshot, make it current and register it; retires this
    host's snapshots superseded long enough ago. Returns the snapshot's directory."""
    snapshot = snapshot_files.write_snapshot(index, change_id, root)
    snapshot_files.point_current_to(root, snapshot)
    register(snapshot, change_id, len(index), now)
    retire_superseded(root, now)
    return snapshot


@use_case
def register(snapshot: Path, change_id: int, kols: int, now: datetime) -> None:
    db.session.add(
        MatchIndexSnapshot(
            host=this_host(), path=str(snapshot), change_id=change_id, kols=kols, created_at=now
        )
    )


@use_case
def retire_superseded(root: Path, now: datetime) -> list[str]:
    """Retire this host's snapshots whose successor is older than `RETIRE_AFTER`; their
    files are deleted after the commit. Returns their paths."""
    live = db.session.scalars(
        select(MatchIndexSnapshot)
        .where(MatchIndexSnapshot.host == this_host(), MatchIndexSnapshot.retired_at.is_(None))
        .order_by(MatchIndexSnapshot.created_at.desc(), MatchIndexSnapshot.id.desc())
        .with_for_update()
    ).all()
    retired: list[str] = []
    for newer, older in pairwise(live):
        if newer.created_at <= now - RETIRE_AFTER:
            older.retired_at = now
            retired.append(older.path)

    def delete_files() -> None:
        for path in retired:
            snapshot_files.delete_snapshot(root, Path(path))

    after_commit(delete_files)
    return retired


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
