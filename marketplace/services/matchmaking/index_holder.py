"""This worker's match index: the machine's current snapshot, memory-mapped, kept in step
with the database.

Every worker of a machine maps the same snapshot files (see `snapshot_files`), so they
share one copy of the index through the page cache; opening it is a matter of
milliseconds. Only when there is no snapshot yet does one process of the machine build
and publish one, under a file lock; the other processes wait for it and map it.

Services log every catalogue change in `match_index_changes` (same transaction as the
change). Before each use the holder re-reads the KOLs changed since its last look and
upserts or removes them (into the index's small private delta), so profile, listing and
suspension changes reach every worker without a restart. Ids from concurrent
transactions can commit out of order, so changes from a short window before the last
sync are re-checked too (an upsert is idempotent).

Threads (the dev server is threaded): ranking holds a shared lock, so rankings run side
by side; applying changes takes it exclusively for as long as the upserts take.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from flask import current_app
from sqlalchemy import func, or_, select

from marketplace.extensions import db
from marketplace.models import MatchIndexChange
from marketplace.models.base import utcnow
from marketplace.services.matchmaking import snapshot_files
from marketplace.services.matchmaking.records import iter_all_kol_records, kol_records
from marketplace.services.matchmaking.rwlock import ReadWriteLock

if TYPE_CHECKING:
    from matching import MatchIndex

LATE_COMMIT_WINDOW = timedelta(minutes=2)


@dataclass
class IndexHolder:
    opening: threading.Lock = field(default_factory=threading.Lock)  # one thread maps/builds
    syncing: threading.Lock = field(default_factory=threading.Lock)  # one catch-up at a time
    using: ReadWriteLock = field(default_factory=ReadWriteLock)  # rank shared, apply exclusive
    index: MatchIndex | None = None
    snapshot: Path | None = None
    max_seen: int = 0
    synced_at: object = None
    applied: dict[int, object] = field(default_factory=dict)


def _holder() -> IndexHolder:
    return current_app.extensions.setdefault("match_index", IndexHolder())


def _root() -> Path:
    return Path(current_app.config["MATCH_INDEX_PATH"]).resolve()


def reset() -> None:
    """Forget this worker's index (tests; after a restore of the database)."""
    current_app.extensions["match_index"] = IndexHolder()


def record_change(kol_id: int, kind: str = "catalogue") -> None:
    """Log a KOL change ("catalogue" or "reputation") inside the caller's transaction."""
    db.session.add(MatchIndexChange(kol_id=kol_id, kind=kind))


def _max_change_id() -> int:
    return db.session.scalar(select(func.max(MatchIndexChange.id))) or 0


def build_from_database(progress=None) -> tuple[MatchIndex, int]:
    """A fresh index of every KOL; returns it with the change id it is current to."""
    from matching import MatchIndex  # scikit-learn and scipy load on first use, not at start-up

    started_at = _max_change_id()
    batches = iter_all_kol_records()
    records = [r for batch in (progress(batches) if progress else batches) for r in batch]
    return MatchIndex.from_records(records), started_at


def rebuild_and_publish(progress=None) -> tuple[Path, int]:
    """Build from the database and publish the result as this machine's current snapshot
    (under the build lock, so a worker that finds no snapshot waits for this one).
    Returns the snapshot directory and the number of KOLs indexed."""
    from marketplace.services.matchmaking.snapshots import publish

    root = _root()
    with snapshot_files.build_lock(root):
        index, change_id = build_from_database(progress)
        return publish(index, change_id, root, utcnow()), len(index)


def _open(snapshot: Path) -> MatchIndex | None:
    from matching import MatchIndex
    from matching.persist import UnsupportedFormat

    try:
        return MatchIndex.load(snapshot)
    except (UnsupportedFormat, FileNotFoundError):
        return None


def _build_unless_published(root: Path, unusable: Path | None) -> Path:
    """A usable snapshot: the one another process published while we waited for the
    build lock, or one we build and publish now."""
    from marketplace.services.matchmaking.snapshots import publish

    with snapshot_files.build_lock(root):
        found = snapshot_files.current_snapshot(root)
        if found is not None and found != unusable:
            return found
        index, change_id = build_from_database()
        return publish(index, change_id, root, utcnow())


def _open_current(holder: IndexHolder) -> None:
    """Map the current snapshot if this worker holds another one (or none)."""
    root = _root()
    snapshot = snapshot_files.current_snapshot(root)
    if holder.index is not None and snapshot in (None, holder.snapshot):
        return
    with holder.opening:
        snapshot = snapshot_files.current_snapshot(root)
        if holder.index is not None and snapshot in (None, holder.snapshot):
            return
        index = _open(snapshot) if snapshot is not None else None
        if index is None:
            snapshot = _build_unless_published(root, snapshot)
            index = _open(snapshot)
            if index is None:
                raise RuntimeError(f"the match index snapshot {snapshot} cannot be opened")
        change_id = snapshot_files.change_id_of(snapshot)
        with holder.syncing, holder.using.writing():
            holder.index, holder.snapshot, holder.max_seen = index, snapshot, change_id
            holder.synced_at, holder.applied = None, {}


def _catch_up(holder: IndexHolder) -> None:
    assert holder.index is not None
    now = utcnow()
    condition = MatchIndexChange.id > holder.max_seen
    if holder.synced_at is not None:
        condition = or_(condition, MatchIndexChange.at >= holder.synced_at - LATE_COMMIT_WINDOW)
    rows = db.session.execute(
        select(MatchIndexChange.id, MatchIndexChange.kol_id, MatchIndexChange.at).where(condition)
    ).all()
    fresh = [(cid, kol_id, at) for cid, kol_id, at in rows if cid not in holder.applied]
    if fresh:
        kol_ids = sorted({kol_id for _cid, kol_id, _at in fresh})
        records = kol_records(kol_ids)
        with holder.using.writing():
            for kol_id in kol_ids:
                if kol_id in records:
                    holder.index.upsert(records[kol_id])
                else:
                    holder.index.remove(str(kol_id))
        for cid, _kol_id, at in fresh:
            holder.applied[cid] = at
            holder.max_seen = max(holder.max_seen, cid)
    horizon = now - 2 * LATE_COMMIT_WINDOW
    holder.applied = {cid: at for cid, at in holder.applied.items() if at >= horizon}
    holder.synced_at = now


def index_loaded() -> bool:
    """True once this worker holds an index (for readiness checks)."""
    return _holder().index is not None


def warm_up() -> None:
    """Map (or, without a snapshot, build) this worker's index now, so no request waits."""
    with current_index():
        pass


@contextmanager
def current_index() -> Iterator[MatchIndex]:
    """This worker's index: the current snapshot, mapped on first use, caught up on every
    use. The caller ranks under a shared lock (other rankings proceed; an upsert waits).
    A nested use in the same thread reuses the outer one's index as it is."""
    holder = _holder()
    if holder.using.reading_here():
        assert holder.index is not None
        with holder.using.reading():
            yield holder.index
        return
    _open_current(holder)
    with holder.syncing:
        _catch_up(holder)
    with holder.using.reading():
        assert holder.index is not None
        yield holder.index
