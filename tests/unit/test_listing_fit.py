from dataclasses import dataclass

from marketplace.domain.listing_fit import best_listing


@dataclass
class Row:
    id: int
    platform: str
    collab_type: str
    followers: int


def test_prefers_the_briefs_platform_and_type_then_reach():
    rows = [
        Row(1, "weibo", "short_video", 900_000),
        Row(2, "douyin", "image_text", 10_000),
        Row(3, "douyin", "short_video", 5_000),
        Row(4, "douyin", "short_video", 8_000),
    ]
    assert best_listing(rows, ["douyin"], ["short_video"]).id == 4
    assert best_listing(rows, ["douyin"], ["live"]).id == 2
    assert best_listing(rows, ["bilibili"], ["live"]).id == 1
    assert best_listing(rows, [], []).id == 1


def test_no_listings_no_choice():
    assert best_listing([], ["douyin"], []) is None
