"""Match index snapshots on this machine's disk, under MATCH_INDEX_PATH:

    snapshots/<utc time>-c<change id>-<pid>/   one saved index (matching format 2) each
    current -> snapshots/<name>                 the one workers map; switched atomically
    build.lock                                  held by whoever builds, so one builds at a time

A snapshot is written under a temporary name and renamed when complete, and `current` is
switched with a rename of a fresh symlink over it, so a reader sees the old snapshot or the
new one, never half of one. Snapshots are never changed after the rename.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matching import MatchIndex

SNAPSHOTS = "snapshots"
POINTER = "current"
BUILD_LOCK = "build.lock"
META_FILE = "marketplace-meta.json"


def current_snapshot(root: Path) -> Path | None:
    """The snapshot `current` points to, or None when there is none yet."""
    try:
        target = os.readlink(root / POINTER)
    except (FileNotFoundError, NotADirectoryError):
        return None
    return root / target


def change_id_of(snapshot: Path) -> int:
    """The change log id the snapshot is current to."""
    return int(json.loads((snapshot / META_FILE).read_text())["change_id"])


def write_snapshot(index: MatchIndex, change_id: int, root: Path) -> Path:
    """Save ``index`` as a new, complete snapshot directory (not yet current)."""
    parent = root / SNAPSHOTS
    parent.mkdir(parents=True, exist_ok=True)
    staging = parent / f".staging-{uuid.uuid4().hex}"
    try:
        index.save(staging)
        meta = {"change_id": change_id, "saved": time.time(), "kols": len(index)}
        (staging / META_FILE).write_text(json.dumps(meta))
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        final = parent / f"{stamp}-c{change_id}-{os.getpid()}"
        staging.rename(final)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return final


def point_current_to(root: Path, snapshot: Path) -> None:
    """Make ``snapshot`` the current one, atomically (rename of a symlink over `current`)."""
    link = root / f".{POINTER}-{uuid.uuid4().hex}"
    os.symlink(snapshot.relative_to(root), link)
    os.replace(link, root / POINTER)


@contextmanager
def build_lock(root: Path) -> Iterator[None]:
    """Held while building: the other processes of this machine wait here (an OS file
    lock, released if the holder dies)."""
    root.mkdir(parents=True, exist_ok=True)
    with open(root / BUILD_LOCK, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def delete_snapshot(root: Path, snapshot: Path) -> None:
    """Remove a retired snapshot's files. Processes that mapped it keep their pages (the
    kernel frees a mapped file's pages only after the last mapping goes)."""
    if snapshot.resolve().parent != (root / SNAPSHOTS).resolve():
        raise ValueError(f"{snapshot} is not a snapshot under {root}")
    current = current_snapshot(root)
    if current is not None and current.resolve() == snapshot.resolve():
        raise ValueError(f"{snapshot} is the current snapshot")
    shutil.rmtree(snapshot, ignore_errors=True)
