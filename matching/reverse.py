"""The reverse direction: briefs ranked for one KOL ("briefs for you").

Scores are the forward scores: the same parts, the same fitted statistics, the same
brief words widened by feedback from the index (:mod:`matching.feedback`), and the same
hard constraints (the KOL must be eligible for a brief for it to appear).  Briefs
are looped over in Python; a KOL page shows a few hundred open briefs at most.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from matching import feedback, query, records
from matching.flags import texts
from matching.results import BriefMatch, Candidate, details, flag_codes
from matching.scoring import PARTS, score_segment
from matching.segment import Model, Segment


def rank_briefs(
    segments: list[Segment],
    model: Model,
    kol: Segment,
    briefs: Iterable[Mapping[str, Any]],
    k: int,
) -> list[BriefMatch]:
    """Best ``k`` briefs for the one-row segment ``kol``, scored against the index's
    ``segments`` and fitted ``model`` exactly as the forward ranking would score it."""
    codes = flag_codes(kol, 0)
    found: list[tuple[float, str, BriefMatch]] = []
    for brief in briefs:
        bid = records.record_id(brief)
        if bid is None:
            continue
        q = feedback.expand(segments, query.parse(brief, model))  # the forward query
        b = score_segment(kol, q, model, 1, 0)
        if len(b.rows) == 0:
            continue
        c = Candidate(str(kol.ids[0]), float(b.score[0]), b, 0)
        reasons = {p: round(float(b.parts[p][0]), 4) for p in PARTS}
        reasons = {p: v for p, v in reasons.items() if v == v}
        offer = int(b.offers[0])
        m = BriefMatch(
            brief_id=bid,
            listing_id=kol.of_listing[offer] or None,
            score=round(c.score, 6),
            reasons=reasons,
            details=details(kol, 0, offer, b, 0, model),
            flags=texts(codes),
            flag_codes=list(codes),
        )
        found.append((c.score, bid, m))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [m for _, _, m in found[:k]]
