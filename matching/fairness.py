"""Optional re-ranking passes over the top of a ranking (never over the whole index).

*Exploration* gives KOLs with little history a chance to be seen: up to
``EXPLORE_SLOTS`` of the top ``EXPLORE_TOP`` places go to newcomers whose score is within
``EXPLORE_MARGIN`` of the last place, drawn with a seed derived from the brief id, so the
same brief always gets the same list.  *Diversity* is maximal marginal relevance where
similarity is audience overlap above ``MMR_DUPLICATE_FROM``: KOLs with near-identical
audiences do not fill the top together.
"""

from __future__ import annotations

import numpy as np

from matching import weights
from matching.flags import EXPLORATION_SLOT
from matching.results import Candidate
from matching.segment import Segment
from matching.vocab import AUDIENCE_DIMS


def explore(ranked: list[Candidate], segs: list[Segment], seed: int) -> list[Candidate]:
    top = weights.EXPLORE_TOP
    if len(ranked) <= top:
        return ranked
    cutoff = ranked[top - 1].score * weights.EXPLORE_MARGIN
    pool = [
        j
        for j in range(top, len(ranked))
        if ranked[j].score >= cutoff and _history(ranked[j], segs) < weights.EXPLORE_HISTORY
    ]
    if not pool:
        return ranked
    rng = np.random.default_rng(seed)
    n = min(weights.EXPLORE_SLOTS, len(pool))
    picks = sorted(int(pool[i]) for i in rng.choice(len(pool), size=n, replace=False))
    chosen = [ranked[j] for j in picks]
    for c in chosen:
        c.flag_codes.append(EXPLORATION_SLOT)
    taken = set(picks)
    rest = [c for j, c in enumerate(ranked) if j not in taken]
    return rest[: top - n] + chosen + rest[top - n :]


def _history(c: Candidate, segs: list[Segment]) -> float:
    return float(segs[c.batch.seg].history[c.batch.rows[c.i]])


def diversify(
    ranked: list[Candidate], segs: list[Segment], k: int, offsets: np.ndarray
) -> list[Candidate]:
    pool = ranked[: max(weights.MMR_POOL, k)]
    if len(pool) <= 1:
        return ranked
    aud = np.stack([segs[c.batch.seg].aud[c.batch.rows[c.i]] for c in pool]).astype(np.float64)
    has = np.stack([segs[c.batch.seg].aud_has[c.batch.rows[c.i]] for c in pool])
    dup = _duplicates(aud, has, offsets)
    rel = np.array([c.score for c in pool])
    chosen: list[int] = [0]
    left = list(range(1, len(pool)))
    while left and len(chosen) < len(pool):
        worst = dup[np.ix_(left, chosen)].max(axis=1)
        mmr = weights.MMR_LAMBDA * rel[left] - (1.0 - weights.MMR_LAMBDA) * worst
        pick = left[int(np.argmax(mmr))]  # first max: ties keep rank (score, id) order
        chosen.append(pick)
        left.remove(pick)
    return [pool[i] for i in chosen] + ranked[len(pool) :]


def _duplicates(aud: np.ndarray, has: np.ndarray, offsets: np.ndarray) -> np.ndarray:
    """Pairwise near-duplicate degree in [0, 1] from mean audience overlap."""
    n = len(aud)
    total, count = np.zeros((n, n)), np.zeros((n, n))
    for d in range(len(AUDIENCE_DIMS)):
        lo, hi = int(offsets[d]), int(offsets[d + 1])
        both = has[:, d][:, None] & has[:, d][None, :]
        total += np.where(both, aud[:, lo:hi] @ aud[:, lo:hi].T, 0.0)
        count += both
    bc = np.divide(total, count, out=np.zeros_like(total), where=count > 0)
    return np.clip((bc - weights.MMR_DUPLICATE_FROM) / (1.0 - weights.MMR_DUPLICATE_FROM), 0.0, 1.0)
