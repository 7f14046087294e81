"""Columnar segments: the fitted model, one immutable block of KOLs, and how blocks merge.

The index is a large *main* segment plus a small *delta* segment that receives upserts.
Replaced or removed rows are tombstoned in place; ``concat`` drops them when the delta
is folded into the main segment.  Offers are stored sorted by KOL row so "one offer per
KOL" is a vectorised segment reduction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np
import scipy.sparse as sp

from matching import audience, authenticity, features, text, weights
from matching.columns import KolColumns
from matching.strings import Strings
from matching.vocab import Vocabs


@dataclass
class Model:
    """Everything fitted at build and reused, unchanged, by upserts and queries."""

    vocabs: Vocabs
    layout: audience.AudienceLayout
    stats: features.Stats
    idf: np.ndarray
    auth: authenticity.AuthModel


def _empty() -> np.ndarray:
    return np.zeros(0, dtype=np.float32)


@dataclass
class Segment:
    # per KOL row
    ids: np.ndarray  # object array of str
    active: np.ndarray  # bool: active and not suspended
    tomb: np.ndarray  # bool: replaced or removed
    primary: np.ndarray  # int16 category code, -1 none
    catmask: np.ndarray  # uint64 bit per category code < 64
    script: np.ndarray  # int8: 1 Latin words, 2 CJK characters in the KOL's text
    text: sp.spmatrix  # float32 tf-idf rows (CSC in main, CSR in delta)
    aud: np.ndarray  # float32 n x width, sqrt of shares
    aud_has: np.ndarray  # bool n x dims
    reliability: np.ndarray  # float32 part
    rating: np.ndarray  # float32 Bayesian rating
    on_time: np.ndarray  # float32 Bayesian on-time rate
    history: np.ndarray  # float32 reviews + completed
    authenticity: np.ndarray  # float32
    flag: np.ndarray  # int8 authenticity flag code
    of_start: np.ndarray  # int64 n + 1: offers of row i are of_start[i]:of_start[i + 1]
    # per offer
    of_kol: np.ndarray  # int32 row
    of_live: np.ndarray  # bool: owner active and not tombstoned
    of_platform: np.ndarray  # int16
    of_type: np.ndarray  # int16
    of_currency: np.ndarray  # int16
    of_rate: np.ndarray  # float64
    of_followers: np.ndarray  # float64
    of_er: np.ndarray  # float32
    of_ratio: np.ndarray  # float32 engagement / tier median
    of_eng: np.ndarray  # float32 engagement part
    of_logvalue: np.ndarray  # float32 ln(followers * er / rate)
    of_listing: Strings  # listing ids ("" when missing)
    # derived from the above, the fitted model and the weights (``derive``; not saved)
    static_log: np.ndarray = field(
        default_factory=_empty
    )  # float32 per row: weighted ln reliability + ln penalty
    of_eng_log: np.ndarray = field(default_factory=_empty)  # float32 ln engagement part
    of_value_z: np.ndarray = field(
        default_factory=_empty
    )  # float32 value z-score before audience (features.value_z)
    of_value_inv: np.ndarray = field(default_factory=_empty)  # float32 1 / value spread
    text_rows: sp.csr_matrix | None = None  # CSR copy of ``text`` (feedback.rows_matrix)

    @property
    def n(self) -> int:
        return len(self.ids)

    def kill(self, row: int) -> None:
        """Tombstone one row (and its offers)."""
        self.tomb[row] = True
        self.of_live[self.of_start[row] : self.of_start[row + 1]] = False


DERIVED = ("static_log", "of_eng_log", "of_value_z", "of_value_inv")
PER_ROW = ("ids", "active", "tomb", "primary", "catmask", "script", "aud", "aud_has",
           "reliability", "rating", "on_time", "history", "authenticity", "flag")  # fmt: skip
PER_OFFER = tuple(
    f.name
    for f in fields(Segment)
    if f.name.startswith("of_") and f.name != "of_start" and f.name not in DERIVED
)


def derive(seg: Segment, model: Model) -> Segment:
    """(Re)compute the derived arrays the request path uses, in place."""
    w = weights.PART_WEIGHTS
    penalty = 1.0 - weights.AUTH_PENALTY * (1.0 - seg.authenticity)
    seg.static_log = (
        w["reliability"] * features.log_part(seg.reliability) + np.log(np.maximum(penalty, 1e-6))
    ).astype(np.float32)
    seg.of_eng_log = features.log_part(seg.of_eng).astype(np.float32)
    seg.of_value_z, seg.of_value_inv = features.value_z(
        seg.of_logvalue, seg.of_currency, seg.of_type, model.stats
    )
    return seg


def text_matrix(texts: list[str], idf: np.ndarray, csc: bool) -> sp.spmatrix:
    x = text.weight(text.counts(texts), idf)
    return x.tocsc() if csc else x


def make_segment(
    c: KolColumns,
    model: Model,
    keys: np.ndarray,
    x: sp.spmatrix | None = None,
    fit_auth: bool = False,
) -> Segment:
    """Derive every query-independent array for parsed KOLs with a fitted model.

    ``fit_auth`` (build only) first fits the authenticity forest on these KOLs."""
    n = len(c.ids)
    aud, aud_has = audience.matrix(n, model.layout, c, keys)
    stats = model.stats
    pf_ratio, _ = features.engagement_ratio(c.pf_platform, c.pf_followers, c.pf_er, stats)
    fol, er, lv = features.offer_log_value(c)
    of_ratio, _ = features.engagement_ratio(c.of_platform, fol, er, stats)
    rel, bayes, ot = features.reliability(c, stats)
    history = np.nan_to_num(c.reviews, nan=0.0) + np.nan_to_num(c.completed, nan=0.0)
    main_f, main_r = _main_account(n, c, pf_ratio)
    shape = audience.shape_features(aud, aud_has, model.layout)
    feats = authenticity.features(main_f, main_r, shape, c.verified, history)
    if fit_auth:
        model.auth = authenticity.fit(feats)
    auth, flag = authenticity.score(feats, model.auth, main_r)
    if x is None:
        x = text_matrix(c.texts, model.idf, csc=False)
    of_kol = c.of_kol.astype(np.int32)
    seg = Segment(
        ids=_objects(c.ids),
        active=c.alive.copy(),
        tomb=np.zeros(n, dtype=bool),
        primary=c.primary.astype(np.int16),
        catmask=c.catmask,
        script=c.script.astype(np.int8),
        text=x,
        aud=aud,
        aud_has=aud_has,
        reliability=rel.astype(np.float32),
        rating=bayes.astype(np.float32),
        on_time=ot.astype(np.float32),
        history=history.astype(np.float32),
        authenticity=auth,
        flag=flag,
        of_start=np.searchsorted(of_kol, np.arange(n + 1)).astype(np.int64),
        of_kol=of_kol,
        of_live=c.alive[of_kol] if n else np.zeros(0, dtype=bool),
        of_platform=c.of_platform.astype(np.int16),
        of_type=c.of_type.astype(np.int16),
        of_currency=c.of_currency.astype(np.int16),
        of_rate=c.of_rate.astype(np.float64),
        of_followers=fol.astype(np.float64),
        of_er=er.astype(np.float32),
        of_ratio=of_ratio.astype(np.float32),
        of_eng=features.engagement_part(
            features.pooled_ratio(of_ratio, c.of_kol, c.pf_kol, pf_ratio, n)
        ).astype(np.float32),
        of_logvalue=lv.astype(np.float32),
        of_listing=c.of_listing,
    )
    return derive(seg, model)


def _main_account(n: int, c: KolColumns, pf_ratio: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Followers and engagement ratio of each KOL's largest platform account."""
    fol, ratio = np.full(n, np.nan), np.full(n, np.nan)
    if len(c.pf_kol) == 0:
        return fol, ratio
    f = np.nan_to_num(c.pf_followers, nan=-1.0)
    order = np.lexsort((-f, c.pf_kol))
    k = c.pf_kol[order]
    first = order[np.r_[True, k[1:] != k[:-1]]]
    fol[c.pf_kol[first]] = c.pf_followers[first]
    ratio[c.pf_kol[first]] = pf_ratio[first]
    return fol, ratio


