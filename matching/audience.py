"""Audience distributions and the Bhattacharyya coefficient.

Each dimension (gender, age, region) is a discrete distribution.  We store the *square
roots* of the renormalised shares in one float32 matrix (columns grouped by dimension),
so the Bhattacharyya coefficient ``BC = sum_k sqrt(p_k q_k)`` of every KOL against a
brief's target is a single matrix product.  Shares that do not sum to 1 (percentages,
partial splits) are renormalised; keys unknown to the index are ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from matching import records, weights
from matching.columns import KolColumns
from matching.vocab import AUDIENCE_DIMS, CANONICAL_KEYS, Vocab


@dataclass
class AudienceLayout:
    """Column layout: dimension d owns columns ``offsets[d]:offsets[d + 1]``."""

    vocabs: dict[str, Vocab]
    offsets: np.ndarray
    pop: np.ndarray | None = None  # sqrt of the population's mean shares (fitted at build)

    @property
    def width(self) -> int:
        return int(self.offsets[-1])

    def column(self, d: int, code: np.ndarray) -> np.ndarray:
        return self.offsets[d] + code


def select_keys(cols: KolColumns, vocabs: dict[str, Vocab]) -> tuple[AudienceLayout, np.ndarray]:
    """Keep canonical keys plus other keys common at build (a real bucket scheme, say
    "18-25"), dropping one-off junk; the rest are ignored and shares renormalised.

    Returns the frozen layout and, for every triplet, its new key code (-1 = dropped).
    """
    dims, codes = cols.au_dim, cols.au_code
    new_key = np.full(len(codes), -1, dtype=np.int64)
    frozen: dict[str, Vocab] = {}
    sizes = []
    for d, dim in enumerate(AUDIENCE_DIMS):
        old = vocabs[dim]
        sel = dims == d
        counts = np.bincount(codes[sel], minlength=len(old))
        canon = set(CANONICAL_KEYS[dim])
        reporting = len(np.unique(cols.au_row[sel]))
        floor = max(weights.AUDIENCE_KEY_MIN_KOLS, weights.AUDIENCE_KEY_MIN_SHARE * reporting)
        extra = [i for i in np.argsort(-counts, kind="stable") if counts[i] >= floor]
        extra = [i for i in extra if old.names[i] not in canon]
        keep_extra = sorted(extra[: max(0, weights.AUDIENCE_KEYS_PER_DIM - len(canon))])
        keep = [old.codes[k] for k in CANONICAL_KEYS[dim]] + keep_extra
        v = Vocab([old.names[i] for i in keep])
        remap = np.full(len(old), -1, dtype=np.int64)
        remap[keep] = np.arange(len(keep))
        new_key[sel] = remap[codes[sel]]
        frozen[dim] = v
        sizes.append(len(v))
    offsets = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    return AudienceLayout(frozen, offsets), new_key


def matrix(
    n: int, layout: AudienceLayout, cols: KolColumns, keys: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(sqrt-share matrix float32 n x width, has-dimension mask n x dims).

    ``keys`` are per-triplet codes within their dimension (-1: dropped)."""
    out = np.zeros((n, layout.width), dtype=np.float32)
    has = np.zeros((n, len(AUDIENCE_DIMS)), dtype=bool)
    dims = cols.au_dim
    for d in range(len(AUDIENCE_DIMS)):
        lo, hi = int(layout.offsets[d]), int(layout.offsets[d + 1])
        sel = (dims == d) & (keys >= 0) & (keys < hi - lo)
        flat = cols.au_row[sel].astype(np.int64) * (hi - lo) + keys[sel]
        vals = cols.au_val[sel].astype(np.float64)
        shares = np.bincount(flat, weights=vals, minlength=n * (hi - lo))
        shares = shares.astype(np.float64, copy=False).reshape(n, hi - lo)
        tot = shares.sum(axis=1)
        has[:, d] = tot > 0
        shares /= np.where(tot > 0, tot, 1.0)[:, None]
        out[:, lo:hi] = np.sqrt(shares)
    return out, has


