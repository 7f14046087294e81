"""Workers map the machine's current snapshot instead of building; snapshots are
registered, retired after a grace period, and the change log is pruned accordingly."""

from __future__ import annotations

import threading
import time
from contextvars import copy_context
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.models import MatchIndexChange, MatchIndexSnapshot
from marketplace.models.base import utcnow
from marketplace.services.matchmaking import index_holder, snapshot_files, snapshots
from tests.factories.catalogue import make_kol_with_listing
from tests.matching.helpers import brief as brief_record


def _root(app) -> Path:
    return Path(app.config["MATCH_INDEX_PATH"]).resolve()


def _no_builds(monkeypatch) -> list[int]:
    calls: list[int] = []

    def refuse(progress=None):
        calls.append(1)
        raise AssertionError("a worker built the index although a snapshot exists")

    monkeypatch.setattr(index_holder, "build_from_database", refuse)
    return calls


def test_a_fresh_worker_maps_the_snapshot_without_building(app, ctx, monkeypatch):
    first, _ = make_kol_with_listing(name="In Snapshot")
    snapshot, kols = index_holder.rebuild_and_publish()
    assert kols == 1 and snapshot_files.current_snapshot(_root(app)) == snapshot
    late, _ = make_kol_with_listing(name="After Snapshot")
    index_holder.reset()
    calls = _no_builds(monkeypatch)
    with index_holder.current_index() as index:
        assert str(first.id) in index and str(late.id) in index  # mapped, then caught up
        assert index.segment_sizes == (1, 1)
    assert index_holder.index_loaded() and calls == []


def test_without_a_snapshot_the_first_worker_builds_and_publishes_one(app, ctx):
    make_kol_with_listing()
    assert not index_holder.index_loaded()
    index_holder.warm_up()
    assert index_holder.index_loaded()
    snapshot = snapshot_files.current_snapshot(_root(app))
    assert snapshot is not None and snapshot_files.change_id_of(snapshot) >= 1
    (row,) = db.session.scalars(select(MatchIndexSnapshot)).all()
    assert (row.path, row.kols, row.host) == (str(snapshot), 1, snapshots.this_host())


def test_a_worker_waits_for_the_build_of_another_process_and_maps_it(app, ctx, monkeypatch):
    make_kol_with_listing()
    root = _root(app)
    index, change_id = index_holder.build_from_database()
    calls = _no_builds(monkeypatch)
    locked, published = threading.Event(), []

    def other_process_builds() -> None:
        with snapshot_files.build_lock(root):  # another open file: flock blocks this process
            locked.set()
            time.sleep(0.5)
            snapshot = snapshot_files.write_snapshot(index, change_id, root)
            snapshot_files.point_current_to(root, snapshot)
            published.append(snapshot)

    builder = threading.Thread(target=other_process_builds)
    builder.start()
    locked.wait(5)
    with index_holder.current_index() as mapped:
        assert len(mapped) == 1
    builder.join()
    assert calls == [] and _holder(app).snapshot == published[0]


def _holder(app) -> index_holder.IndexHolder:
    return app.extensions["match_index"]


def test_concurrent_first_requests_map_once_and_never_build(app, ctx, monkeypatch):
    for i in range(3):
        make_kol_with_listing(name=f"KOL {i}")
    index_holder.rebuild_and_publish()
    index_holder.reset()
    calls = _no_builds(monkeypatch)
    start, results, errors = threading.Barrier(4), [], []

    def request() -> None:
        try:
            start.wait(10)
            with index_holder.current_index() as index:
                results.append((id(index), len(index.rank(brief_record(), k=10))))
        except Exception as exc:
            errors.append(exc)

    # The threads share the test's app context, so their (serialised) catch-up queries
    # use the test's rolled-back session; separate sessions on one SQLite connection
    # would trip over each other's savepoints, which production never shares.
    threads = [threading.Thread(target=copy_context().run, args=(request,)) for _ in range(4)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert errors == [] and calls == [], [repr(e) for e in errors]
    assert len({index_id for index_id, _ in results}) == 1 and len(results) == 4
    assert time.perf_counter() - started < 10


def test_a_new_snapshot_is_mapped_on_the_next_use(app, ctx):
    make_kol_with_listing()
    first, _ = index_holder.rebuild_and_publish()
    with index_holder.current_index() as index:
        before = index
    second, _ = index_holder.rebuild_and_publish()
    with index_holder.current_index() as index:
        assert index is not before and _holder(app).snapshot == second != first


def _change_ids() -> list[int]:
    return list(db.session.scalars(select(MatchIndexChange.id).order_by(MatchIndexChange.id)))


def test_older_snapshots_retire_after_the_grace_period_and_prune_follows(app, ctx):
    root = _root(app)
    make_kol_with_listing()
    t0 = utcnow()
    index, c1 = index_holder.build_from_database()
    s1 = snapshots.publish(index, c1, root, t0)
    make_kol_with_listing()
    index, c2 = index_holder.build_from_database()
    assert c2 > c1
    s2 = snapshots.publish(index, c2, root, t0 + timedelta(minutes=1))
    later = t0 + timedelta(hours=1)  # every change is outside the late-commit window
    assert s1.exists() and s2.exists()  # s1 was current a minute ago: still in its grace
    covered_by_s1 = [i for i in _change_ids() if i <= c1]
    assert covered_by_s1 and snapshots.prune_index_changes(later) == len(covered_by_s1)
    assert min(_change_ids()) > c1  # changes after s1 stay: a worker on s1 replays them

    retire_at = t0 + timedelta(minutes=1) + snapshots.RETIRE_AFTER
    assert snapshots.retire_superseded(root, retire_at) == [str(s1)]
    assert not s1.exists() and s2.exists() and snapshot_files.current_snapshot(root) == s2
    live = db.session.scalars(
        select(MatchIndexSnapshot.path).where(MatchIndexSnapshot.retired_at.is_(None))
    ).all()
    assert live == [str(s2)]
    snapshots.prune_index_changes(later)
    assert all(i > c2 for i in _change_ids())
    assert snapshots.retire_superseded(root, retire_at + timedelta(days=1)) == []  # newest stays


def test_a_snapshot_of_another_format_is_rebuilt(app, ctx):
    make_kol_with_listing()
    root = _root(app)
    stale = root / snapshot_files.SNAPSHOTS / "old"
    stale.mkdir(parents=True)
    (stale / "meta.json").write_text('{"format": 1}')
    snapshot_files.point_current_to(root, stale)
    with index_holder.current_index() as index:
        assert len(index) == 1
    assert snapshot_files.current_snapshot(root) not in (None, stale)


def test_only_snapshot_directories_are_deleted(app, ctx):
    root = _root(app)
    with pytest.raises(ValueError, match="not a snapshot"):
        snapshot_files.delete_snapshot(root, root)
