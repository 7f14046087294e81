"""Nearest KOLs on content (tf-idf text, categories) and audience."""

from __future__ import annotations

import numpy as np

from matching import audience, text, weights
from matching.results import Match
from matching.segment import Model, Segment


def nearest(segments: list[Segment], model: Model, where: tuple[int, int], k: int) -> list[Match]:
    """The ``k`` live KOLs nearest to the one at (segment number, row), itself excluded."""
    src = segments[where[0]]
    row = where[1]
    cols, vals = text.row_terms(src.text, row)
    layout = model.layout
    target = np.zeros((layout.width, src.aud_has.shape[1]), dtype=np.float32)
    for d in range(src.aud_has.shape[1]):
        lo, hi = int(layout.offsets[d]), int(layout.offsets[d + 1])
        target[lo:hi, d] = src.aud[row, lo:hi]
    t_has = src.aud_has[row]
    primary, mask = src.primary[row], src.catmask[row]
    mix = weights.SIMILAR_MIX
    found: list[tuple[float, str, dict[str, float]]] = []
    for s_no, seg in enumerate(segments):
        if seg.n == 0:
            continue
        cos = text.scores(seg.text, cols, vals)
        bc, _, _ = audience.overlap(seg.aud, seg.aud_has, target, t_has, layout.pop)
        aud = audience.part(bc) if t_has.any() else np.full(seg.n, weights.NEUTRAL_AUDIENCE)
        cat = np.where(
            (seg.primary == primary) & (primary >= 0),
            1.0,
            np.where((seg.catmask & mask) != 0, 0.5, 0.0),
        )
        sim = mix["text"] * cos + mix["audience"] * aud + mix["category"] * cat
        ok = seg.active & ~seg.tomb
        if s_no == where[0]:
            ok[row] = False
        idx = np.flatnonzero(ok)
        if len(idx) > k:
            part = np.argpartition(-sim[idx], k - 1)[:k]
            cut = sim[idx][part].min()
            idx = idx[sim[idx] >= cut]
        for i in idx:
            reasons = {"text": float(cos[i]), "audience": float(aud[i]), "category": float(cat[i])}
            found.append((float(sim[i]), str(seg.ids[i]), reasons))
    found.sort(key=lambda t: (-t[0], t[1]))
    return [
        Match(kol_id=kid, listing_id=None, score=round(s, 6),
              reasons={n: round(v, 4) for n, v in r.items()})
        for s, kid, r in found[:k]
    ]  # fmt: skip
