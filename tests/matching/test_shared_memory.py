"""Acceptance: worker processes that map one snapshot share its pages.

Two processes map the same saved index, rank a brief and read every array (a warm
worker); the kernel's accounting (/proc/<pid>/smaps) must show the snapshot's pages
shared between them, not private to each. Two processes that load it with
``mmap=False`` are the control: each holds a private copy.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from matching import MatchIndex
from matching.eval.bench import KolStream

pytestmark = pytest.mark.skipif(
    not Path("/proc/self/smaps_rollup").exists(), reason="needs Linux /proc accounting"
)

REPO = Path(__file__).resolve().parents[2]
WORKER = """
import sys
import numpy as np
from matching import MatchIndex
from tests.matching.helpers import brief

index = MatchIndex.load(sys.argv[1], mmap=sys.argv[2] == "mmap")
assert index.rank(brief(category="food", title="snacks"), k=10)
seg, lookup = index._segments[0], index._main_rows
arrays = [v for v in vars(seg).values() if isinstance(v, np.ndarray)]
for x in (seg.text, seg.text_rows):
    arrays += [x.data, x.indices, x.indptr]
arrays += [seg.of_listing.blob, seg.of_listing.offsets, lookup.sorted_ids, lookup.order]
for a in arrays:  # touch every page, as a worker that has ranked many briefs has
    int(np.ascontiguousarray(a).reshape(-1).view(np.uint8)[::4096].sum())
print("ready", flush=True)
sys.stdin.read()
"""


def _kib(text: str, key: str) -> int:
    return sum(int(line.split()[1]) for line in text.splitlines() if line.startswith(key + ":"))


def _snapshot_part(pid: int, snapshot: Path) -> dict[str, int]:
    """Rss, Pss and private kB of the mappings of the snapshot's files in process pid."""
    totals = {"Rss": 0, "Pss": 0, "Private": 0}
    inside = False
    for line in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = line.split()
        if head and "-" in head[0] and not head[0].endswith(":"):
            inside = len(head) >= 6 and head[5].startswith(str(snapshot))
        elif inside and head[0] in ("Rss:", "Pss:", "Private_Clean:", "Private_Dirty:"):
            key = "Private" if head[0].startswith("Private") else head[0][:-1]
            totals[key] += int(head[1])
    return totals


def _rollup(pid: int) -> dict[str, int]:
    text = Path(f"/proc/{pid}/smaps_rollup").read_text()
    return {
        "Rss": _kib(text, "Rss"),
        "Pss": _kib(text, "Pss"),
        "Shared": _kib(text, "Shared_Clean") + _kib(text, "Shared_Dirty"),
        "Private": _kib(text, "Private_Clean") + _kib(text, "Private_Dirty"),
    }


def _measure(snapshot: Path, *modes: str) -> list[tuple[dict[str, int], dict[str, int]]]:
    """Start one process per mode at once; their memory once all have ranked."""
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(snapshot), mode],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for mode in modes
    ]
    try:
        for p in procs:
            assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        return [(_rollup(p.pid), _snapshot_part(p.pid, snapshot)) for p in procs]
    finally:
        for p in procs:
            p.communicate("", timeout=30)


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("shared") / "idx"
    MatchIndex.from_records(KolStream(60_000, seed=9)).save(path)
    return path


def test_two_processes_share_the_mapped_index_and_the_control_copies_it(snapshot: Path) -> None:
    size_kib = sum(f.stat().st_size for f in (snapshot / "arrays").iterdir()) // 1024
    measured = _measure(snapshot, "mmap", "mmap", "copy", "copy")
    mapped, copied = measured[:2], measured[2:]
    for rollup, part in mapped:
        assert part["Rss"] >= 0.8 * size_kib  # the whole index is resident ...
        assert part["Private"] <= 0.02 * size_kib  # ... and none of it is private
        assert part["Pss"] <= 0.55 * part["Rss"]  # each process is charged half
        assert rollup["Pss"] < rollup["Rss"] and rollup["Shared"] >= part["Rss"]
    for (m_rollup, _), (c_rollup, c_part) in zip(mapped, copied, strict=True):
        assert c_part["Rss"] == 0  # nothing mapped: the arrays were read into the heap
        assert c_rollup["Private"] - m_rollup["Private"] >= 0.7 * size_kib
