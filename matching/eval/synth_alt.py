"""A second synthetic dataset, built independently of :mod:`matching.eval.synth`.

``python -m matching.eval.synth_alt OUT.json [--categories beauty,food]``

Own vocabulary (:mod:`matching.eval.synth_alt_words`: niches such as sunscreen, lipstick,
acne, perfume within beauty; baking, hotpot, coffee within food), own record shapes and
own relevance, judged the way a careful person would:

1. niche fit matters most (the creator's main niche, a second niche, a close niche, the
   same category only, another category);
2. then how much of the creator's *true* audience is in the brief's target;
3. then content quality (true engagement for its size); bought-follower accounts
   (inflated followers, low engagement, odd audiences) are worth next to nothing;
4. then reliability and price.

Grades 0-3 are fixed cut-offs on the latent relevance plus judge noise; the noise
ceiling ranks by the latent relevance.  KOLs and briefs come mostly from one or two
categories, so the category alone says little.  Used to diagnose, not to tune.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np

from matching.eval import constraints, synth_alt_words
from matching.eval.synth_judge import ceiling

AGES = ("13-17", "18-24", "25-34", "35-44", "45+")
REGIONS = ("tier1", "tier2", "tier3", "tier4+")
PLATFORMS = ("xiaohongshu", "douyin", "bilibili", "weibo")
TYPES = ("image_text", "short_video", "live_stream")
CUTS = (0.18, 0.34, 0.52)  # noisy latent relevance needed for grades 1, 2, 3
NOISE = 0.06
AGE_LEAN = {"antiage": 3, "acne": 1, "lips": 1, "newborn": 2, "toddler": 2, "sneakers": 1,
            "pcbuild": 1, "tea": 2, "bags": 2, "healthy": 2}  # fmt: skip
MALE_LEAN = {"sneakers": 0.55, "pcbuild": 0.75, "audio": 0.6, "phones": 0.6, "hotpot": 0.45,
             "coffee": 0.4, "street": 0.45, "aquarium": 0.6, "dogs": 0.4, "scent": 0.3}  # fmt: skip


def _niches(cats: list[str]) -> list[tuple[str, str]]:
    return [(c, n) for c in cats for n in synth_alt_words.NICHES[c]]


def _audience(rng: np.random.Generator, niche: str) -> tuple[float, np.ndarray, np.ndarray]:
    fem = float(np.clip(1 - MALE_LEAN.get(niche, 0.12) + rng.normal(0, 0.12), 0.03, 0.97))
    peak = AGE_LEAN.get(niche, 1) + int(rng.integers(-1, 2))
    prof = np.exp(-0.9 * np.abs(np.arange(5) - np.clip(peak, 0, 4)))
    age = rng.dirichlet(prof / prof.sum() * 12 + 0.05)
    region = rng.dirichlet(np.array([0.35, 0.3, 0.2, 0.15]) * 10)
    return fem, age, region


def _phrases(rng: np.random.Generator, cat: str, niche: str, zh: bool, n: int) -> list[str]:
    en, cn, _ = synth_alt_words.NICHES[cat][niche]
    pool = cn if zh else en
    return [str(x) for x in rng.choice(pool, size=min(n, len(pool)), replace=False)]


def make_kol(rng: np.random.Generator, i: int, niches: list, cat_p: np.ndarray) -> tuple:
    cat, niche = niches[int(rng.choice(len(niches), p=cat_p))]
    sibs = [n for n in synth_alt_words.NICHES[cat] if n != niche]
    second = str(rng.choice(sibs)) if rng.random() < 0.3 else None
    lang = str(rng.choice(["en", "zh", "both"], p=[0.35, 0.4, 0.25]))
    zh = lang == "zh"
    words = _phrases(rng, cat, niche, zh, int(rng.integers(1, 4)))
    if second:
        words += _phrases(rng, cat, second, zh, 1)
    filler = synth_alt_words.FILLER_ZH if zh else synth_alt_words.FILLER_EN
    words += [str(x) for x in rng.choice(filler, size=int(rng.integers(1, 3)), replace=False)]
    rng.shuffle(words)
    bio = ("，" if zh else ", ").join(words)
    tags = _phrases(rng, cat, niche, zh, int(rng.integers(1, 4)))
    if lang == "both":
        tags += _phrases(rng, cat, niche, True, int(rng.integers(1, 3)))
    tags = ["#" + t if rng.random() < 0.3 else t for t in tags]
    fraud = bool(rng.random() < 0.08)
    quality = float(rng.normal())
    fem, age, region = _audience(rng, niche)
    if fraud:
        fem = float(np.clip(rng.normal(0.5, 0.05), 0, 1))
        age = rng.dirichlet(np.ones(5) * 3)
        region = rng.dirichlet(np.array([0.05, 0.1, 0.25, 0.6]) * 10)
    fair = float(rng.lognormal(0, 0.3))
    pfs, rates = [], []
    for p in rng.choice(PLATFORMS, size=int(rng.integers(1, 3)), replace=False):
        real = float(np.exp(rng.normal(np.log(4e4), 1.3)))
        shown = real * (float(rng.uniform(5, 20)) if fraud else 1.0)
        er = 0.06 * (real / 1e4) ** -0.25 * np.exp(0.5 * quality) * real / shown
        er *= float(rng.lognormal(0, 0.15))
        pfs.append({"platform": str(p), "followers": int(shown), "engagement_rate": round(er, 4)})
        for t in rng.choice(TYPES, size=int(rng.integers(1, 3)), replace=False):
            price = 25 * (shown if fraud else real) ** 0.85 * fair * float(rng.lognormal(0, 0.15))
            rates.append({"platform": str(p), "collab_type": str(t), "rate": int(price),
                          "currency": "cny", "listing_id": f"a{i}-{len(rates)}"})  # fmt: skip
    reliab = float(rng.beta(5, 1.5))
    reviews = int(rng.poisson(1 if fraud else 5))
    cats = [cat] + ([str(rng.choice(list(synth_alt_words.NICHES)))] if rng.random() < 0.2 else [])
    kol: dict[str, Any] = {
        "id": f"a{i}", "categories": cats if rng.random() > 0.03 else [], "bio": bio,
        "tags": tags, "platforms": pfs, "rates": rates,
        "audience": {"gender": {"female": round(fem, 2), "male": round(1 - fem, 2)},
                     "age": dict(zip(AGES, np.round(age, 3).tolist(), strict=True)),
                     "region": dict(zip(REGIONS, np.round(region, 3).tolist(), strict=True))},
        "rating": round(float(np.clip(rng.normal(2 + 3 * reliab, 0.4), 1, 5)), 1)
        if reviews else None,
        "reviews": reviews, "completed": reviews + int(rng.poisson(2)),
        "on_time_rate": round(float(np.clip(rng.normal(reliab, 0.1), 0, 1)), 2),
        "verified": bool(rng.random() < (0.15 if fraud else 0.55)),
    }  # fmt: skip
    if rng.random() < 0.07:
        del kol["audience"]
    truth = {"cat": cat, "niche": niche, "second": second, "fraud": fraud, "quality": quality,
             "fair": fair, "reliab": reliab, "fem": fem, "age": age}  # fmt: skip
    return kol, truth


def make_brief(rng: np.random.Generator, i: int, niches: list, cat_p: np.ndarray) -> tuple:
    cat, niche = niches[int(rng.choice(len(niches), p=cat_p))]
    en, cn, rel = synth_alt_words.NICHES[cat][niche]
    zh = bool(rng.random() < 0.3)
    pool = [str(x) for x in (cn if zh else en)]
    picks = [str(x) for x in rng.choice(pool, size=2, replace=False)]
    if not zh and rng.random() < 0.4:  # the brand's own words: synonyms, related terms
        picks[int(rng.integers(2))] = str(rng.choice(rel))
    title = str(rng.choice(synth_alt_words.TITLES_ZH if zh else synth_alt_words.TITLES_EN)).format(
        w=picks[0]
    )
    desc = str(rng.choice(synth_alt_words.DESCS_ZH if zh else synth_alt_words.DESCS_EN)).format(
        a=picks[0], b=picks[1]
    )
    fem, age, _ = _audience(rng, niche)
    if rng.random() < 0.25:  # a brand going after a different crowd than usual
        fem = 1 - fem
    top = np.argsort(-age)[: int(rng.integers(1, 3))]
    brief: dict[str, Any] = {
        "id": f"ab{i}", "category": cat, "title": title, "description": desc,
        "platforms": sorted({str(p) for p in rng.choice(PLATFORMS, int(rng.integers(2, 4)))}),
        "budget": int(np.exp(rng.uniform(np.log(3e4), np.log(1e6)))), "currency": "cny",
        "target_audience": {"gender": {"female": round(fem, 2), "male": round(1 - fem, 2)},
                            "age": {AGES[a]: round(1 / len(top), 2) for a in top}},
    }  # fmt: skip
    if rng.random() < 0.5:
        brief["collab_types"] = sorted({str(t) for t in rng.choice(TYPES, 2)})
    if rng.random() < 0.4:
        brief["min_followers"] = int(np.exp(rng.uniform(np.log(2e3), np.log(3e4))))
    if rng.random() < 0.1:
        del brief["target_audience"]
    return brief, {"cat": cat, "niche": niche}


def _sig(x: float) -> float:
    return float(1 / (1 + np.exp(-x)))


def relevance(kt: dict[str, Any], bt: dict[str, Any], brief: dict[str, Any]) -> float:
    if kt["niche"] == bt["niche"]:
        topic = 1.0
    elif kt["second"] == bt["niche"]:
        topic = 0.6
    elif frozenset((kt["niche"], bt["niche"])) in synth_alt_words.CLOSE:
        topic = 0.4
    else:
        topic = 0.12 if kt["cat"] == bt["cat"] else 0.02
    tgt = brief.get("target_audience") or {}
    aud = 0.6
    if tgt:
        g = 1 - abs(kt["fem"] - tgt["gender"]["female"])
        a = sum(float(kt["age"][AGES.index(x)]) for x in tgt["age"])
        aud = (g * min(1.0, a / 0.6)) ** 0.75
    eng = _sig(1.5 * kt["quality"])
    extra = 0.5 * kt["reliab"] + 0.5 * _sig(-2.5 * np.log(kt["fair"]))
    honest = 0.1 if kt["fraud"] else 1.0
    return topic * (0.3 + 0.7 * aud) * (0.45 + 0.55 * eng) * (0.75 + 0.25 * extra) * honest


def dataset(
    n_kols: int = 2000, n_briefs: int = 60, seed: int = 7, cats: tuple[str, ...] = ()
) -> dict[str, Any]:
    rng = np.random.default_rng(seed)
    main = list(cats) or ["beauty", "food"]
    niches = _niches(list(synth_alt_words.NICHES))
    w = np.array([(6.0 if c in main else 0.4) / len(synth_alt_words.NICHES[c]) for c, _ in niches])
    kp = w / w.sum()
    bw = np.array([1.0 if c in main else 0.0 for c, _ in niches])
    bp = bw / bw.sum()
    kols, kt = zip(*(make_kol(rng, i, niches, kp) for i in range(n_kols)), strict=True)
    briefs, bt = zip(*(make_brief(rng, i, niches, bp) for i in range(n_briefs)), strict=True)
    pairs, latent = [], []
    for b, t in zip(briefs, bt, strict=True):
        for k, s in zip(kols, kt, strict=True):
            if constraints.eligible(k, b):
                pairs.append((b["id"], k["id"]))
                latent.append(relevance(s, t, b))
    lat = np.array(latent)
    noisy = lat + rng.normal(0, NOISE, len(lat))
    grades = sum((noisy >= c).astype(int) for c in CUTS)
    judgments = [{"brief_id": b, "kol_id": k, "grade": int(g)}
                 for (b, k), g in zip(pairs, grades, strict=True) if g > 0]  # fmt: skip
    return {"kols": list(kols), "briefs": list(briefs), "judgments": judgments,
            "noise_ceiling": ceiling(pairs, lat, grades),
            "generator": {"name": "synth_alt", "seed": seed, "categories": main}}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="write the independent synthetic dataset")
    ap.add_argument("out")
    ap.add_argument("--kols", type=int, default=2000)
    ap.add_argument("--briefs", type=int, default=60)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--categories", default="", help="comma list (default beauty,food)")
    a = ap.parse_args(argv)
    cats = tuple(c for c in a.categories.split(",") if c)
    data = dataset(a.kols, a.briefs, a.seed, cats)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
    print(json.dumps({"out": a.out, **data["noise_ceiling"], "judgments": len(data["judgments"])}))


if __name__ == "__main__":
    main()
