"""Population statistics fitted at build, and the query-independent score parts.

Fitted once (and kept by upserts): engagement medians per (platform, follower tier),
the prior mean rating, and the per-currency reference for value.  Everything here is
vectorised over platform entries / offers / KOLs.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from matching import weights
from matching.columns import KolColumns


@dataclass
class Stats:
    tier_lo: float  # log10 followers where tier 0 starts
    tier_median: np.ndarray  # (platforms + 1, tiers) median engagement; last row: all
    rating_prior: float
    value_ref: np.ndarray  # (currencies, types + 1, 2): median, robust spread of ln value

    @property
    def n_tiers(self) -> int:
        return int(self.tier_median.shape[1])


def group_median(keys: np.ndarray, vals: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Median of ``vals`` per integer key in [0, n), and the count (NaN median if empty)."""
    med = np.full(n, np.nan)
    cnt = np.bincount(keys, minlength=n)[:n]
    if len(keys) == 0:
        return med, cnt
    order = np.lexsort((vals, keys))
    k, v = keys[order], vals[order]
    starts = np.searchsorted(k, np.arange(n))
    has = cnt > 0
    lo = starts[has] + (cnt[has] - 1) // 2
    hi = starts[has] + cnt[has] // 2
    med[has] = 0.5 * (v[lo] + v[hi])
    return med, cnt


def tiers(followers: np.ndarray, stats: Stats) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        t = np.floor((np.log10(np.maximum(followers, 1.0)) - stats.tier_lo) / weights.TIER_STEP)
    return np.clip(np.nan_to_num(t, nan=0.0), 0, stats.n_tiers - 1).astype(np.int64)


def fit_stats(c: KolColumns, n_platforms: int, n_currencies: int, n_types: int) -> Stats:
    ok = (c.pf_followers >= 1) & (c.pf_er >= 0)
    lf = np.log10(c.pf_followers[ok])
    if len(lf):
        lo = np.floor(np.quantile(lf, 0.005) / weights.TIER_STEP) * weights.TIER_STEP
        hi = np.ceil(np.quantile(lf, 0.995) / weights.TIER_STEP) * weights.TIER_STEP
    else:
        lo, hi = 0.0, weights.TIER_STEP
    n_t = max(1, round((hi - lo) / weights.TIER_STEP))
    stats = Stats(float(lo), np.zeros((n_platforms + 1, n_t)), 0.0, np.zeros((0, 1, 2)))
    t, er, plat = tiers(c.pf_followers[ok], stats), c.pf_er[ok], c.pf_platform[ok]
    med_all, cnt_all = group_median(t, er, n_t)
    good = cnt_all >= weights.TIER_MIN_COUNT
    if good.any():  # thin tiers: interpolate the curve in log space
        idx = np.flatnonzero(good)
        med_all = np.exp(np.interp(np.arange(n_t), idx, np.log(np.maximum(med_all[idx], 1e-6))))
    else:
        med_all = np.full(n_t, float(np.median(er)) if len(er) else weights.DEFAULT_ENGAGEMENT)
    med_all = np.maximum(med_all, 1e-4)
    table = np.tile(med_all, (n_platforms + 1, 1))
    if n_platforms:
        med_p, cnt_p = group_median(plat.astype(np.int64) * n_t + t, er, n_platforms * n_t)
        med_p, cnt_p = med_p.reshape(n_platforms, n_t), cnt_p.reshape(n_platforms, n_t)
        use = cnt_p >= weights.TIER_MIN_COUNT
        table[:-1][use] = np.maximum(med_p[use], 1e-4)
    stats.tier_median = table
    stats.rating_prior = _rating_prior(c)
    stats.value_ref = _value_ref(c, n_currencies, n_types)
    return stats


def _rating_prior(c: KolColumns) -> float:
    rated = (c.rating >= 0) & (c.reviews >= 1)
    if rated.sum() >= 30:
        return float(np.clip(np.mean(c.rating[rated]), 1.0, 5.0))
    return weights.RATING_PRIOR_MEAN


def _gather(values: np.ndarray, idx: np.ndarray) -> np.ndarray:
    """``values[idx]`` as float64, NaN where ``idx`` is -1 (no such platform entry)."""
    out = np.full(len(idx), np.nan)
    ok = idx >= 0
    out[ok] = values[idx[ok]]
    return out


