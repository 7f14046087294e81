"""Result types and their construction from scored batches (top-k only: cheap)."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from matching import flags
from matching.scoring import PARTS, Batch
from matching.segment import Model, Segment


@dataclass(frozen=True)
class Match:
    """One ranked KOL for a brief.

    ``reasons`` holds the score parts, each in [0, 1]; ``details`` the raw figures a UI
    can quote ("engagement 2.1x tier median": ``details["engagement_ratio"]``); ``flags``
    human-readable cautions (likely fake audience, exploration slot, missing data) and
    ``flag_codes`` the same cautions as stable codes (:mod:`matching.flags`), in order.
    """

    kol_id: str
    listing_id: str | None
    score: float
    reasons: dict[str, float]
    details: dict[str, float | str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    flag_codes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class BriefMatch:
    """One brief ranked for a KOL (reverse direction); same meaning of fields as Match."""

    brief_id: str
    listing_id: str | None
    score: float
    reasons: dict[str, float]
    details: dict[str, float | str] = field(default_factory=dict)
    flags: list[str] = field(default_factory=list)
    flag_codes: list[str] = field(default_factory=list)


@dataclass
class Candidate:
    """A scored KOL before it becomes a Match (used by fairness passes)."""

    kol_id: str
    score: float
    batch: Batch
    i: int
    flag_codes: list[str] = field(default_factory=list)


def _num(x: float, nd: int = 4) -> float:
    x = float(x)
    return round(x, nd) if math.isfinite(x) else float("nan")


def candidates(batches: list[Batch], segs: list[Segment]) -> list[Candidate]:
    """All scored KOLs of all batches, best first, ties broken by KOL id."""
    out = [
        Candidate(str(segs[b.seg].ids[b.rows[i]]), float(b.score[i]), b, i)
        for b in batches
        for i in range(len(b.rows))
    ]
    out.sort(key=lambda c: (-c.score, c.kol_id))
    return out


def to_match(c: Candidate, segs: list[Segment], model: Model) -> Match:
    b, i = c.batch, c.i
    seg, row, offer = segs[b.seg], int(b.rows[i]), int(b.offers[i])
    reasons = {p: _num(b.parts[p][i]) for p in PARTS}
    codes = flag_codes(seg, row) + c.flag_codes
    if math.isnan(reasons["category"]):
        del reasons["category"]
    return Match(
        kol_id=c.kol_id,
        listing_id=seg.of_listing[offer] or None,
        score=_num(c.score, 6),
        reasons=reasons,
        details=details(seg, row, offer, b, i, model),
        flags=flags.texts(codes),
        flag_codes=codes,
    )


def details(
    seg: Segment, row: int, offer: int, b: Batch | None, i: int, model: Model
) -> dict[str, float | str]:
    v = model.vocabs
    ratio, er = float(seg.of_ratio[offer]), float(seg.of_er[offer])
    out: dict[str, float | str] = {
        "platform": _name(v.platform.names, seg.of_platform[offer]),
        "collab_type": _name(v.ctype.names, seg.of_type[offer]),
        "currency": _name(v.currency.names, seg.of_currency[offer]),
        "rate": _num(seg.of_rate[offer], 2),
        "followers": _num(seg.of_followers[offer], 0),
        "engagement_rate": _num(er, 5),
        "engagement_ratio": _num(ratio, 3),
        "tier_median_engagement": _num(er / ratio, 5) if ratio > 0 else float("nan"),
        "bayes_rating": _num(seg.rating[row], 3),
        "on_time_rate": _num(seg.on_time[row], 3),
        "history": _num(seg.history[row], 0),
    }
    if b is not None:
        out["audience_overlap"] = _num(b.details["audience_overlap"][i])
        out["text_cosine"] = _num(b.details["text_cosine"][i])
    # unknown figures are left out (NaN would also break equality of results)
    return {k: v for k, v in out.items() if not (isinstance(v, float) and math.isnan(v))}


def flag_codes(seg: Segment, row: int) -> list[str]:
    """The KOL's own cautions (exploration is added by the ranking that granted it)."""
    out = []
    code = int(seg.flag[row])
    if code:
        out.append(flags.AUTHENTICITY_CODES.get(code, flags.UNUSUAL_PROFILE))
    if not seg.aud_has[row].any():
        out.append(flags.NO_AUDIENCE_DATA)
    return out


def _name(names: list[str], code: np.integer | int) -> str:
    c = int(code)
    return names[c] if 0 <= c < len(names) else ""
