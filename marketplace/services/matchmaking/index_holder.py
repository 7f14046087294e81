"""The in-memory match index of this worker, kept in step with the database.

Services log every catalogue change in `match_index_changes` (same transaction as the
change). Before each use the holder re-reads the KOLs changed since its last look and
upserts or removes them, so profile, listing and suspension changes reach every worker
without a restart. Ids from concurrent transactions can commit out of order, so changes
from a short window before the last sync are re-checked too (an upsert is idempotent).
"""

from __future__ import annotations

import json
import threading
import time
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
from marketplace.services.matchmaking.records import iter_all_kol_records, kol_records

if TYPE_CHECKING:
    from matching import MatchIndex

LATE_COMMIT_WINDOW = timedelta(minutes=2)
META_FILE = "marketplace-meta.json"


@dataclass
class IndexHolder:
    lock: threading.RLock = field(default_factory=threading.RLock)
    index: MatchIndex | None = None
    max_seen: int = 0
    synced_at: object = None
    applied: dict[int, object] = field(default_factory=dict)


def _holder() -> IndexHolder:
    return current_app.extensions.setdefault("match_index", IndexHolder())


def reset() -> None:
    """Forget this worker's index (tests; after a restore of the database)."""
    current_app.extensions["match_index"] = IndexHolder()


def record_change(kol_id: int) -> None:
    """Log a KOL change inside the caller's transaction."""
    db.session.add(MatchIndexChange(kol_id=kol_id))


def _max_change_id() -> int:
    return db.session.scalar(select(func.max(MatchIndexChange.id))) or 0


def build_from_database(progress=None) -> tuple[MatchIndex, int]:
    """A fresh index of every KOL; returns it with the change id it is current to."""
    from matching import MatchIndex  # scikit-learn and scipy load on first use, not at start-up

    started_at = _max_change_id()
    batches = iter_all_kol_records()
    records = [r for batch in (progress(batches) if progress else batches) for r in batch]
    return MatchIndex.from_records(records), started_at


def save_snapshot(index: MatchIndex, change_id: int, path: Path) -> None:
    index.save(path)
    (path / META_FILE).write_text(json.dumps({"change_id": change_id, "saved": time.time()}))


def _load_or_build(holder: IndexHolder) -> None:
    from matching import MatchIndex

    path = Path(current_app.config["MATCH_INDEX_PATH"])
    meta = path / META_FILE
    if meta.exists():
        holder.index = MatchIndex.load(path)
        holder.max_seen = int(json.loads(meta.read_text())["change_id"])
    else:
        holder.index, holder.max_seen = build_from_database()
    holder.synced_at = None


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
    """Load (or build) this worker's index now, so no request waits for it."""
    with current_index():
        pass


@contextmanager
def current_index() -> Iterator[MatchIndex]:
    """This worker's index, loaded or built on first use and caught up on every use.

    The lock is held while the caller ranks, so a concurrent upsert never interleaves.
    """
    holder = _holder()
    with holder.lock:
        if holder.index is None:
            _load_or_build(holder)
        _catch_up(holder)
        assert holder.index is not None
        yield holder.index