def offer_log_value(c: KolColumns) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per offer: followers and engagement of its platform entry, and ln(reach / rate)."""
    fol, er = _gather(c.pf_followers, c.of_pf), _gather(c.pf_er, c.of_pf)
    with np.errstate(divide="ignore", invalid="ignore"):
        lv = np.log(fol * er) - np.log(c.of_rate)
    lv[~np.isfinite(lv) & ~(c.of_rate == 0)] = np.nan
    lv[(c.of_rate == 0) & (fol * er > 0)] = np.inf  # free and reaching people: best value
    return fol, er, lv


def _value_ref(c: KolColumns, n_currencies: int, n_types: int) -> np.ndarray:
    """Reference ln(reach / price) per currency and collaboration type.

    A live stream legitimately costs more than an image post with the same reach, so
    price fairness compares like with like; thin groups use the currency-wide value
    (last slot of the type axis)."""
    _, _, lv = offer_log_value(c)
    ref = np.full((n_currencies, n_types + 1, 2), np.nan)
    ok = np.isfinite(lv) & (c.of_currency >= 0)
    if not ok.any() or n_currencies == 0:
        return ref
    cur, typ, x = c.of_currency[ok].astype(np.int64), c.of_type[ok].astype(np.int64), lv[ok]
    typ = np.where(typ >= 0, typ, n_types)
    for key, groups, slot in (
        (cur, n_currencies, None),
        (cur * (n_types + 1) + typ, n_currencies * (n_types + 1), True),
    ):
        med, cnt = group_median(key, x, groups)
        mad, _ = group_median(key, np.abs(x - med[key]), groups)
        use = cnt >= weights.VALUE_MIN_COUNT
        spread = np.maximum(1.4826 * mad, weights.VALUE_MIN_SCALE)
        if slot is None:
            ref[use, n_types, 0], ref[use, n_types, 1] = med[use], spread[use]
        else:
            flat = ref.reshape(-1, 2)
            flat[use, 0], flat[use, 1] = med[use], spread[use]
    missing = np.isnan(ref[:, :, 0])
    ref[missing] = np.broadcast_to(ref[:, n_types : n_types + 1, :], ref.shape)[missing]
    return ref


def engagement_ratio(
    platform: np.ndarray, followers: np.ndarray, er: np.ndarray, stats: Stats
) -> tuple[np.ndarray, np.ndarray]:
    """(engagement / tier median, tier median) for platform entries or offers."""
    rows = np.where((platform >= 0) & (platform < len(stats.tier_median) - 1), platform, -1)
    med = stats.tier_median[rows, tiers(followers, stats)]
    known = (followers >= 1) & (er >= 0)
    return np.where(known, er / med, np.nan), med


def pooled_ratio(
    of_ratio: np.ndarray, of_kol: np.ndarray, pf_kol: np.ndarray, pf_ratio: np.ndarray, n: int
) -> np.ndarray:
    """Offer engagement ratio shrunk towards the KOL's geometric mean over its platforms.

    One platform's figure is a noisy read of how engaging a creator is; pooling their
    accounts (weight ``1 - ENGAGEMENT_OWN``) steadies it while the offer's own platform
    still counts most."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log(pf_ratio)
    ok = np.isfinite(lr)
    tot = np.bincount(pf_kol[ok], weights=lr[ok], minlength=n)
    cnt = np.bincount(pf_kol[ok], minlength=n)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(cnt > 0, tot / np.maximum(cnt, 1), np.nan)[of_kol] if n else lr[:0]
        own = np.log(of_ratio)
    w = weights.ENGAGEMENT_OWN
    pooled = np.where(
        np.isfinite(own), w * own + (1 - w) * np.where(np.isfinite(mean), mean, own), mean
    )
    return np.exp(pooled)