def concat(segs: list[Segment], csc: bool) -> Segment:
    """Stack segments, dropping tombstoned rows (and their offers).

    Column by column, so at most one column's intermediate copies exist at a time."""
    keeps = [~s.tomb for s in segs]
    rows = [np.flatnonzero(k) for k in keeps]
    offers = [k[s.of_kol] for k, s in zip(keeps, segs, strict=True)]
    out: dict[str, Any] = {}
    for k in (*PER_ROW, "static_log"):
        out[k] = np.concatenate([getattr(s, k)[r] for s, r in zip(segs, rows, strict=True)])
    for k in (*PER_OFFER, *DERIVED[1:]):
        if k in ("of_kol", "of_listing"):
            continue
        out[k] = np.concatenate([getattr(s, k)[o] for s, o in zip(segs, offers, strict=True)])
    out["of_listing"] = Strings.concat([s.of_listing[o] for s, o in zip(segs, offers, strict=True)])
    new_kol, base = [], 0
    for s, keep, o in zip(segs, keeps, offers, strict=True):
        new_row = np.cumsum(keep) - 1 + base
        new_kol.append(new_row[s.of_kol[o]].astype(np.int32))
        base += int(keep.sum())
    out["of_kol"] = np.concatenate(new_kol)
    texts = [s.text if len(r) == s.n else s.text[r] for s, r in zip(segs, rows, strict=True)]
    x = sp.vstack(texts, format="csc" if csc else "csr", dtype=np.float32)
    n = len(out["ids"])
    of_start = np.searchsorted(out["of_kol"], np.arange(n + 1)).astype(np.int64)
    return Segment(text=x, of_start=of_start, **out)


def take_row(seg: Segment, row: int) -> Segment:
    """A one-row segment copied from ``seg`` (cheap, even when ``seg`` is the main one)."""
    from matching.text import row_terms

    a, b = int(seg.of_start[row]), int(seg.of_start[row + 1])
    cols, vals = row_terms(seg.text, row)
    order = np.argsort(cols)
    x = sp.csr_matrix(
        (vals[order], cols[order], [0, len(cols)]), shape=(1, seg.text.shape[1]), dtype=np.float32
    )
    out: dict[str, Any] = {
        k: getattr(seg, k)[row : row + 1].copy() for k in (*PER_ROW, "static_log")
    }
    out.update({k: getattr(seg, k)[a:b] for k in (*PER_OFFER, *DERIVED[1:])})
    out["of_kol"] = np.zeros(b - a, dtype=np.int32)
    return Segment(text=x, of_start=np.array([0, b - a], dtype=np.int64), **out)


def _objects(items: list[str]) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out
