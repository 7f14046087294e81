"""Audience authenticity: an IsolationForest plus directional evidence.

The forest (fixed seed, fitted at build on a sample) finds accounts whose combination of
size, engagement relative to their tier, audience shape, verification and history is
unusual.  Its anomaly score is read relative to the population (robust z-score), and unusual is
not the same as fake - a verified celebrity is unusual - so it only costs much when the
deviation points in a suspicious direction (engagement far below the tier norm,
implausibly high engagement, a concentrated or bot-uniform audience).  Engagement at a
small fraction of the tier norm is the textbook signature of bought followers (followers
grow, real engagement does not) and is penalised even when the forest is unsure.
Upserts score new KOLs with the already-fitted forest.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.ensemble import IsolationForest

from matching import weights

FEATURES = ("log_followers", "log_engagement_ratio", "audience_entropy", "audience_max_share",
            "verified", "log_history")  # fmt: skip


@dataclass
class AuthModel:
    forest: IsolationForest | None
    fill: np.ndarray  # per-feature value used when a feature is missing
    centre: np.ndarray  # per-feature median (robust z-scores for reasons)
    spread: np.ndarray  # per-feature robust spread
    anomaly_centre: float = 0.5  # median forest anomaly score at build
    anomaly_spread: float = 0.05  # its robust spread


def features(
    followers: np.ndarray,
    ratio: np.ndarray,
    shape: np.ndarray,
    verified: np.ndarray,
    history: np.ndarray,
) -> np.ndarray:
    """Feature matrix (n x 6); NaN marks a missing value."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lf = np.where(followers >= 1, np.log10(followers), np.nan)
        lr = np.clip(np.log(ratio), -5.0, 5.0)
    return np.column_stack(
        [lf, lr, shape[:, 0], shape[:, 1], verified.astype(float), np.log1p(history)]
    )


def fit(x: np.ndarray) -> AuthModel:
    fill = np.array([np.nanmedian(col) if np.isfinite(col).any() else 0.0 for col in x.T])
    fill = np.nan_to_num(fill, nan=0.0)
    fill[1] = 0.0  # unknown engagement ratio: assume the tier norm
    xf = _filled(x, fill)
    centre = np.median(xf, axis=0) if len(xf) else np.zeros(x.shape[1])
    spread = np.maximum(1.4826 * np.median(np.abs(xf - centre), axis=0), 0.05) if len(xf) else 1
    model = AuthModel(None, fill, centre, np.broadcast_to(spread, fill.shape).copy())
    if len(xf) >= 50:
        rng = np.random.default_rng(weights.IFOREST_SEED)
        sample = xf
        if len(xf) > weights.IFOREST_FIT_ROWS:
            sample = xf[np.sort(rng.choice(len(xf), weights.IFOREST_FIT_ROWS, replace=False))]
        model.forest = IsolationForest(
            n_estimators=weights.IFOREST_TREES, random_state=weights.IFOREST_SEED, n_jobs=1
        ).fit(sample)
        anomaly = -model.forest.score_samples(sample)
        model.anomaly_centre = float(np.median(anomaly))
        mad = float(np.median(np.abs(anomaly - model.anomaly_centre)))
        model.anomaly_spread = max(1.4826 * mad, 0.01)
    return model


def _filled(x: np.ndarray, fill: np.ndarray) -> np.ndarray:
    return np.where(np.isfinite(x), x, fill[None, :])


def score(x: np.ndarray, model: AuthModel, ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(authenticity in [0, 1], flag code: 0 none, else a key of ``flags.AUTHENTICITY_CODES``)."""
    n = len(x)
    if n == 0:
        return np.ones(0, dtype=np.float32), np.zeros(0, dtype=np.int8)
    xf = _filled(x, model.fill)
    severity = np.zeros(n)
    if model.forest is not None:  # anomaly relative to this population (robust z-score)
        anomaly = -model.forest.score_samples(xf)
        z_anom = (anomaly - model.anomaly_centre) / model.anomaly_spread
        severity = np.clip((z_anom - weights.ANOMALY_Z_START) / weights.ANOMALY_Z_RANGE, 0.0, 1.0)
    z = (xf - model.centre) / model.spread
    with np.errstate(divide="ignore", invalid="ignore"):
        low = np.log(weights.LOW_ENGAGEMENT_RATIO / ratio) / np.log(
            weights.LOW_ENGAGEMENT_RATIO / weights.FAKE_ENGAGEMENT_RATIO
        )
    low = np.clip(np.nan_to_num(low, nan=0.0, posinf=1.0), 0.0, 1.0)
    evidence = np.zeros(n)
    code = np.zeros(n, dtype=np.int8)
    # strongest evidence last so that it names the flag
    for cond, strength, c in (
        (z[:, 2] > weights.AUDIENCE_ODD_Z, weights.AUDIENCE_ODD_EVIDENCE, 4),
        (z[:, 3] > weights.AUDIENCE_ODD_Z, weights.AUDIENCE_ODD_EVIDENCE, 3),
        (ratio > weights.HIGH_ENGAGEMENT_RATIO, weights.HIGH_ENGAGEMENT_EVIDENCE, 2),
        (low > 0, 0.5 + 0.5 * low, 1),
    ):
        take = cond & (strength >= evidence)
        evidence = np.where(take, strength, evidence)
        code = np.where(take, c, code).astype(np.int8)
    # unusual but not suspicious (a verified celebrity) costs little
    penalty = severity * np.where(evidence > 0, evidence, weights.BENIGN_ANOMALY)
    penalty = np.maximum(penalty, weights.LOW_ENGAGEMENT_PENALTY * low)
    code = np.where((evidence == 0) & (severity > 0.5), 5, code).astype(np.int8)
    auth = (1.0 - np.clip(penalty, 0.0, 1.0)).astype(np.float32)
    code = np.where(auth < weights.FLAG_THRESHOLD, code, 0).astype(np.int8)
    return auth, code