def engagement_part(ratio: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore"):
        z = weights.ENGAGEMENT_SLOPE * np.log(np.maximum(ratio, 1e-9))
    return np.where(np.isfinite(ratio), 1.0 / (1.0 + np.exp(-z)), weights.NEUTRAL_ENGAGEMENT)


def reliability(c: KolColumns, stats: Stats) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(reliability part, Bayesian rating, Bayesian on-time rate) per KOL."""
    has_rating = c.rating >= 0
    n = np.where(has_rating, np.nan_to_num(c.reviews, nan=1.0), 0.0)
    n = np.where(has_rating & (n == 0), 1.0, n)  # a rating with no count: one review
    r = np.where(has_rating, c.rating, 0.0)
    k, m = weights.RATING_PRIOR_WEIGHT, stats.rating_prior
    bayes = (k * m + n * r) / (k + n)
    done = np.nan_to_num(c.completed, nan=0.0)
    has_ot = c.on_time >= 0
    c_ot = np.where(has_ot, np.maximum(done, 1.0), 0.0)
    ot = (
        weights.ONTIME_PRIOR_WEIGHT * weights.ONTIME_PRIOR + c_ot * np.where(has_ot, c.on_time, 0.0)
    ) / (weights.ONTIME_PRIOR_WEIGHT + c_ot)
    mix = weights.RELIABILITY_MIX
    part = (
        mix["rating"]
        * np.clip(
            (bayes - weights.RATING_FLOOR) / (weights.RATING_TOP - weights.RATING_FLOOR), 0, 1
        )
        + mix["on_time"] * np.clip((ot - 0.5) / 0.5, 0.0, 1.0)
        + mix["experience"] * (1.0 - np.exp(-done / weights.EXPERIENCE_SCALE))
        + mix["verified"] * c.verified
        + mix["sales"] * sales_track(c.orders, c.conversion)
    )
    return part, bayes, ot


def sales_track(orders: np.ndarray, conversion: np.ndarray) -> np.ndarray:
    """The sales track record in [0, 1]: Bayesian conversion rate (orders driven are the
    evidence; none leaves the prior) scored against the prior (prior -> 0.5, twice the
    prior -> 0.67), mixed with the volume of orders driven."""
    n = np.nan_to_num(orders, nan=0.0)
    known = np.isfinite(conversion)
    rate = np.where(known, np.nan_to_num(conversion, nan=0.0), weights.CONVERSION_PRIOR)
    n_rate = np.where(known, n, 0.0)
    k, prior = weights.CONVERSION_PRIOR_WEIGHT, weights.CONVERSION_PRIOR
    bayes = (k * prior + n_rate * rate) / (k + n_rate)
    converts = bayes / (bayes + prior)
    volume = 1.0 - np.exp(-n / weights.ORDERS_SCALE)
    mix = weights.SALES_MIX
    return mix["conversion"] * converts + mix["volume"] * volume


def log_part(p: np.ndarray) -> np.ndarray:
    """ln of a part inside the geometric mean (floored, see ``weights``)."""
    return np.log(weights.FLOOR + (1.0 - weights.FLOOR) * np.clip(p, 0.0, 1.0))


def value_z(
    log_value: np.ndarray, currency: np.ndarray, ctype: np.ndarray, stats: Stats
) -> tuple[np.ndarray, np.ndarray]:
    """Per offer, the query-independent half of value: (ln value - reference) / spread and
    1 / spread, where the reference is the median over offers in the same currency and
    collaboration type (a live stream legitimately costs more than an image post).
    z is NaN when price or reach is unknown and +inf for a free offer."""
    ref = stats.value_ref
    n = len(log_value)
    if ref.size == 0 or n == 0:
        return np.full(n, np.nan, dtype=np.float32), np.zeros(n, dtype=np.float32)
    n_cur, n_slots = ref.shape[0], ref.shape[1]
    ok = (currency >= 0) & (currency < n_cur)
    cur = np.where(ok, currency, 0)
    typ = np.where((ctype >= 0) & (ctype < n_slots - 1), ctype, n_slots - 1)
    med, scale = ref[cur, typ, 0], ref[cur, typ, 1]
    with np.errstate(invalid="ignore"):
        z = (log_value - med) / scale
    known = ok & np.isfinite(med)
    z = np.where(known, z, np.nan)
    z = np.where(known & np.isposinf(log_value), np.inf, z)
    inv = np.where(known, 1.0 / np.where(known, scale, 1.0), 0.0)
    return z.astype(np.float32), inv.astype(np.float32)


def value_part(z: np.ndarray, inv: np.ndarray, overlap: np.ndarray) -> np.ndarray:
    """Logistic of ln(reach * overlap / rate) against the reference; ``overlap`` is the
    audience overlap relative to a typical audience (1 = as well targeted as average)."""
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        x = np.clip(z + np.log(overlap) * inv, -50.0, 50.0)
        v = 1.0 / (1.0 + np.exp(-x))
    v = np.where(np.isposinf(z), 1.0, v)
    return np.where(np.isnan(z), weights.NEUTRAL_VALUE, v)
