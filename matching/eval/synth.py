"""Synthetic evaluation data with planted relevance: ``python -m matching.eval.synth OUT.json``.

Every KOL has hidden truths - topic (category and sub-topic), real audience, content
quality (true engagement relative to its size), honesty (a share are bought-follower
frauds), price fairness and reliability - and the records show noisy, partly missing,
bilingual traces of them.  A brief's latent relevance for an eligible KOL is computed
from the truths (see :mod:`matching.eval.synth_judge`); grades 0-3 are that relevance plus
judge noise.  The noise ceiling is the score of ranking by the latent relevance itself.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

import numpy as np

from matching.eval import lexicon

CAT_AUDIENCE: dict[str, tuple[float, tuple[float, ...]]] = {
    # category: (female share, age profile 13-17 / 18-24 / 25-34 / 35-44 / 45+)
    "beauty": (0.85, (0.08, 0.42, 0.35, 0.1, 0.05)),
    "fashion": (0.75, (0.08, 0.4, 0.34, 0.12, 0.06)),
    "food": (0.6, (0.05, 0.3, 0.35, 0.18, 0.12)),
    "electronics": (0.25, (0.08, 0.36, 0.34, 0.15, 0.07)),
    "mother_baby": (0.9, (0.01, 0.12, 0.55, 0.25, 0.07)),
    "home": (0.65, (0.02, 0.18, 0.42, 0.25, 0.13)),
    "health": (0.6, (0.02, 0.15, 0.3, 0.28, 0.25)),
    "sports": (0.4, (0.08, 0.38, 0.34, 0.14, 0.06)),
    "travel": (0.6, (0.03, 0.35, 0.38, 0.16, 0.08)),
    "pets": (0.7, (0.05, 0.4, 0.38, 0.12, 0.05)),
    "education": (0.55, (0.2, 0.45, 0.2, 0.1, 0.05)),
    "gaming": (0.2, (0.25, 0.45, 0.22, 0.06, 0.02)),
    "auto": (0.15, (0.01, 0.15, 0.4, 0.3, 0.14)),
    "finance": (0.4, (0.01, 0.2, 0.4, 0.25, 0.14)),
    "lifestyle": (0.65, (0.06, 0.38, 0.36, 0.13, 0.07)),
}
PLATFORM_ER = {"xiaohongshu": 1.2, "douyin": 1.0, "weibo": 0.5, "bilibili": 1.4,
               "taobao_live": 0.8, "kuaishou": 0.9}  # fmt: skip
TYPE_PRICE = {"image_text": 0.7, "short_video": 1.0, "live_stream": 1.5, "long_video": 1.3}
SUBTOPICS = [(c, s) for c in lexicon.CATEGORIES for s in lexicon.TOPICS[c]]
# marketplaces are skewed: beauty and fashion dominate (weights per category)
CAT_WEIGHT = {"beauty": 22, "fashion": 15, "food": 12, "mother_baby": 8, "lifestyle": 8,
              "electronics": 6, "home": 5, "health": 4, "sports": 4, "travel": 4, "pets": 3,
              "education": 3, "gaming": 3, "auto": 1.5, "finance": 1.5}  # fmt: skip
_P = np.array([CAT_WEIGHT[c] / len(lexicon.TOPICS[c]) for c, _ in SUBTOPICS])
SUBTOPIC_P = _P / _P.sum()


def _dirichlet_around(rng: np.random.Generator, p: np.ndarray, conc: float) -> np.ndarray:
    return rng.dirichlet(np.maximum(np.asarray(p) * conc, 0.05))


def _bio(rng: np.random.Generator, cat: str, sub: str, zh: bool) -> tuple[str, list[str]]:
    en, cn = lexicon.TOPICS[cat][sub]
    other = [s for s in lexicon.TOPICS[cat] if s != sub]
    words = list(rng.choice(cn if zh else en, size=int(rng.integers(2, 5)), replace=False))
    if other and rng.random() < 0.5:  # a word from a sibling sub-topic
        sib_en, sib_cn = lexicon.TOPICS[cat][other[int(rng.integers(len(other)))]]
        words.append(str(rng.choice(sib_cn if zh else sib_en)))
    filler = list(
        rng.choice(lexicon.FILLER_ZH if zh else lexicon.FILLER_EN, size=int(rng.integers(1, 4)))
    )
    rng.shuffle(words)
    if zh:
        bio = "｜".join(["".join(words[:2]), *words[2:], "".join(filler)])
    else:
        plural = [w + "s" if rng.random() < 0.3 and not w.endswith("s") else w for w in words]
        bio = " ".join(filler[:1] + plural + filler[1:]).capitalize()
    tags = [str(t) for t in rng.choice(cn if zh else en, size=int(rng.integers(1, 4)))]
    if rng.random() < 0.4:  # bilingual hashtags are common ("#skincare #护肤")
        tags += [str(t) for t in rng.choice(en if zh else cn, size=int(rng.integers(1, 3)))]
    return bio, sorted(set(tags))


def make_kol(rng: np.random.Generator, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """(record, hidden truths) for one KOL."""
    cat, sub = SUBTOPICS[int(rng.choice(len(SUBTOPICS), p=SUBTOPIC_P))]
    zh = bool(rng.random() < 0.4)
    fraud = bool(rng.random() < 0.07)
    quality = float(rng.normal())
    fem0, age0 = CAT_AUDIENCE[cat]
    fem = float(np.clip(fem0 + rng.normal(0, 0.12), 0.02, 0.98))
    age = _dirichlet_around(rng, np.array(age0), 20)
    region = _dirichlet_around(rng, np.array([0.3, 0.3, 0.25, 0.15]), 8)
    if fraud:  # bot followers: skewed regions, flat gender
        region = _dirichlet_around(rng, np.array([0.05, 0.1, 0.25, 0.6]), 8)
        fem = float(np.clip(0.5 + rng.normal(0, 0.05), 0, 1))
    cats = [cat]
    if rng.random() < 0.35:
        cats.append(str(rng.choice([c for c in lexicon.CATEGORIES if c != cat])))
    bio, tags = _bio(rng, cat, sub, zh)
    n_pf = int(rng.choice([1, 1, 2, 2, 3]))
    plats = rng.choice(lexicon.PLATFORMS, size=n_pf, replace=False)
    fairness = float(rng.lognormal(0, 0.35))  # >1: overpriced
    pfs, rates = [], []
    for p in plats:
        real = float(10 ** rng.normal(4.6, 0.7))
        shown = real * (float(rng.uniform(4, 15)) if fraud else 1.0)
        er = 0.05 * (real / 1e4) ** -0.2 * PLATFORM_ER[str(p)] * np.exp(0.45 * quality)
        er = er * float(rng.lognormal(0, 0.2)) * real / shown
        pfs.append({"platform": str(p), "followers": int(shown), "engagement_rate": round(er, 4)})
        for ct in rng.choice(lexicon.COLLAB_TYPES, size=int(rng.integers(1, 3)), replace=False):
            price = 40 * (shown * er / (real / shown if fraud else 1.0)) ** 0.9
            price *= TYPE_PRICE[str(ct)] * fairness * float(rng.lognormal(0, 0.2))
            usd = rng.random() < 0.1
            rates.append({"platform": str(p), "collab_type": str(ct),
                          "rate": int(price * 100 / (7 if usd else 1)),
                          "currency": "usd" if usd else "cny",
                          "listing_id": f"l{i}-{len(rates)}"})  # fmt: skip
    reliab = float(rng.beta(6, 1.5))
    reviews = int(rng.poisson(6 if not fraud else 1))
    stars = np.clip(rng.normal(1 + 4 * reliab, 0.6, size=reviews), 1, 5)
    completed = reviews + int(rng.poisson(3))
    kol: dict[str, Any] = {
        "id": f"k{i}", "categories": cats, "bio": bio, "tags": tags, "platforms": pfs,
        "audience": {
            "gender": {"female": round(fem, 3), "male": round(1 - fem, 3)},
            "age": {a: round(float(x), 3) for a, x in zip(lexicon.AGES, age, strict=True)},
            "region": {r: round(float(x), 3) for r, x in zip(lexicon.REGIONS, region, strict=True)},
        },
        "rates": rates,
        "rating": round(float(stars.mean()), 2) if reviews else None,
        "reviews": reviews, "completed": completed,
        "on_time_rate": round(float(np.clip(rng.normal(reliab, 0.08), 0, 1)), 2),
        "verified": bool(rng.random() < (0.1 if fraud else 0.6)),
    }  # fmt: skip
    _mess(rng, kol)
    truth = {"cat": cat, "sub": sub, "cats": cats, "fraud": fraud, "quality": quality,
             "fairness": fairness, "reliability": reliab, "female": fem, "age": age.tolist(),
             "region": region.tolist()}  # fmt: skip
    return kol, truth


def _mess(rng: np.random.Generator, kol: dict[str, Any]) -> None:
    """Real data is incomplete and sometimes wrong-ish."""
    r = rng.random(8)
    if r[0] < 0.08:
        del kol["audience"]
    elif r[0] < 0.14:
        del kol["audience"]["region"]
    if r[1] < 0.05:
        kol["bio"] = ""
    if r[2] < 0.05:
        kol["tags"] = None
    if r[3] < 0.04:
        kol["categories"] = []
    if r[4] < 0.05:
        kol["platforms"][0]["engagement_rate"] = None
    if r[5] < 0.03:
        kol["active"] = False
    elif r[5] < 0.05:
        kol["suspended"] = True
    if r[6] < 0.05:  # shares given as percentages
        g = kol.get("audience", {}).get("gender")
        if g:
            kol["audience"]["gender"] = {k: round(v * 100, 1) for k, v in g.items()}
    if r[7] < 0.05:
        kol["on_time_rate"] = None


def make_brief(rng: np.random.Generator, i: int) -> tuple[dict[str, Any], dict[str, Any]]:
    cat, sub = SUBTOPICS[int(rng.choice(len(SUBTOPICS), p=SUBTOPIC_P))]
    en, cn = lexicon.TOPICS[cat][sub]
    zh = bool(rng.random() < 0.35)
    words = [str(w) for w in rng.choice(cn if zh else en, size=3, replace=False)]
    if zh:
        title, desc = f"{words[0]}新品推广", f"寻找{words[1]}和{words[2]}方向的达人，真实分享"
    else:
        title = f"Launch campaign: {words[0]}"
        desc = f"Looking for creators who post about {words[1]} and {words[2]}, honest content"
    fem0, age0 = CAT_AUDIENCE[cat]
    top_ages = np.argsort(age0)[::-1][: int(rng.integers(1, 3))]
    brief: dict[str, Any] = {
        "id": f"b{i}", "category": cat, "title": title, "description": desc,
        "platforms": sorted({str(p)
                             for p in rng.choice(lexicon.PLATFORMS, int(rng.integers(2, 5)))}),
        "collab_types": sorted({str(t) for t in rng.choice(lexicon.COLLAB_TYPES, size=3)}),
        "budget": int(10 ** rng.uniform(5.3, 6.8)), "currency": "cny",
        "target_audience": {
            "gender": {"female": round(fem0, 2), "male": round(1 - fem0, 2)},
            "age": {lexicon.AGES[a]: round(1 / len(top_ages), 2) for a in top_ages},
        },
    }  # fmt: skip
    if rng.random() < 0.5:
        brief["min_followers"] = int(10 ** rng.uniform(3.3, 4.3))
    if rng.random() < 0.3:
        brief["max_followers"] = int(10 ** rng.uniform(5.5, 6.5))
    if rng.random() < 0.15:
        del brief["target_audience"]
    if rng.random() < 0.1:
        del brief["collab_types"]
    return brief, {"cat": cat, "sub": sub}


def dataset(
    n_kols: int = 3000, n_briefs: int = 80, seed: int = 20240611, style: str = "mixed"
) -> dict[str, Any]:
    from matching.eval.synth_judge import judge

    rng = np.random.default_rng(seed)
    kols, ktruth = zip(*(make_kol(rng, i) for i in range(n_kols)), strict=True)
    briefs, btruth = zip(*(make_brief(rng, i) for i in range(n_briefs)), strict=True)
    judgments, ceiling = judge(rng, list(kols), list(ktruth), list(briefs), list(btruth), style)
    return {"kols": list(kols), "briefs": list(briefs), "judgments": judgments,
            "noise_ceiling": ceiling, "generator": {"seed": seed, "style": style}}  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="write a synthetic evaluation dataset")
    ap.add_argument("out")
    ap.add_argument("--kols", type=int, default=3000)
    ap.add_argument("--briefs", type=int, default=80)
    ap.add_argument("--seed", type=int, default=20240611)
    ap.add_argument("--style", choices=["mixed", "additive", "multiplicative"], default="mixed")
    a = ap.parse_args(argv)
    data = dataset(a.kols, a.briefs, a.seed, a.style)
    with open(a.out, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, separators=(",", ":"))
    print(json.dumps({"out": a.out, **data["noise_ceiling"], "judgments": len(data["judgments"])}))


if __name__ == "__main__":
    main()
