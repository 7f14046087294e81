"""Vectorised scoring of one segment for one brief (the request path).

1. Hard filters are boolean masks over the flat offer arrays.
2. Query-dependent parts (category, text, audience, value) are computed for the KOLs
   that kept at least one offer; static parts are gathered.
3. Each eligible offer gets a score; the best offer per KOL is picked with a segmented
   max (offers are sorted by KOL), and ``argpartition`` keeps the top ``m``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching import audience, features, text, weights
from matching.query import Query
from matching.segment import Model, Segment

PARTS = ("category", "text", "audience", "engagement", "reliability", "value", "authenticity")


@dataclass
class Batch:
    """Scored candidates from one segment (parallel arrays)."""

    seg: int
    rows: np.ndarray
    offers: np.ndarray
    score: np.ndarray
    parts: dict[str, np.ndarray]
    details: dict[str, np.ndarray]

    def take(self, idx: np.ndarray) -> Batch:
        return Batch(
            self.seg,
            self.rows[idx],
            self.offers[idx],
            self.score[idx],
            {k: v[idx] for k, v in self.parts.items()},
            {k: v[idx] for k, v in self.details.items()},
        )


def eligible_offers(seg: Segment, q: Query) -> np.ndarray:
    """Indices of offers passing every hard constraint (sorted, so grouped by KOL)."""
    ok = seg.of_live.copy()
    if q.platforms is not None:
        ok &= q.platforms[seg.of_platform]
    if q.types is not None:
        ok &= q.types[seg.of_type]
    if q.currency is not None:
        ok &= seg.of_currency == q.currency
    if q.budget is not None:
        ok &= seg.of_rate <= q.budget
    if q.min_followers is not None:
        ok &= seg.of_followers >= q.min_followers
    if q.max_followers is not None:
        ok &= seg.of_followers <= q.max_followers
    return np.flatnonzero(ok)


def category_part(seg: Segment, rows: np.ndarray, q: Query) -> np.ndarray:
    primary = seg.primary[rows]
    if q.category is None:
        return np.full(len(rows), np.nan)
    mask = seg.catmask[rows]
    c = q.category
    bit = np.uint64(1 << c) if 0 <= c < 64 else np.uint64(0)
    part = np.where(
        (mask & bit) != 0,
        weights.CATEGORY_SECONDARY,
        np.where((mask & np.uint64(q.adjacent)) != 0, weights.CATEGORY_ADJACENT, 0.0),
    )
    part = np.where(primary == c, weights.CATEGORY_PRIMARY, part)
    return np.where(primary < 0, weights.CATEGORY_UNKNOWN, part)


def score_segment(seg: Segment, q: Query, model: Model, m: int, seg_no: int) -> Batch:
    eo = eligible_offers(seg, q)
    kol = seg.of_kol[eo]
    new = np.empty(len(kol), dtype=bool)
    new[:1] = True
    np.not_equal(kol[1:], kol[:-1], out=new[1:])
    rows = kol[new]
    pos = np.cumsum(new) - 1
    # query-dependent, per candidate KOL
    cat = category_part(seg, rows, q)
    cos = text.scores(seg.text, q.text_cols, q.text_vals)[rows] if len(rows) else np.zeros(0)
    txt = 1.0 - np.exp(-cos / weights.TEXT_SCALE)
    # a KOL writing in another script than the brief (or not at all) cannot show a text
    # match: that is missing evidence, not evidence of a mismatch
    blind = (seg.script[rows] & q.script) == 0
    txt = np.where(blind, np.maximum(txt, weights.TEXT_UNKNOWN), txt)
    if q.category is None:
        fit = txt if len(q.text_cols) else np.full(len(rows), weights.NEUTRAL_FIT)
    else:
        fit = weights.CATEGORY_SHARE * cat + (1.0 - weights.CATEGORY_SHARE) * txt
    bc, known, typical = audience.overlap(
        seg.aud, seg.aud_has, q.target, q.target_has, model.layout.pop, rows
    )
    aud = audience.part(bc) if q.target_has.any() else np.full(len(rows), weights.NEUTRAL_AUDIENCE)
    w = weights.PART_WEIGHTS
    base = (
        w["fit"] * features.log_part(fit)
        + w["audience"] * features.log_part(aud)
        + seg.static_log[rows]
    )
    # per offer: engagement on that platform, value at that price
    val = features.value_part(seg.of_value_z[eo], seg.of_value_inv[eo], (bc / typical)[pos])
    s = base[pos] + w["engagement"] * seg.of_eng_log[eo] + w["value"] * features.log_part(val)
    best = _segment_argmax(s, new)
    sc = np.nan_to_num(np.exp(s[best]), nan=0.0)
    sel = _top(sc, m)
    best = best[sel]
    return Batch(
        seg=seg_no,
        rows=rows[sel],
        offers=eo[best],
        score=sc[sel],
        parts={
            "category": cat[sel],
            "text": txt[sel],
            "audience": aud[sel],
            "engagement": seg.of_eng[eo[best]],
            "reliability": seg.reliability[rows[sel]],
            "value": val[best],
            "authenticity": seg.authenticity[rows[sel]],
        },
        details={
            "engagement_ratio": seg.of_ratio[eo[best]],
            "audience_overlap": np.where(known[sel], bc[sel], np.nan),
            "text_cosine": cos[sel],
        },
    )


def _segment_argmax(s: np.ndarray, new: np.ndarray) -> np.ndarray:
    """Index (into ``s``) of the first maximum of each run that starts where ``new``."""
    if len(s) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(new)
    seg_max = np.maximum.reduceat(s, starts)
    is_max = s == np.repeat(seg_max, np.diff(np.append(starts, len(s))))
    idx = np.flatnonzero(is_max)
    grp = np.cumsum(new)[idx]
    first = np.empty(len(idx), dtype=bool)
    first[:1] = True
    np.not_equal(grp[1:], grp[:-1], out=first[1:])
    return idx[first]


def _top(score: np.ndarray, m: int) -> np.ndarray:
    """Indices of the ``m`` best scores plus everything tied with the m-th (ids decide)."""
    n = len(score)
    if n <= m:
        return np.arange(n)
    part = np.argpartition(-score, m - 1)[:m]
    cut = score[part].min()
    return np.flatnonzero(score >= cut)
