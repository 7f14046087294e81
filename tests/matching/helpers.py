"""Small record factories for the matcher tests."""

from __future__ import annotations

import copy
from typing import Any

BASE_KOL: dict[str, Any] = {
    "categories": ["beauty"],
    "bio": "Skincare routines and honest sunscreen reviews",
    "tags": ["skincare", "sunscreen"],
    "platforms": [{"platform": "xiaohongshu", "followers": 50_000, "engagement_rate": 0.04}],
    "audience": {
        "gender": {"female": 0.8, "male": 0.2},
        "age": {"18-24": 0.5, "25-34": 0.3, "35-44": 0.2},
        "region": {"tier1": 0.4, "tier2": 0.3, "tier3": 0.3},
    },
    "rates": [
        {"platform": "xiaohongshu", "collab_type": "image_text", "rate": 300_000,
         "currency": "cny", "listing_id": "L"}
    ],
    "rating": 4.6,
    "reviews": 10,
    "completed": 12,
    "on_time_rate": 0.95,
    "verified": True,
}  # fmt: skip

BASE_BRIEF: dict[str, Any] = {
    "id": "b1",
    "category": "beauty",
    "title": "Mineral sunscreen launch",
    "description": "Looking for honest skincare reviewers",
    "platforms": ["xiaohongshu"],
    "collab_types": ["image_text"],
    "budget": 500_000,
    "currency": "cny",
    "min_followers": 10_000,
    "max_followers": 1_000_000,
    "target_audience": {"gender": {"female": 0.9, "male": 0.1}, "age": {"18-24": 1.0}},
}


def kol(kid: str, **changes: Any) -> dict[str, Any]:
    """A valid, eligible KOL; ``changes`` replace top-level fields (None deletes)."""
    rec = copy.deepcopy(BASE_KOL)
    rec["id"] = kid
    rec["rates"][0]["listing_id"] = f"{kid}-L"
    for k, v in changes.items():
        if v is None:
            rec.pop(k, None)
        else:
            rec[k] = v
    return rec


def brief(**changes: Any) -> dict[str, Any]:
    rec = copy.deepcopy(BASE_BRIEF)
    for k, v in changes.items():
        if v is None:
            rec.pop(k, None)
        else:
            rec[k] = v
    return rec


def crowd(n: int = 60, seed: int = 3) -> list[dict[str, Any]]:
    """``n`` plain KOLs around the base one (varied followers and engagement), enough for
    the fitted statistics (tiers, forest) to be meaningful."""
    import numpy as np

    rng = np.random.default_rng(seed)
    out = []
    for i in range(n):
        f = int(10 ** rng.uniform(3.5, 6))
        er = round(float(0.05 * (f / 1e4) ** -0.2 * rng.lognormal(0, 0.3)), 4)
        out.append(
            kol(
                f"c{i:03d}",
                categories=[["beauty", "food", "gaming"][i % 3]],
                platforms=[{"platform": "xiaohongshu", "followers": f, "engagement_rate": er}],
                rates=[
                    {
                        "platform": "xiaohongshu",
                        "collab_type": "image_text",
                        "rate": int(f * er * 150),
                        "currency": "cny",
                        "listing_id": f"c{i:03d}-L",
                    }
                ],
            )
        )
    return out
