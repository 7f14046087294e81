"""The reverse direction: briefs ranked for one KOL ("briefs for you").

Scores are the forward scores: the same parts, the same fitted statistics, the same
brief words widened by feedback from the index (:mod:`matching.feedback`), and the same
hard constraints (the KOL must be eligible for a brief for it to appear).  Briefs
are looped over in Python; a KOL page shows a few hundred open briefs at most.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from matching import feedback, query, records
from matching.columns import KolParser
from matching.results import BriefMatch, Candidate, details, flags
from matching.scoring import PARTS, score_segment
from matching.segment import Segment, make_segment, take_row

if TYPE_CHECKING:
    from matching.index import MatchIndex


def rank_briefs_for_kol(
    kol: Mapping[str, Any],
    briefs: Iterable[Mapping[str, Any]],
    k: int = 10,
    index: MatchIndex | None = None,
) -> list[BriefMatch]:
    """Best ``k`` briefs for ``kol``.  Pass the live ``index`` so the KOL is judged
    against the fitted population (engagement tiers, authenticity, value); without one a
    throw-away index is built from the KOL alone and population-based parts are neutral."""
    if index is None:
        from matching.index import MatchIndex

        index = MatchIndex.from_records([kol])
    return index.rank_briefs(kol, briefs, k)


def rank_briefs(
    index: MatchIndex, kol: Mapping[str, Any] | str, briefs: Iterable[Mapping[str, Any]], k: int
) -> list[BriefMatch]:
    seg = _kol_segment(index, kol)
    if seg is None or k == 0:
        return []
    found: list[tuple[float, str, BriefMatch]] = []
    for brief in briefs:
        bid = records.record_id(brief)
        if bid is None:
            continue
        q = feedback.expand(index.segs, query.parse(brief, index.model))  # the forward query
        b = score_segment(seg, q, index.model, 1, 0)
        if len(b.rows) == 0:
            continue
        c = Candidate(str(seg.ids[0]), float(b.score[0]), b, 0)
        reasons = {p: round(float(b.parts[p][0]), 4) for p in PARTS}
        reasons = {p: v for p, v in reasons.items() if v == v}
        offer = int(b.offers[0])
        m = BriefMatch(
            brief_id=bid,
            listing_id=seg.of_listing[offer] or None,
            score=round(c.score, 6),
            reasons=reasons,
            details=details(seg, 0, offer, b, 0, index.model),
            flags=flags(seg, 0),
        )
        found.append((c.score, bid, m))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [m for _, _, m in found[:k]]


def _kol_segment(index: MatchIndex, kol: Mapping[str, Any] | str) -> Segment | None:
    """A one-row segment for the KOL: from the index by id, or scored from the record."""
    if isinstance(kol, str):
        where = index.locate(kol)
        return None if where is None else take_row(index.segs[where[0]], where[1])
    parser = KolParser(index.model.vocabs, grow_audience=False)
    if parser.add(kol) is None:
        return None
    c = parser.columns()
    return make_segment(c, index.model, c.au_code)
