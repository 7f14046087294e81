"""The demo generator is realistic: heavy tails, engagement falling with tier, valid audiences."""

import numpy as np

from marketplace.domain.taxonomy import CATEGORIES, COLLAB_TYPES, PLATFORMS
from marketplace.seed.generate import generate_kols


def test_same_seed_same_kols():
    a = generate_kols(20, seed=3)
    b = generate_kols(20, seed=3)
    assert [k.bio for k in a] == [k.bio for k in b]
    assert [k.platforms for k in a] == [k.platforms for k in b]


def test_values_are_in_the_vocabularies():
    for kol in generate_kols(200):
        assert 1 <= len(kol.categories) <= 3 and set(kol.categories) <= set(CATEGORIES)
        for account in kol.platforms:
            assert account["platform"] in PLATFORMS and account["followers"] >= 500
        for listing in kol.listings:
            assert listing["collab_type"] in COLLAB_TYPES
            assert isinstance(listing["rate"], int) and listing["rate"] >= 0


def test_audience_shares_sum_to_one():
    for kol in generate_kols(200):
        for dimension in ("gender", "age", "region"):
            assert abs(sum(kol.audience[dimension].values()) - 1) <= 0.01


def test_followers_are_heavy_tailed_and_engagement_falls_with_tier():
    accounts = [a for k in generate_kols(3000) for a in k.platforms]
    followers = np.array([a["followers"] for a in accounts])
    engagement = np.array([a["engagement_rate"] for a in accounts])
    assert np.percentile(followers, 99) > 20 * np.median(followers)
    small = np.median(engagement[followers < 10_000])
    large = np.median(engagement[followers > 500_000])
    assert small > 2 * large
