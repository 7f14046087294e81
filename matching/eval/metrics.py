"""Ranking metrics over graded judgments (grades 0-3; unjudged pairs are grade 0).

- ``ndcg@k``: gain ``2**grade - 1``, discount ``log2(rank + 1)``; the ideal ordering is
  taken over every judged KOL of the brief.
- ``recall@k``: share of the brief's relevant KOLs (grade >= ``RELEVANT``) in the top k.
- ``mrr``: reciprocal rank of the first relevant KOL in the ranking (0 if none).

Briefs without any relevant KOL do not count towards recall and mrr; briefs with no
positive grade at all do not count towards ndcg.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

RELEVANT = 2


def dcg(grades: Sequence[float], k: int) -> float:
    g = np.asarray(grades[:k], dtype=float)
    return float(np.sum((2.0**g - 1.0) / np.log2(np.arange(2, len(g) + 2))))


def ndcg(ranked: Sequence[str], judged: Mapping[str, int], k: int) -> float | None:
    ideal = dcg(sorted(judged.values(), reverse=True), k)
    if ideal <= 0:
        return None
    return dcg([judged.get(r, 0) for r in ranked], k) / ideal


def recall(ranked: Sequence[str], judged: Mapping[str, int], k: int) -> float | None:
    rel = {kid for kid, g in judged.items() if g >= RELEVANT}
    if not rel:
        return None
    return len(rel.intersection(ranked[:k])) / len(rel)


def rr(ranked: Sequence[str], judged: Mapping[str, int]) -> float | None:
    if not any(g >= RELEVANT for g in judged.values()):
        return None
    for i, r in enumerate(ranked):
        if judged.get(r, 0) >= RELEVANT:
            return 1.0 / (i + 1)
    return 0.0


def summary(
    rankings: Mapping[str, Sequence[str]], judgments: Mapping[str, Mapping[str, int]], k: int
) -> dict[str, float]:
    """Mean metrics over briefs (``rankings``: brief id -> ranked KOL ids)."""
    cols: dict[str, list[float]] = {f"ndcg@{k}": [], "recall@50": [], "mrr": []}
    for bid, ranked in rankings.items():
        judged = judgments.get(bid, {})
        for name, v in (
            (f"ndcg@{k}", ndcg(ranked, judged, k)),
            ("recall@50", recall(ranked, judged, 50)),
            ("mrr", rr(ranked, judged)),
        ):
            if v is not None:
                cols[name].append(v)
    return {n: round(float(np.mean(v)), 4) if v else 0.0 for n, v in cols.items()}
