"""Pseudo-relevance feedback: widen the brief's words with the words of its best matches.

A brand writes "SPF" or "防晒" where a creator writes "sunscreen" or "uv protection"; a
short brief and a short bio often share no word although they are about the same
thing.  Rocchio feedback (the classic remedy, as RM3 in Lucene/Anserini) takes the KOLs
whose text matches the brief best, in the brief's category, and adds the terms their
texts share to the query.  Creators' own co-occurrences (tags next to bio words,
bilingual hashtags next to Chinese bios) thus link synonyms and languages without any
word list; added terms are weighted by how consistently those KOLs use them.

The first round takes the best matches overall (mostly KOLs writing in the brief's
script).  A second round crosses languages: the best *bilingual* matches (the brief's
script and another) form a bridge whose other-script terms find the best matches among
KOLs writing *only* in other scripts, and their terms are added too.  So an English
brief gets Chinese terms of their own weight (in one round the many light Chinese
character n-grams would lose every slot to English words) and the reverse.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import scipy.sparse as sp

from matching import text, weights
from matching.query import Query
from matching.scoring import category_part
from matching.segment import Segment

Vec = dict[int, float]


def rows_matrix(seg: Segment) -> sp.csr_matrix:
    """Row-wise (CSR) view of a segment's text, made once and cached on the segment."""
    x = seg.text_rows
    if x is None or x.shape[0] != seg.n:
        x = seg.text if isinstance(seg.text, sp.csr_matrix) else seg.text.tocsr()
        seg.text_rows = x
    return x


def _top(w: np.ndarray, n: int) -> np.ndarray:
    """Indices of the ``n`` largest values, best first (ties: lower index)."""
    if len(w) > n:
        part = np.argpartition(-w, n - 1)[:n]
        return part[np.lexsort((part, -w[part]))]
    return np.lexsort((np.arange(len(w)), -w))


def _unit(v: Vec) -> Vec:
    norm = float(np.sqrt(sum(x * x for x in v.values())))
    return {c: x / norm for c, x in v.items()} if norm > 0 else {}


def _centroid(segs: list[Segment], q: Query, vec: Vec, who: str, terms: int) -> Vec:
    """Unit centroid (top ``terms`` terms) of the best text matches of ``vec`` among all
    KOLs (``who="all"``), bilingual ones ("both": the brief's script and another) or
    those writing only in other scripts ("other")."""
    cols = np.fromiter(vec, dtype=np.int32, count=len(vec))
    order = np.argsort(cols)
    cols = cols[order]
    vals = np.fromiter(vec.values(), dtype=np.float32, count=len(vec))[order]
    picks: list[tuple[float, int, int]] = []
    for i, seg in enumerate(segs):
        if not seg.n:
            continue
        ok = seg.active & ~seg.tomb
        if who != "all":
            ok &= ((seg.script & q.script) == 0) == (who == "other")
            ok &= (seg.script & ~np.int8(q.script) & 3) != 0
        cos = text.scores(seg.text, cols, vals)
        hit = np.flatnonzero((cos > 0) & ok)
        w = cos[hit].astype(np.float64)
        if q.category is not None and len(hit):  # the brief's category is better evidence
            cat = np.nan_to_num(category_part(seg, hit, q))
            w *= weights.FEEDBACK_OFF_CATEGORY + (1 - weights.FEEDBACK_OFF_CATEGORY) * cat
        best = _top(w, weights.FEEDBACK_DOCS)
        picks.extend(zip(w[best].tolist(), [i] * len(best), hit[best].tolist(), strict=True))
    picks = sorted(picks, reverse=True)[: weights.FEEDBACK_DOCS]
    if len(picks) < weights.FEEDBACK_MIN_DOCS:
        return {}
    acc: Vec = {}
    for w, i, r in picks:
        x = rows_matrix(segs[i])
        a, b = x.indptr[r], x.indptr[r + 1]
        for c, v in zip(x.indices[a:b].tolist(), x.data[a:b].tolist(), strict=True):
            acc[c] = acc.get(c, 0.0) + w * v
    top = sorted(acc.items(), key=lambda cv: (-cv[1], cv[0]))[:terms]
    return _unit(dict(top))


def _mix(a: Vec, b: Vec, beta: float) -> Vec:
    out = {c: (1 - beta) * v for c, v in a.items()}
    for c, v in b.items():
        out[c] = out.get(c, 0.0) + beta * v
    return _unit(out)


def expand(segs: list[Segment], q: Query) -> Query:
    """``q`` with its text vector moved towards the centroid of its best text matches."""
    if len(q.text_cols) == 0 or weights.FEEDBACK_DOCS <= 0 or weights.FEEDBACK_WEIGHT <= 0:
        return q
    vec = _unit(dict(zip(q.text_cols.tolist(), q.text_vals.tolist(), strict=True)))
    first = _centroid(segs, q, vec, "all", weights.FEEDBACK_TERMS)
    if not first:
        return q
    vec = _mix(vec, first, weights.FEEDBACK_WEIGHT)
    if weights.FEEDBACK_CROSS_SCRIPT > 0 and q.script in (1, 2):
        # bilingual KOLs' full term lists (their other-script terms are the only ones a
        # KOL writing only in the other script can match) lead to those KOLs
        bridge = _centroid(segs, q, vec, "both", 10 * weights.FEEDBACK_TERMS)
        cross = _centroid(segs, q, bridge, "other", weights.FEEDBACK_TERMS) if bridge else {}
        if cross:
            vec = _mix(vec, cross, weights.FEEDBACK_CROSS_SCRIPT)
    cols = np.array(sorted(vec), dtype=np.int32)
    vals = np.array([vec[c] for c in cols.tolist()], dtype=np.float32)
    return replace(q, text_cols=cols, text_vals=vals)