def target(layout: AudienceLayout, raw: Any) -> tuple[np.ndarray, np.ndarray]:
    """Brief target as a block matrix (width x dims) of sqrt shares, and which dims exist."""
    t = np.zeros((layout.width, len(AUDIENCE_DIMS)), dtype=np.float32)
    has = np.zeros(len(AUDIENCE_DIMS), dtype=bool)
    src: Mapping[str, Any] = records.mapping(raw)
    for d, dim in enumerate(AUDIENCE_DIMS):
        vocab, lo = layout.vocabs[dim], int(layout.offsets[d])
        acc: dict[int, float] = {}
        split = src.get(dim)
        if isinstance(split, (str, list, tuple)):  # "female" / ["18-24", "25-34"]: uniform
            split = {k: 1.0 for k in ([split] if isinstance(split, str) else split)
                     if isinstance(k, (str, int))}  # fmt: skip
        for key, val in records.mapping(split).items():
            share, code = records.nonneg(val), vocab.get(records.audience_key(dim, key))
            if code >= 0 and share > 0.0:
                acc[code] = acc.get(code, 0.0) + share
        total = sum(acc.values())
        if total > 0.0:
            has[d] = True
            for code, share in acc.items():
                t[lo + code, d] = np.sqrt(share / total)
    return t, has


def population(aud: np.ndarray, aud_has: np.ndarray, layout: AudienceLayout) -> np.ndarray:
    """sqrt of the mean audience shares over the KOLs that report each dimension."""
    pop = np.zeros(layout.width, dtype=np.float32)
    for d in range(len(AUDIENCE_DIMS)):
        lo, hi = int(layout.offsets[d]), int(layout.offsets[d + 1])
        rows = aud_has[:, d]
        if rows.any():
            mean = (aud[rows, lo:hi].astype(np.float64) ** 2).mean(axis=0)
            pop[lo:hi] = np.sqrt(mean / max(mean.sum(), 1e-12))
    return pop


def overlap(
    aud: np.ndarray,
    aud_has: np.ndarray,
    t: np.ndarray,
    t_has: np.ndarray,
    pop: np.ndarray | None,
    rows: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, float]:
    """(joint Bhattacharyya coefficient per row, row reports a targeted dimension,
    the coefficient of an unknown audience) for ``rows`` (default: all rows).

    Treating dimensions as independent, the joint coefficient is the product of the
    per-dimension ones over the dimensions the brief targets; unlike their mean it is not
    diluted by a dimension everybody matches (every beauty KOL matches a mostly-female
    target; ages tell them apart).  A dimension a KOL does not report counts as the
    population's average audience, so missing data is neither rewarded nor punished."""
    n = len(aud) if rows is None else len(rows)
    dims = np.flatnonzero(t_has)
    if len(dims) == 0 or n == 0:
        return np.ones(n, dtype=np.float32), np.zeros(n, dtype=bool), 1.0
    tt = t[:, dims]
    if rows is None:
        bc = aud @ tt
    elif 4 * len(rows) > len(aud):  # most rows: one pass over the matrix beats a gather
        bc = (aud @ tt)[rows]
    else:
        bc = aud[rows] @ tt
    has = aud_has[:, dims] if rows is None else aud_has[rows][:, dims]
    neutral = np.clip(pop @ tt, 0.0, 1.0) if pop is not None else np.full(len(dims), 0.85)
    joint = np.ones(n, dtype=np.float32)
    for j in range(len(dims)):
        joint *= np.where(has[:, j], np.clip(bc[:, j], 0.0, 1.0), np.float32(neutral[j]))
    typical = max(float(np.prod(neutral)), 1e-6)
    return joint, has.any(axis=1), typical


def part(bc: np.ndarray) -> np.ndarray:
    """Audience part: 1 - Hellinger distance (spreads BC's compressed 0.5-1 range)."""
    return 1.0 - np.sqrt(np.clip(1.0 - bc, 0.0, 1.0))


def shape_features(aud: np.ndarray, aud_has: np.ndarray, layout: AudienceLayout) -> np.ndarray:
    """Per KOL (normalised entropy, max share) averaged over known dims; NaN if none."""
    n = len(aud)
    ent, mx = np.zeros(n), np.zeros(n)
    for d in range(len(AUDIENCE_DIMS)):
        lo, hi = layout.offsets[d], layout.offsets[d + 1]
        p = aud[:, lo:hi].astype(np.float64) ** 2
        with np.errstate(divide="ignore", invalid="ignore"):
            h = -np.where(p > 0, p * np.log(p), 0.0).sum(axis=1) / np.log(max(hi - lo, 2))
        ent += np.where(aud_has[:, d], h, 0.0)
        mx += np.where(aud_has[:, d], p.max(axis=1, initial=0.0), 0.0)
    k = aud_has.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.stack([ent / k, mx / k], axis=1)
