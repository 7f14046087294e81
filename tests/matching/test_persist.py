"""Format 2 snapshots: memory-mapped without copies, same rankings, read-only on disk."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest

from matching import MatchIndex
from matching.eval.bench import KolStream, briefs
from matching.index import DELTA_MIN
from matching.persist import FORMAT, UnsupportedFormat
from tests.matching.helpers import brief, kol


@pytest.fixture(scope="module")
def built() -> MatchIndex:
    return MatchIndex.from_records([*KolStream(2000, seed=11), kol("dup"), kol("dup", bio="food")])


@pytest.fixture(scope="module")
def saved(built: MatchIndex, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("persist") / "idx"
    built.save(path)
    return path


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    for f in sorted((path / "arrays").iterdir()):
        h.update(f.read_bytes())
    return h.hexdigest()


def _mapped(a: np.ndarray, path: Path) -> bool:
    """True when ``a`` is a view of a memory map of a file under ``path``."""
    base = a
    while base is not None and not isinstance(base, np.memmap):
        base = base.base
    if base is None:
        return False
    return Path(base.filename).resolve().is_relative_to(path.resolve())


def test_round_trip_ranks_the_same(built: MatchIndex, saved: Path) -> None:
    queries = [*briefs(8, seed=4), brief()]
    for mmap in (True, False):
        loaded = MatchIndex.load(saved, mmap=mmap)
        assert len(loaded) == len(built) and "dup" in loaded and "nobody" not in loaded
        for q in queries:
            assert loaded.rank(q, k=30) == built.rank(q, k=30)
            assert loaded.rank(q, k=10, explore=True, diversify=True) == built.rank(
                q, k=10, explore=True, diversify=True
            )
        assert loaded.similar("dup", 5) == built.similar("dup", 5)
    assert json.loads((saved / "meta.json").read_text())["format"] == FORMAT == 2


def test_every_array_of_the_main_segment_is_mapped_without_a_copy(saved: Path) -> None:
    loaded = MatchIndex.load(saved)
    seg = loaded._segments[0]
    for name, value in vars(seg).items():
        arrays = {
            "text": [value.data, value.indices, value.indptr] if name == "text" else None,
            "text_rows": [value.data, value.indices, value.indptr] if name == "text_rows" else None,
            "of_listing": [value.blob, value.offsets] if name == "of_listing" else None,
        }.get(name) or [value]
        for a in arrays:
            assert _mapped(a, saved), f"{name} is a private copy"
    assert seg.text.data.dtype == np.float32 and seg.text_rows.data.dtype == np.float32
    lookup = loaded._main_rows
    for a in (lookup.ids, lookup.sorted_ids, lookup.order, loaded._model.idf):
        assert _mapped(a, saved)
    assert seg.ids.dtype.kind == "U"  # fixed width: no Python str per KOL


def test_in_memory_load_makes_private_copies(saved: Path) -> None:
    seg = MatchIndex.load(saved, mmap=False)._segments[0]
    assert not _mapped(seg.text.data, saved) and not _mapped(seg.aud, saved)


def test_updates_after_load_stay_in_the_process(built: MatchIndex, saved: Path) -> None:
    before = _digest(saved)
    loaded = MatchIndex.load(saved)
    victim = str(loaded._main_rows.ids[5])
    assert loaded.remove(victim) and victim not in loaded
    assert loaded.upsert(kol("dup", categories=["gaming"])) and "dup" in loaded
    assert loaded.upsert(kol("fresh")) and len(loaded) == len(built)
    assert loaded.segment_sizes[1] == 2  # the mapped main segment is only tombstoned
    assert all(m.kol_id != victim for m in loaded.rank(brief(), k=10_000))
    assert _digest(saved) == before  # copy-on-write: the files never change
    assert victim in MatchIndex.load(saved)


def test_a_mapped_index_keeps_its_main_segment_mapped_however_large_the_delta(
    saved: Path,
) -> None:
    loaded = MatchIndex.load(saved)
    main = loaded.segment_sizes[0]
    assert loaded.upsert_many(kol(f"new{i}") for i in range(DELTA_MIN + 100)) == DELTA_MIN + 100
    assert loaded.segment_sizes == (main, DELTA_MIN + 100)
    assert _mapped(loaded._segments[0].aud, saved)
    loaded.compact()  # still possible on request: the whole index becomes private
    assert loaded.segment_sizes == (main + DELTA_MIN + 100,)


def test_other_formats_are_refused_with_a_clear_error(saved: Path, tmp_path: Path) -> None:
    old = tmp_path / "old"
    old.mkdir()
    (old / "meta.json").write_text(json.dumps({"format": 1}))
    with pytest.raises(UnsupportedFormat, match=r"format 1 .* not supported"):
        MatchIndex.load(old)
    with pytest.raises(UnsupportedFormat, match="no readable index"):
        MatchIndex.load(tmp_path / "missing")
