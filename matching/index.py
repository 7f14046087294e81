"""``MatchIndex``: build, incremental updates and ranking."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from matching import fairness, feedback, query, records
from matching.build import build
from matching.columns import KolParser
from matching.results import BriefMatch, Candidate, Match, candidates, to_match
from matching.scoring import Batch, category_part, eligible_offers, score_segment
from matching.segment import Model, Segment, concat, make_segment

DELTA_MIN = 512  # the delta is folded into the main segment beyond max(DELTA_MIN, n / 64)


@dataclass
class Eligible:
    """Eligible KOLs for a brief, one offer each (largest audience): for baselines."""

    kol_ids: list[str]
    listing_ids: list[str | None]
    followers: np.ndarray
    category: np.ndarray  # category part (NaN when the brief has no category)


class MatchIndex:
    """Ranks KOLs for briefs.  See ``specs/matching.md`` for the record formats."""

    def __init__(self, model: Model, main: Segment, loc: dict[str, int]) -> None:
        self.model = model
        self.segs: list[Segment] = [main]
        feedback.rows_matrix(main)  # row-wise text for query feedback, made now, not on a query
        self.loc = loc  # KOL id -> row in main, or -(row + 1) in the delta

    def locate(self, kol_id: str) -> tuple[int, int] | None:
        """(segment number, row) of a live KOL."""
        r = self.loc.get(kol_id)
        return None if r is None else (0, r) if r >= 0 else (1, -r - 1)

    # -- building and updating ------------------------------------------------------------
    @classmethod
    def from_records(cls, kols: Iterable[Any], *, parallel: bool = True) -> MatchIndex:
        """Build from KOL dicts (consumed once, streamed).  Records without an id are
        skipped; for duplicate ids the last record wins.  ``parallel=False`` keeps text
        hashing in this process (by default large builds fork one helper)."""
        model, seg, loc = build(kols, parallel=parallel)
        return cls(model, seg, loc)

    def upsert(self, kol: Mapping[str, Any]) -> bool:
        """Add or replace one KOL without a rebuild.  False if the record has no id."""
        return self.upsert_many([kol]) == 1

    def upsert_many(self, kols: Iterable[Mapping[str, Any]]) -> int:
        """Add or replace KOLs (scored with the models fitted at build); returns count."""
        parser = KolParser(self.model.vocabs, grow_audience=False)
        for rec in kols:
            parser.add(rec)
        if not len(parser):
            return 0
        c = parser.columns()
        seg = make_segment(c, self.model, c.au_code)
        latest = dict(zip(c.ids, range(len(c.ids)), strict=True))
        for row, rid in enumerate(c.ids):
            if latest[rid] != row:
                seg.kill(row)
        for rid in latest:
            self._kill(rid)
        delta = self.segs[1] if len(self.segs) > 1 else None
        merged = concat([delta, seg], csc=False) if delta is not None else seg
        self.segs[1:] = [merged]
        self.loc.update({str(rid): -r - 1 for r, rid in enumerate(merged.ids)})
        if merged.n > max(DELTA_MIN, self.segs[0].n // 64):
            self.compact()
        return len(latest)

    def remove(self, kol_id: str) -> bool:
        """Remove a KOL (tombstone, no rebuild).  False if it was not indexed."""
        return self._kill(str(kol_id))

    def _kill(self, kol_id: str) -> bool:
        where = self.locate(kol_id)
        if where is None:
            return False
        del self.loc[kol_id]
        self.segs[where[0]].kill(where[1])
        return True

    def compact(self) -> None:
        """Fold the delta into the main segment and drop tombstoned rows."""
        main = concat(self.segs, csc=True)
        feedback.rows_matrix(main)
        self.segs = [main]
        self.loc = dict(zip(main.ids.tolist(), range(main.n), strict=True))

    def __len__(self) -> int:
        return len(self.loc)

    def __contains__(self, kol_id: object) -> bool:
        return kol_id in self.loc

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
        k = _as_k(k)
        if k == 0:
            return []
        q = query.parse(brief, self.model)
        pool = k
        if explore:
            pool = max(pool, 60)
        if diversify:
            pool = max(pool, 50)
        ranked = self._ranked(q, pool)
        if diversify:
            ranked = fairness.diversify(ranked, self.segs, k, self.model.layout.offsets)
        if explore:
            ranked = fairness.explore(ranked, self.segs, q.seed)
        return [to_match(c, self.segs, self.model) for c in ranked[:k]]

    def _ranked(self, q: query.Query, m: int) -> list[Candidate]:
        batches: list[Batch] = []
        q = feedback.expand(self.segs, q)
        for i, seg in enumerate(self.segs):
            if seg.n:
                batches.append(score_segment(seg, q, self.model, m, i))
        return candidates(batches, self.segs)

    def eligible(self, brief: Mapping[str, Any]) -> Eligible:
        """Every eligible KOL (hard constraints only) with its largest-audience offer."""
        q = query.parse(brief, self.model)
        ids: list[str] = []
        lids: list[str | None] = []
        fol, cat = [], []
        for seg in self.segs:
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
        from matching.similar import similar

        return similar(self, str(kol_id), _as_k(k))

    def rank_briefs(
        self, kol: Mapping[str, Any] | str, briefs: Iterable[Mapping[str, Any]], k: int = 10
    ) -> list[BriefMatch]:
        """Briefs this KOL is eligible for, best first (the "briefs for you" page)."""
        from matching.reverse import rank_briefs

        return rank_briefs(self, kol, briefs, _as_k(k))

    def save(self, path: str | Path) -> None:
        """Write to directory ``path`` (numpy/scipy files, joblib for the forest)."""
        from matching.persist import save

        save(self, Path(path))

    @classmethod
    def load(cls, path: str | Path) -> MatchIndex:
        from matching.persist import load

        model, seg = load(Path(path))
        return cls(model, seg, dict(zip(seg.ids.tolist(), range(seg.n), strict=True)))


def _as_k(k: Any) -> int:
    v = records.num(k)
    return int(min(max(v, 0.0), 10_000.0)) if v == v else 10
