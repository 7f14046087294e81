"""Pure generator of realistic demo KOLs (no database): plain dicts, reproducible by seed.

Followers follow a heavy-tailed (log-normal) law; engagement falls as the follower tier
rises; audiences lean by category; rates grow sub-linearly with reach.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from marketplace.domain import money
from marketplace.domain.taxonomy import AGE_KEYS, CATEGORIES, REGION_KEYS
from marketplace.seed.vocab import (
    FEMALE_SHARE,
    GIVEN,
    PLATFORM_NAMES,
    PLATFORM_TYPES,
    PLATFORM_WEIGHTS,
    SURNAMES,
    TOPICS,
    ZH_NAMES,
)

AGE_BASE = np.array([0.06, 0.38, 0.34, 0.15, 0.07])
REGION_BASE = np.array([0.32, 0.3, 0.2, 0.13, 0.05])


@dataclass
class DemoKol:
    index: int
    email: str
    name: str
    display_name: str
    bio: str
    categories: list[str]
    tags: list[str]
    audience: dict[str, dict[str, float]]
    verification: str
    rating_avg: float
    rating_count: int
    completed_count: int
    on_time_rate: float | None
    platforms: list[dict[str, Any]] = field(default_factory=list)
    listings: list[dict[str, Any]] = field(default_factory=list)


def _shares(rng: np.random.Generator, base: np.ndarray, concentration: float) -> list[float]:
    raw = rng.dirichlet(base * concentration)
    rounded = np.round(raw, 3)
    rounded[int(np.argmax(rounded))] += round(1.0 - float(rounded.sum()), 3)
    return [float(round(x, 3)) for x in rounded]


def _audience(rng: np.random.Generator, category: str) -> dict[str, dict[str, float]]:
    female = float(np.clip(rng.normal(FEMALE_SHARE[category], 0.08), 0.03, 0.97))
    female = round(female, 3)
    return {
        "gender": {"female": female, "male": round(1.0 - female, 3)},
        "age": dict(zip(AGE_KEYS, _shares(rng, AGE_BASE, 30.0), strict=True)),
        "region": dict(zip(REGION_KEYS, _shares(rng, REGION_BASE, 25.0), strict=True)),
    }


def _engagement(rng: np.random.Generator, followers: int) -> float:
    """Median engagement falls from about 8% at 1k followers to about 1.5% at 1M."""
    tier = np.log10(max(followers, 1000)) - 3
    median = 0.08 * (0.57**tier)
    value = float(np.clip(rng.lognormal(np.log(median), 0.35), 0.002, 0.35))
    return round(value, 4)


def _rate(rng: np.random.Generator, followers: int, collab_type: str, currency: str) -> int:
    """Rate in fen/cents: grows with reach to the power 0.8, rounded to whole units of 10.

    The random model is floating point; the whole yuan/dollar figure it rounds to is
    converted to the smallest unit by domain.money like every other amount.
    """
    base_major = 0.5 * followers**0.8 * float(rng.lognormal(0, 0.3))
    factor = {"image_text": 1.0, "short_video": 1.6, "live_stream": 2.2, "article": 1.2}.get(
        collab_type, 1.0
    )
    if currency == "usd":
        base_major /= 7
    major = max(10, round(base_major * factor / 10.0) * 10)
    return money.to_minor(major, currency)


def generate_kols(count: int, seed: int = 7, start: int = 0) -> list[DemoKol]:
    """KOLs number `start` .. `start + count - 1`; the same seed gives the same KOLs."""
    kols: list[DemoKol] = []
    platform_names = list(PLATFORM_WEIGHTS)
    platform_p = np.array(list(PLATFORM_WEIGHTS.values()))
    platform_p = platform_p / platform_p.sum()
    for i in range(start, start + count):
        rng = np.random.default_rng([seed, i])
        n_cats = int(rng.choice([1, 2, 3], p=[0.5, 0.35, 0.15]))
        categories = [str(c) for c in rng.choice(CATEGORIES, size=n_cats, replace=False)]
        primary = categories[0]
        chinese = bool(rng.random() < 0.6)
        name = (
            str(rng.choice(ZH_NAMES)) + str(i)
            if chinese
            else f"{rng.choice(GIVEN)} {rng.choice(SURNAMES)} {i}"
        )
        topics = TOPICS[primary]
        phrases = [
            str(p) for p in rng.choice(topics["zh" if chinese else "en"], size=2, replace=False)
        ]
        joiner = "，" if chinese else ", "
        bio = joiner.join(phrases) + ("。" if chinese else ".")
        for extra in categories[1:]:
            bio += (" " if not chinese else "") + str(
                rng.choice(TOPICS[extra]["zh" if chinese else "en"])
            )
        tags = sorted(
            {
                str(t)
                for c in categories
                for t in rng.choice(TOPICS[c]["tags"], size=2, replace=False)
            }
        )
        reviews = int(rng.poisson(6) if rng.random() < 0.7 else 0)
        kol = DemoKol(
            index=i,
            email=f"kol{i}@demo.kol.example",
            name=name,
            display_name=name,
            bio=bio[:500],
            categories=categories,
            tags=tags,
            audience=_audience(rng, primary),
            verification=str(
                rng.choice(["unverified", "verified", "invited_pro"], p=[0.55, 0.38, 0.07])
            ),
            rating_avg=float(round(float(np.clip(rng.normal(4.5, 0.35), 3.0, 5.0)), 2))
            if reviews
            else 0.0,
            rating_count=reviews,
            completed_count=reviews + int(rng.poisson(2)),
            on_time_rate=float(round(float(rng.beta(12, 1.5)), 3)) if reviews else None,
        )
        n_platforms = int(rng.choice([1, 2, 3], p=[0.45, 0.4, 0.15]))
        platforms = [
            str(p)
            for p in rng.choice(platform_names, size=n_platforms, replace=False, p=platform_p)
        ]
        currency = (
            "usd"
            if any(p in ("instagram", "tiktok", "youtube") for p in platforms)
            and rng.random() < 0.7
            else "cny"
        )
        for platform in platforms:
            followers = int(np.clip(rng.lognormal(np.log(30_000), 1.5), 500, 50_000_000))
            engagement = _engagement(rng, followers)
            kol.platforms.append(
                {
                    "platform": platform,
                    "handle": f"@{platform[:3]}_{i}",
                    "followers": followers,
                    "engagement_rate": engagement,
                }
            )
            for collab_type in PLATFORM_TYPES[platform]:
                if rng.random() < 0.25:
                    continue
                listing: dict[str, Any] = {
                    "platform": platform,
                    "collab_type": collab_type,
                    "title": _listing_title(collab_type, platform, chinese),
                    "description": bio,
                    "currency": currency,
                    "turnaround_days": int(rng.integers(3, 15)),
                    "revisions": int(rng.integers(1, 4)),
                    "followers": followers,
                    "engagement_rate": engagement,
                    "pricing_model": "fixed",
                    "commission_bps": None,
                    "rate": _rate(rng, followers, collab_type, currency),
                }
                if collab_type == "affiliate":
                    listing.update(
                        pricing_model="commission",
                        rate=0,
                        commission_bps=int(rng.integers(5, 31)) * 100,
                    )
                elif collab_type == "live_stream" and rng.random() < 0.5:
                    listing.update(
                        pricing_model="pit_fee_commission",
                        commission_bps=int(rng.integers(5, 21)) * 100,
                    )
                kol.listings.append(listing)
        kols.append(kol)
    return kols


LISTING_TITLES = {
    "image_text": ("Image-text post on {p}", "{p} 图文笔记"),
    "short_video": ("Short video on {p}", "{p} 短视频"),
    "live_stream": ("Live-stream slot on {p}", "{p} 直播专场"),
    "article": ("Long-form article on {p}", "{p} 深度文章"),
    "affiliate": ("Affiliate promotion on {p}", "{p} 带货分佣"),
}


def _listing_title(collab_type: str, platform: str, chinese: bool) -> str:
    """The title a KOL writes in its own language, naming the platform as people do."""
    language = 1 if chinese else 0
    return LISTING_TITLES[collab_type][language].format(p=PLATFORM_NAMES[platform][language])
