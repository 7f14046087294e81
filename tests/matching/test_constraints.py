"""Hard constraints: each one excludes, missing brief fields switch filters off."""

from __future__ import annotations

from typing import Any

import pytest

from matching import MatchIndex
from matching.eval import constraints
from tests.matching.helpers import brief, crowd, kol


def ranked_ids(kols: list[dict[str, Any]], b: dict[str, Any]) -> list[str]:
    return [m.kol_id for m in MatchIndex.from_records(kols).rank(b, k=100)]


def test_base_kol_is_eligible() -> None:
    assert ranked_ids([kol("a")], brief()) == ["a"]


RATE = {"platform": "xiaohongshu", "collab_type": "image_text", "rate": 300_000,
        "currency": "cny", "listing_id": "x"}  # fmt: skip


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("platform", "douyin"),
        ("collab_type", "live_stream"),
        ("currency", "usd"),
        ("rate", 500_001),
        ("rate", None),
        ("currency", None),
    ],
)
def test_each_rate_constraint_excludes(field: str, value: Any) -> None:
    rate = {**RATE, field: value}
    assert ranked_ids([kol("a", rates=[rate])], brief()) == []


@pytest.mark.parametrize("followers", [9_999, 1_000_001, None, 0, -5])
def test_follower_range_excludes(followers: Any) -> None:
    pf = [{"platform": "xiaohongshu", "followers": followers, "engagement_rate": 0.04}]
    assert ranked_ids([kol("a", platforms=pf)], brief()) == []


def test_followers_must_be_on_the_rate_platform() -> None:
    pf = [{"platform": "douyin", "followers": 50_000}]
    assert ranked_ids([kol("a", platforms=pf)], brief()) == []


@pytest.mark.parametrize("status", [{"active": False}, {"suspended": True}, {"active": "false"}])
def test_inactive_or_suspended_never_ranked(status: dict[str, Any]) -> None:
    assert ranked_ids([kol("a", **status), kol("b")], brief()) == ["b"]


def test_budget_boundary_is_inclusive() -> None:
    assert ranked_ids([kol("a")], brief(budget=300_000)) == ["a"]
    assert ranked_ids([kol("a")], brief(budget=299_999)) == []


@pytest.mark.parametrize(
    "missing", ["platforms", "collab_types", "budget", "currency", "min_followers"]
)
def test_missing_brief_field_switches_filter_off(missing: str) -> None:
    rate = {**RATE, "platform": "xiaohongshu"}
    if missing == "platforms":
        rate["platform"] = "weibo"
    elif missing == "collab_types":
        rate["collab_type"] = "live_stream"
    elif missing == "budget":
        rate["rate"] = 10**9
    elif missing == "currency":
        rate["currency"] = "usd"
    pf = [
        {"platform": rate["platform"], "followers": 500 if missing == "min_followers" else 50_000}
    ]
    b = brief(**{missing: None})
    if missing == "platforms":
        b = brief(platforms=[])  # empty list: also "not given"
    assert ranked_ids([kol("a", rates=[rate], platforms=pf)], b) == ["a"]


def test_unknown_currency_matches_nothing_not_missing_currency() -> None:
    no_currency = {**RATE, "currency": None}
    assert ranked_ids([kol("a", rates=[no_currency])], brief(currency="eur")) == []


def test_listing_id_is_the_eligible_rate() -> None:
    rates = [
        {**RATE, "platform": "douyin", "listing_id": "wrong-platform"},
        {**RATE, "rate": 900_000, "listing_id": "over-budget"},
        {**RATE, "listing_id": "ok"},
    ]
    pf = [
        {"platform": "xiaohongshu", "followers": 50_000, "engagement_rate": 0.04},
        {"platform": "douyin", "followers": 50_000, "engagement_rate": 0.04},
    ]
    (m,) = MatchIndex.from_records([kol("a", rates=rates, platforms=pf)]).rank(brief())
    assert m.listing_id == "ok"


def test_vectorised_filters_agree_with_record_checker() -> None:
    kols = crowd(90)
    for i, k in enumerate(kols):  # vary prices, platforms, statuses
        k["rates"][0]["rate"] = 50_000 * (i % 9)
        k["rates"][0]["currency"] = "usd" if i % 7 == 0 else "cny"
        k["active"] = i % 11 != 0
    index = MatchIndex.from_records(kols)
    for b in (brief(), brief(budget=150_000), brief(min_followers=None, currency=None)):
        got = {m.kol_id for m in index.rank(b, k=1000)}
        want = {k["id"] for k in kols if constraints.eligible(k, b)}
        assert got == want
