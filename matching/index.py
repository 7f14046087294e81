"""``MatchIndex``: build, incremental updates and ranking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matching import fairness, feedback, flags, query, reverse
from matching.build import build
from matching.columns import KolParser
from matching.lookup import IdLookup
from matching.results import BriefMatch, Candidate, Match, candidates, to_match
from matching.scoring import Batch, category_part, eligible_offers, score_segment
from matching.segment import Model, Segment, concat, make_segment, take_row
from matching.similar import nearest

DELTA_MIN = 512  # the delta is folded into the main segment beyond max(DELTA_MIN, n / 64)
# (unless the main segment is memory-mapped: folding would give each process a private
# copy of it; a mapped index is replaced by a newer snapshot instead)
MAX_K = 10_000  # the most results one call returns


@dataclass
class Eligible:
    """Eligible KOLs for a brief, one offer each (largest audience): for baselines."""

    kol_ids: list[str]
    listing_ids: list[str | None]
    followers: np.ndarray
    category: np.ndarray  # category part (NaN when the brief has no category)


class MatchIndex:
    """Ranks KOLs for briefs.  See ``specs/matching.md`` for the record formats."""

    def __init__(self, model: Model, main: Segment, lookup: IdLookup | None = None) -> None:
        self._model = model
        self._segments: list[Segment] = [main]
        feedback.rows_matrix(main)  # row-wise text for query feedback, made now, not on a query
        self._main_rows = lookup or IdLookup.build(main.ids, main.tomb)
        self._delta_rows: dict[str, int] = {}  # KOL id -> row in the delta
        self._live = len(self._main_rows.order)
        self._folds_delta = True

    def _locate(self, kol_id: str) -> tuple[int, int] | None:
        """(segment number, row) of a live KOL."""
        r = self._delta_rows.get(kol_id)
        if r is not None:
            return 1, r
        r = self._main_rows.find(kol_id)
        return None if r is None or self._segments[0].tomb[r] else (0, r)

    @property
    def segment_sizes(self) -> tuple[int, ...]:
        """Rows in the main segment and, once upserts arrived, in the delta (tombstones
        included): how much an upsert or a compaction has to touch."""
        return tuple(seg.n for seg in self._segments)

    # -- building and updating ------------------------------------------------------------
    @classmethod
    def from_records(cls, kols: Iterable[Any], *, parallel: bool = True) -> MatchIndex:
        """Build from KOL dicts (consumed once, streamed).  Records without an id are
        skipped; for duplicate ids the last record wins.  ``parallel=False`` keeps text
        hashing in this process (by default large builds fork one helper)."""
        model, seg = build(kols, parallel=parallel)
        return cls(model, seg)

    def upsert(self, kol: Mapping[str, Any]) -> bool:
        """Add or replace one KOL without a rebuild.  False if the record has no id."""
        return self.upsert_many([kol]) == 1

    def upsert_many(self, kols: Iterable[Mapping[str, Any]]) -> int:
        """Add or replace KOLs (scored with the models fitted at build); returns count."""
        parser = KolParser(self._model.vocabs, grow_audience=False)
        for rec in kols:
            parser.add(rec)
        if not len(parser):
            return 0
        c = parser.columns()
        seg = make_segment(c, self._model, c.au_code)
        latest = dict(zip(c.ids, range(len(c.ids)), strict=True))
        for row, rid in enumerate(c.ids):
            if latest[rid] != row:
                seg.kill(row)
        for rid in latest:
            self._kill(rid)
        delta = self._segments[1] if len(self._segments) > 1 else None
        merged = concat([delta, seg], csc=False) if delta is not None else seg
        self._segments[1:] = [merged]
        self._delta_rows.update({str(rid): r for r, rid in enumerate(merged.ids)})
        self._live += len(latest)
        if self._folds_delta and merged.n > max(DELTA_MIN, self._segments[0].n // 64):
            self.compact()
        return len(latest)

    def remove(self, kol_id: str) -> bool:
        """Remove a KOL (tombstone, no rebuild).  False if it was not indexed."""
        return self._kill(str(kol_id))

    def _kill(self, kol_id: str) -> bool:
        where = self._locate(kol_id)
        if where is None:
            return False
        self._delta_rows.pop(kol_id, None)
        self._segments[where[0]].kill(where[1])
        self._live -= 1
        return True

    def compact(self) -> None:
        """Fold the delta into the main segment and drop tombstoned rows."""
        main = concat(self._segments, csc=True)
        feedback.rows_matrix(main)
        self._segments = [main]
        self._main_rows = IdLookup.build(main.ids, main.tomb)
        self._delta_rows = {}

    def __len__(self) -> int:
        return self._live

    def __contains__(self, kol_id: object) -> bool:
        return isinstance(kol_id, str) and self._locate(kol_id) is not None

    # -- ranking ----------------------------------------------------------------------------
    def rank(
        self,
        brief: Mapping[str, Any],
        k: int = 10,
        *,
        explore: bool = False,
        diversify: bool = False,
    ) -> list[Match]:
        """Best ``k`` eligible KOLs for ``brief``, best first (score desc, then KOL id).

        ``explore`` lets up to 2 newcomers close to 10th place into the top 10 (seeded by
        the brief id); ``diversify`` re-orders the top by maximal marginal relevance so
        near-duplicate audiences do not crowd it.  Both are off by default."""
        k = check_k(k)
        if k == 0:
            return []
        q = query.parse(brief, self._model)
        pool = k
        if explore:
            pool = max(pool, 60)
        if diversify:
            pool = max(pool, 50)
        ranked = self._ranked(q, pool)
        if diversify:
            ranked = fairness.diversify(ranked, self._segments, k, self._model.layout.offsets)
        if explore:
            ranked = fairness.explore(ranked, self._segments, q.seed)
        return [to_match(c, self._segments, self._model) for c in ranked[:k]]

    def _ranked(self, q: query.Query, m: int) -> list[Candidate]:
        batches: list[Batch] = []
        q = feedback.expand(self._segments, q)
        for i, seg in enumerate(self._segments):
            if seg.n:
                batches.append(score_segment(seg, q, self._model, m, i))
        return candidates(batches, self._segments)

    def eligible(self, brief: Mapping[str, Any]) -> Eligible:
        """Every eligible KOL (hard constraints only) with its largest-audience offer."""
        q = query.parse(brief, self._model)
        ids: list[str] = []
        lids: list[str | None] = []
        fol, cat = [], []
        for seg in self._segments:
            eo = eligible_offers(seg, q)
            kol = seg.of_kol[eo]
            f = np.nan_to_num(seg.of_followers[eo], nan=-1.0)
            order = np.lexsort((-f, kol))
            first = order[np.r_[True, kol[order][1:] != kol[order][:-1]]] if len(eo) else order
            rows, offers = kol[first], eo[first]
            ids += [str(x) for x in seg.ids[rows]]
            lids += [seg.of_listing[int(o)] or None for o in offers]
            fol.append(seg.of_followers[offers])
            cat.append(category_part(seg, rows, q))
        return Eligible(ids, lids, np.concatenate(fol), np.concatenate(cat))

    # -- extras for the web app -------------------------------------------------------------
    def similar(self, kol_id: str, k: int = 10) -> list[Match]:
        """KOLs nearest to ``kol_id`` on content (text, categories) and audience."""
        k = check_k(k)
        where = self._locate(str(kol_id))
        if where is None or k == 0:
            return []
        return nearest(self._segments, self._model, where, k)

    def authenticity(self, kol_ids: Iterable[str]) -> dict[str, tuple[float, str | None]]:
        """Audience authenticity in [0, 1] and its flag code (``flags.AUTHENTICITY_CODES``,
        None when unflagged) for each indexed KOL among ``kol_ids`` (for admin review)."""
        found: dict[str, tuple[float, str | None]] = {}
        for kol_id in kol_ids:
            where = self._locate(str(kol_id))
            if where is None:
                continue
            seg = self._segments[where[0]]
            code = int(seg.flag[where[1]])
            found[str(kol_id)] = (
                float(seg.authenticity[where[1]]),
                flags.AUTHENTICITY_CODES.get(code) if code else None,
            )
        return found

    def rank_briefs(
        self, kol: Mapping[str, Any] | str, briefs: Iterable[Mapping[str, Any]], k: int = 10
    ) -> list[BriefMatch]:
        """Briefs this KOL is eligible for, best first (the "briefs for you" page).

        ``kol`` is the id of an indexed KOL, or a record scored against this index's
        fitted population without being added to it."""
        k = check_k(k)
        seg = self._kol_segment(kol)
        if seg is None or k == 0:
            return []
        return reverse.rank_briefs(self._segments, self._model, seg, briefs, k)

    def _kol_segment(self, kol: Mapping[str, Any] | str) -> Segment | None:
        """A one-row segment for the KOL: from the index by id, or scored from the record."""
        if isinstance(kol, str):
            where = self._locate(kol)
            return None if where is None else take_row(self._segments[where[0]], where[1])
        parser = KolParser(self._model.vocabs, grow_audience=False)
        if parser.add(kol) is None:
            return None
        c = parser.columns()
        return make_segment(c, self._model, c.au_code)

    def save(self, path: str | Path) -> None:
        """Write to directory ``path`` (``.npy`` files, joblib for the forest)."""
        from matching import persist

        self.compact()
        persist.save(self._model, self._segments[0], self._main_rows, Path(path))

    @classmethod
    def load(cls, path: str | Path, *, mmap: bool = True) -> MatchIndex:
        """Open a saved index; by default its arrays are memory-mapped read-only (shared
        by every process mapping the same files), upserts go to a private delta.
        Raises ``persist.UnsupportedFormat`` for an index of another format."""
        from matching import persist

        model, seg, lookup = persist.load(Path(path), mmap=mmap)
        index = cls(model, seg, lookup)
        index._folds_delta = not mmap
        return index


def check_k(k: Any) -> int:
    """How many results to return: an int from 0 to ``MAX_K``; anything else is an error
    (a bool, a float, a numeric string or a huge number is a caller's bug, not a hint)."""
    if isinstance(k, bool) or not isinstance(k, int | np.integer):
        raise TypeError(f"k must be an int, not {type(k).__name__}")
    if not 0 <= k <= MAX_K:
        raise ValueError(f"k must be from 0 to {MAX_K}, got {k}")
    return int(k)
