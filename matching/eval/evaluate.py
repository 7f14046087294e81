"""Offline evaluation: ``python -m matching.evaluate --dataset FILE.json [--k 10]``.

Builds the index from the dataset's KOLs, ranks every brief and scores the rankings
against the graded judgments, next to three baselines that respect the same hard
constraints: random order, most followers first, and category match only (ties in
random order).  Every returned KOL is re-checked against the hard constraints by the
independent record-level checker.  Exploration and diversity are off.  The last line
printed is one JSON object.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from matching import records
from matching.eval import constraints, metrics
from matching.index import MatchIndex

BASELINES = ("random", "most_followers", "category_only")
LATENT_KEYS = ("latent", "true_relevance", "relevance")


def _rng(brief_id: str) -> np.random.Generator:
    return np.random.default_rng(int.from_bytes(hashlib.sha256(brief_id.encode()).digest()[:8]))


def baseline_rankings(index: MatchIndex, brief: Mapping[str, Any], bid: str, n: int) -> dict:
    el = index.eligible(brief)
    ids = np.empty(len(el.kol_ids), dtype=object)
    ids[:] = el.kol_ids
    shuffle = _rng(bid).permutation(len(ids))
    fol = np.nan_to_num(el.followers, nan=-1.0)
    cat = np.nan_to_num(el.category, nan=0.0)
    out = {"random": [str(x) for x in ids[shuffle][:n]]}
    out["most_followers"] = [str(x) for x in ids[np.lexsort((ids.astype(str), -fol))][:n]]
    order = shuffle[np.argsort(-cat[shuffle], kind="stable")]
    out["category_only"] = [str(x) for x in ids[order][:n]]
    listing = dict(zip(el.kol_ids, el.listing_ids, strict=True))
    return {"rankings": out, "listing": listing}


def _judgments(data: Mapping[str, Any]) -> tuple[dict[str, dict[str, int]], dict[str, dict]]:
    judged: dict[str, dict[str, int]] = {}
    latent: dict[str, dict[str, float]] = {}
    for j in data.get("judgments") or []:
        if not isinstance(j, Mapping):
            continue
        b, k, g = str(j.get("brief_id")), str(j.get("kol_id")), records.num(j.get("grade"))
        if g == g:
            judged.setdefault(b, {})[k] = int(g)
        for key in LATENT_KEYS:
            v = records.num(j.get(key))
            if v == v:
                latent.setdefault(b, {})[k] = v
    return judged, latent


def evaluate(data: Mapping[str, Any], k: int = 10) -> dict[str, Any]:
    kols = [x for x in data.get("kols") or [] if records.record_id(x) is not None]
    briefs = [b for b in data.get("briefs") or [] if records.record_id(b) is not None]
    by_id = {records.record_id(x): x for x in kols}
    index = MatchIndex.from_records(kols)
    judged, latent = _judgments(data)
    depth = max(50, k)
    ours: dict[str, list[str]] = {}
    base: dict[str, dict[str, list[str]]] = {b: {} for b in BASELINES}
    violations = {"matcher": 0, **{b: 0 for b in BASELINES}}
    for brief in briefs:
        bid = str(records.record_id(brief))
        res = index.rank(brief, k=depth)
        ours[bid] = [m.kol_id for m in res]
        violations["matcher"] += sum(
            constraints.violates(by_id[m.kol_id], brief, m.listing_id) for m in res
        )
        bl = baseline_rankings(index, brief, bid, depth)
        for name, ranked in bl["rankings"].items():
            base[name][bid] = ranked
            violations[name] += sum(
                constraints.violates(by_id[x], brief, bl["listing"][x]) for x in ranked
            )
    out: dict[str, Any] = dict(_metrics(ours, judged, k))
    out.update(briefs=len(briefs), kols=len(index), k=k, hard_violations=violations["matcher"])
    out["baselines"] = {b: _metrics(base[b], judged, k) for b in BASELINES}
    out["baseline_hard_violations"] = {b: violations[b] for b in BASELINES}
    ceiling = data.get("noise_ceiling")
    if not isinstance(ceiling, Mapping) and latent:
        ceiling = _metrics(
            {b: sorted(v, key=lambda x: (-v[x], x))[:depth] for b, v in latent.items()}, judged, k
        )
    if isinstance(ceiling, Mapping):
        out["noise_ceiling"] = {
            m: float(v) for m, v in ceiling.items() if records.num(v) == records.num(v)
        }
        out["share_of_ceiling"] = {
            m: round(out[m] / v, 4) for m, v in out["noise_ceiling"].items() if m in out and v
        }
    cat = out["baselines"]["category_only"]["ndcg@10"]
    out["x_category_only_ndcg@10"] = round(out["ndcg@10"] / cat, 2) if cat else None
    return out


def _metrics(rankings: Mapping[str, list[str]], judged: dict, k: int) -> dict[str, float]:
    m = metrics.summary(rankings, judged, 10)
    if k != 10:
        m.update(metrics.summary(rankings, judged, k))
    return m


def table(res: Mapping[str, Any]) -> str:
    names = [n for n in res if n.startswith("ndcg@")] + ["recall@50", "mrr"]
    rows = [("matcher", res), *((b, res["baselines"][b]) for b in BASELINES)]
    if "noise_ceiling" in res:
        rows.append(("noise ceiling", res["noise_ceiling"]))
    lines = ["system".ljust(16) + "".join(n.rjust(11) for n in names)]
    for label, vals in rows:
        cells = "".join(
            (f"{vals[n]:.4f}" if isinstance(vals.get(n), float) else "-").rjust(11) for n in names
        )
        lines.append(label.ljust(16) + cells)
    lines.append(
        f"briefs {res['briefs']}, KOLs {res['kols']}, hard_violations "
        f"{res['hard_violations']} (baselines {res['baseline_hard_violations']})"
    )
    if "share_of_ceiling" in res:
        lines.append(f"share of noise ceiling: {res['share_of_ceiling']}")
    lines.append(f"ndcg@10 vs category-only: {res['x_category_only_ndcg@10']}x")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description="evaluate the matcher on a judged dataset")
    ap.add_argument("--dataset", required=True, type=Path)
    ap.add_argument("--k", type=int, default=10)
    a = ap.parse_args(argv)
    data = json.loads(a.dataset.read_text(encoding="utf-8"))
    res = evaluate(data, max(1, a.k))
    print(table(res))
    print(json.dumps(res, ensure_ascii=False))
    return res


if __name__ == "__main__":
    main()
