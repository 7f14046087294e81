"""Latent relevance, noisy graded judgments and the noise ceiling for synthetic data.

Relevance is computed from the hidden truths only (never from the records the matcher
sees), in one of two shapes so the matcher is not tuned to one functional form:

- ``multiplicative``: topic x audience x engagement x value x reliability x honesty;
- ``additive``: a weighted sum of the same, times honesty;
- ``mixed`` (default): the mean of both after scaling each to [0, 1].

The audience term uses overlap of the *true* audience with the target measured as
share-in-target / gender distance (not the Bhattacharyya coefficient the matcher uses).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from matching.eval import constraints, metrics

ADJACENT = {frozenset(p) for p in (("beauty", "fashion"), ("electronics", "gaming"),
            ("mother_baby", "health"), ("sports", "health"), ("travel", "lifestyle"),
            ("food", "lifestyle"))}  # fmt: skip
AGES = ("13-17", "18-24", "25-34", "35-44", "45+")
GRADE_SHARES = (0.0075, 0.015, 0.03)  # top shares of eligible pairs graded 3, 2, 1
NOISE = 0.5  # judge noise, in standard deviations of latent relevance


def _topic(kt: dict[str, Any], bt: dict[str, Any]) -> float:
    if kt["cat"] == bt["cat"]:
        return 1.0 if kt["sub"] == bt["sub"] else 0.65
    if bt["cat"] in kt["cats"]:
        return 0.35
    if frozenset((kt["cat"], bt["cat"])) in ADJACENT:
        return 0.12
    return 0.0


def _audience(kt: dict[str, Any], brief: dict[str, Any]) -> float:
    target = brief.get("target_audience")
    if not target:
        return 0.6
    parts = []
    if "gender" in target:
        parts.append(1.0 - abs(kt["female"] - target["gender"]["female"]))
    if "age" in target:
        share = sum(kt["age"][AGES.index(a)] for a in target["age"])
        parts.append(min(1.0, share / 0.7))
    return float(np.mean(parts)) ** 2 if parts else 0.6


def _sigmoid(x: float) -> float:
    return float(1.0 / (1.0 + np.exp(-x)))


def relevance(kt: dict[str, Any], bt: dict[str, Any], brief: dict[str, Any]) -> tuple[float, float]:
    """(multiplicative, additive) latent relevance of one eligible pair."""
    topic, aud = _topic(kt, bt), _audience(kt, brief)
    eng = _sigmoid(1.2 * kt["quality"])
    value = _sigmoid(-2.0 * np.log(kt["fairness"]) + 0.5 * kt["quality"])
    rel = kt["reliability"]
    honest = 0.08 if kt["fraud"] else 1.0
    mult = topic * (0.2 + 0.8 * aud) * (0.3 + 0.7 * eng) * (0.55 + 0.45 * value)
    mult *= (0.6 + 0.4 * rel) * honest
    add = (0.45 * topic + 0.2 * aud + 0.15 * eng + 0.1 * value + 0.1 * rel) * honest
    return mult, add


def judge(
    rng: np.random.Generator,
    kols: list[dict[str, Any]],
    ktruth: list[dict[str, Any]],
    briefs: list[dict[str, Any]],
    btruth: list[dict[str, Any]],
    style: str,
) -> tuple[list[dict[str, Any]], dict[str, float]]:
    pairs: list[tuple[str, str]] = []
    mult, add = [], []
    for brief, bt in zip(briefs, btruth, strict=True):
        for kol, kt in zip(kols, ktruth, strict=True):
            if constraints.eligible(kol, brief):
                m, a = relevance(kt, bt, brief)
                pairs.append((brief["id"], kol["id"]))
                mult.append(m)
                add.append(a)
    m_arr, a_arr = np.array(mult), np.array(add)
    if style == "multiplicative":
        latent = m_arr / m_arr.max()
    elif style == "additive":
        latent = a_arr / a_arr.max()
    else:
        latent = 0.5 * m_arr / m_arr.max() + 0.5 * a_arr / a_arr.max()
    noisy = latent + rng.normal(0, NOISE * latent.std(), len(latent))
    cuts = np.quantile(noisy, 1 - np.cumsum(GRADE_SHARES))
    grades = (noisy >= cuts[0]).astype(int) + (noisy >= cuts[1]) + (noisy >= cuts[2])
    judgments = [
        {"brief_id": b, "kol_id": k, "grade": int(g)}
        for (b, k), g in zip(pairs, grades, strict=True)
        if g > 0
    ]
    return judgments, ceiling(pairs, latent, grades)


def ceiling(
    pairs: list[tuple[str, str]], latent: np.ndarray, grades: np.ndarray
) -> dict[str, float]:
    """Metrics of the ranking by true latent relevance, judged by the noisy grades."""
    by_brief: dict[str, list[tuple[float, str]]] = {}
    judged: dict[str, dict[str, int]] = {}
    for (b, k), lat, g in zip(pairs, latent, grades, strict=True):
        by_brief.setdefault(b, []).append((-float(lat), k))
        if g > 0:
            judged.setdefault(b, {})[k] = int(g)
    rankings = {b: [k for _, k in sorted(v)][:50] for b, v in by_brief.items()}
    return metrics.summary(rankings, judged, 10)
