"""Benchmark: ``python -m matching.bench [--kols 100000] [--briefs 50]``.

Builds an index from a synthetic stream of KOL records (generated lazily, so a million
records are never all held in memory), ranks the briefs with reasons, and prints timing
and peak memory.  ``build_s`` includes generating the record dicts (reported apart as
``generate_s``), so it is an upper bound on the index build itself.  The last line is one
JSON object.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import time
from collections.abc import Iterator
from typing import Any

import numpy as np

from matching.eval import lexicon
from matching.index import MatchIndex

_SUBTOPICS = [(c, s) for c in lexicon.CATEGORIES for s in lexicon.TOPICS[c]]


class KolStream:
    """Lazily generated KOL records; measures the time spent generating them."""

    def __init__(self, n: int, seed: int = 7) -> None:
        self.n, self.seed, self.gen_s = n, seed, 0.0

    def __iter__(self) -> Iterator[dict[str, Any]]:
        rng = np.random.default_rng(self.seed)
        for start in range(0, self.n, 20_000):
            t = time.perf_counter()
            gc.disable()  # building many small containers: the cyclic GC would triple the cost
            try:
                block = _block(rng, start, min(20_000, self.n - start))
            finally:
                gc.enable()
            self.gen_s += time.perf_counter() - t
            yield from block


def _words(rng: np.random.Generator, words: tuple[str, ...], k: int) -> list[str]:
    return [words[i] for i in rng.integers(0, len(words), k)]


def _block(rng: np.random.Generator, start: int, n: int) -> list[dict[str, Any]]:
    """One block of records; every random draw is vectorised, the loop only assembles."""
    topic = rng.integers(0, len(_SUBTOPICS), n).tolist()
    zh = (rng.random(n) < 0.35).tolist()
    words = rng.integers(0, 1 << 30, (n, 9)).tolist()
    n_pf = rng.integers(1, 4, n).tolist()
    plat = np.argsort(rng.random((n, len(lexicon.PLATFORMS))), axis=1)[:, :3].tolist()
    fol = 10 ** rng.uniform(3.0, 6.8, (n, 3))
    er = 0.06 * (fol / 1e4) ** -0.18 * rng.lognormal(0, 0.45, (n, 3))
    price = (fol * er * 180 * rng.lognormal(0, 0.5, (n, 3))).astype(np.int64).tolist()
    fol, er = fol.astype(np.int64).tolist(), np.round(er, 4).tolist()
    fem = np.round(rng.beta(2, 2, n), 3).tolist()
    ages = np.round(rng.dirichlet(np.ones(5), n), 3).tolist()
    regions = np.round(rng.dirichlet(np.ones(4) * 2, n), 3).tolist()
    rating = np.round(rng.uniform(3.5, 5.0, n), 2).tolist()
    reviews, done = rng.integers(0, 60, n).tolist(), rng.integers(0, 80, n).tolist()
    ontime = np.round(rng.uniform(0.7, 1.0, n), 2).tolist()
    out = []
    for i in range(n):
        cat, sub = _SUBTOPICS[topic[i]]
        en, cn = lexicon.TOPICS[cat][sub]
        w = words[i]
        if zh[i]:
            bio = "".join(
                [cn[x % len(cn)] for x in w[:3]] + [lexicon.FILLER_ZH[x % 8] for x in w[3:5]]
            )
            tags = [cn[x % len(cn)] for x in w[5:7]]
        else:
            bio = " ".join(
                [en[x % len(en)] for x in w[:3]] + [lexicon.FILLER_EN[x % 18] for x in w[3:7]]
            )
            tags = [en[x % len(en)] for x in w[7:9]]
        pfs, rates = [], []
        for j in range(n_pf[i]):
            p = lexicon.PLATFORMS[plat[i][j]]
            pfs.append({"platform": p, "followers": fol[i][j], "engagement_rate": er[i][j]})
            usd = (i + j) % 10 == 0
            rates.append({"platform": p, "collab_type": lexicon.COLLAB_TYPES[(i + j) % 4],
                          "rate": price[i][j] // 7 if usd else price[i][j],
                          "currency": "usd" if usd else "cny",
                          "listing_id": f"l{start + i}-{j}"})  # fmt: skip
        out.append({
            "id": f"k{start + i}",
            "categories": [cat] if i % 3 else [cat, lexicon.CATEGORIES[(topic[i] + 3) % 15]],
            "bio": bio, "tags": tags, "platforms": pfs,
            "audience": {
                "gender": {"female": fem[i], "male": round(1 - fem[i], 3)},
                "age": dict(zip(lexicon.AGES, ages[i], strict=True)),
                "region": dict(zip(lexicon.REGIONS, regions[i], strict=True)),
            },
            "rates": rates, "rating": rating[i], "reviews": reviews[i], "completed": done[i],
            "on_time_rate": ontime[i], "verified": bool(i % 4), "active": i % 50 != 0,
        })  # fmt: skip
    return out


def briefs(m: int, seed: int = 11) -> list[dict[str, Any]]:
    rng = np.random.default_rng(seed)
    out = []
    for b in range(m):
        cat, sub = _SUBTOPICS[int(rng.integers(0, len(_SUBTOPICS)))]
        en, cn = lexicon.TOPICS[cat][sub]
        words = _words(rng, cn, 3) if b % 3 == 0 else _words(rng, en, 4)
        plats = rng.choice(len(lexicon.PLATFORMS), int(rng.integers(1, 4)), replace=False)
        brief: dict[str, Any] = {
            "id": f"b{b}", "category": cat, "title": " ".join(words[:2]),
            "description": " ".join(words), "platforms": [lexicon.PLATFORMS[p] for p in plats],
            "collab_types": list(lexicon.COLLAB_TYPES[: int(rng.integers(2, 5))]),
            "budget": int(10 ** rng.uniform(5.0, 7.0)), "currency": "cny",
            "target_audience": {"gender": {"female": 0.8, "male": 0.2},
                                "age": {"18-24": 0.5, "25-34": 0.5}},
        }  # fmt: skip
        if b % 2:
            brief["min_followers"], brief["max_followers"] = 10_000, 2_000_000
        out.append(brief)
    return out


def peak_rss_mb() -> tuple[float, float]:
    """(this process, largest child) peak resident set size in MB (Linux: KB units)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, child


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--kols", type=int, default=100_000)
    ap.add_argument("--briefs", type=int, default=50)
    ap.add_argument("--k", type=int, default=10)
    args = ap.parse_args(argv)
    stream = KolStream(args.kols)
    t0 = time.perf_counter()
    index = MatchIndex.from_records(stream)
    build_s = time.perf_counter() - t0
    queries = briefs(args.briefs)
    for b in queries[:3]:  # warm-up
        index.rank(b, k=args.k)
    times, found = [], []
    for b in queries:
        t = time.perf_counter()
        res = index.rank(b, k=args.k)
        times.append((time.perf_counter() - t) * 1000)
        found.append(len(res))
    own, child = peak_rss_mb()
    out = {
        "kols": args.kols,
        "briefs": args.briefs,
        "build_s": round(build_s, 2),
        "generate_s": round(stream.gen_s, 2),
        "index_build_s": round(build_s - stream.gen_s, 2),
        "rank_p50_ms": round(float(np.percentile(times, 50)), 2),
        "rank_p95_ms": round(float(np.percentile(times, 95)), 2),
        "rank_max_ms": round(float(np.max(times)), 2),
        "mean_results": round(float(np.mean(found)), 2),
        "peak_rss_mb": round(own, 1),
        "peak_rss_helper_mb": round(child, 1),
    }
    print(
        f"built {args.kols} KOLs in {build_s:.2f}s; rank p50 {out['rank_p50_ms']} ms, "
        f"p95 {out['rank_p95_ms']} ms; peak RSS {own:.0f} MB (+ helper {child:.0f} MB)"
    )
    print(json.dumps(out))
    return out


if __name__ == "__main__":
    main()
