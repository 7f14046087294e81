"""What the load test's visitors ask the browse page: the choices and one draw of filters.

Shared by bench/load/locustfile.py (the load) and bench/browse_queries.py (the same mix, one
request at a time, in-process). Plain Python: importing it patches nothing.
"""

from __future__ import annotations

import random
from typing import Any

CATEGORIES = ("beauty", "fashion", "food", "electronics", "mother_baby", "home", "sports")
PLATFORMS = ("xiaohongshu", "douyin", "weibo", "bilibili", "taobao_live", "kuaishou")
COLLAB_TYPES = ("image_text", "short_video", "live_stream", "article")
SORTS = ("relevance", "-followers", "followers", "engagement", "rating", "rate", "-rate")
AGES = ("18-24", "25-34", "35-44")
QUERIES_EN = ("skincare", "fitness", "home cooking", "phone reviews", "budget travel", "yoga")
QUERIES_ZH = ("美妆", "护肤", "健身", "穿搭", "防晒", "探店美食", "育儿")


def browse_filters(rng: random.Random | Any = random) -> dict[str, Any]:
    """One visitor's filter set: a sort, some filters, a page (deep pages now and then)."""
    params: dict[str, Any] = {"sort": rng.choice(SORTS)}
    if rng.random() < 0.7:
        params["category"] = rng.choice(CATEGORIES)
    if rng.random() < 0.5:
        params["platform"] = rng.choice(PLATFORMS)
    if rng.random() < 0.3:
        params["collab_type"] = rng.choice(COLLAB_TYPES)
    if rng.random() < 0.3:
        params["min_followers"] = rng.choice((10_000, 50_000, 100_000))
    if rng.random() < 0.2:
        params.update(audience_gender="female", audience_age=rng.choice(AGES))
    if rng.random() < 0.2:
        params["verified"] = "y"
    params["page"] = rng.choice((1, 1, 1, 2, 3, 5, 10))
    return params
