"""Property tests: messy records rank or are cleanly excluded, and nothing raises."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matching import MatchIndex, records
from matching.eval import constraints

junk = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**13),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)
platform = st.one_of(st.sampled_from(["xiaohongshu", "douyin", " Douyin", "weibo", "?"]), junk)
ctype = st.one_of(st.sampled_from(["image_text", "short_video", "Short Video"]), junk)
currency = st.one_of(st.sampled_from(["cny", "CNY", "usd"]), junk)
number = st.one_of(
    st.integers(-100, 2_000_000),
    st.floats(-1, 2e6),
    st.sampled_from(["48k", "3.2万", "12%", "NaN", "", "1e400"]),
    junk,
)
share = st.one_of(st.floats(-1, 100), st.integers(-5, 100), junk)
hashable = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=6))
split = st.one_of(
    st.dictionaries(
        st.one_of(st.sampled_from(["female", "male", "F", "18-24", "25-34", "tier1"]), hashable),
        share, max_size=5,
    ),
    junk,
)  # fmt: skip
audience = st.one_of(
    st.fixed_dictionaries({}, optional={"gender": split, "age": split, "region": split}), junk
)
account = st.one_of(
    st.fixed_dictionaries(
        {}, optional={"platform": platform, "followers": number, "engagement_rate": number}
    ),
    junk,
)
rate = st.one_of(
    st.fixed_dictionaries(
        {},
        optional={"platform": platform, "collab_type": ctype, "rate": number,
                  "currency": currency, "listing_id": st.one_of(st.text(max_size=4), junk)},
    ),
    junk,
)  # fmt: skip
text = st.one_of(st.text(max_size=40), st.sampled_from(["防晒 护肤", "sunscreen reviews"]), junk)
kol_record = st.fixed_dictionaries(
    {"id": st.one_of(st.text(min_size=1, max_size=4), st.integers(0, 50))},
    optional={
        "categories": st.one_of(st.lists(st.sampled_from(["beauty", "food", "Beauty "])), junk),
        "bio": text, "tags": st.one_of(st.lists(text, max_size=3), junk),
        "platforms": st.one_of(st.lists(account, max_size=3), junk),
        "audience": audience, "rates": st.one_of(st.lists(rate, max_size=3), junk),
        "rating": number, "reviews": number, "completed": number, "on_time_rate": number,
        "verified": junk, "active": junk, "suspended": junk,
    },
)  # fmt: skip
brief_record = st.fixed_dictionaries(
    {"id": st.one_of(st.text(max_size=4), junk)},
    optional={
        "category": st.one_of(st.sampled_from(["beauty", "food"]), junk), "title": text,
        "description": text, "platforms": st.one_of(st.lists(platform, max_size=3), junk),
        "collab_types": st.one_of(st.lists(ctype, max_size=2), junk), "budget": number,
        "currency": currency, "min_followers": number, "max_followers": number,
        "target_audience": audience,
    },
)  # fmt: skip
SETTINGS = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _check(matches: list[Any], by_id: dict[str, Any], brief: Any, k: int) -> None:
    assert len(matches) <= k
    assert len({m.kol_id for m in matches}) == len(matches)
    for m in matches:
        assert 0.0 <= m.score <= 1.0 and math.isfinite(m.score)
        assert all(0.0 <= v <= 1.0 for v in m.reasons.values())
        assert not constraints.violates(by_id[m.kol_id], brief if isinstance(brief, dict) else {},
                                        m.listing_id)  # fmt: skip


@SETTINGS
@given(st.lists(kol_record, max_size=25), st.lists(brief_record, min_size=1, max_size=3))
def test_messy_records_never_raise_and_respect_constraints(kols: list, briefs: list) -> None:
    index = MatchIndex.from_records(kols)
    by_id = {records.record_id(k): k for k in kols}
    for b in briefs:
        matches = index.rank(b, k=50)
        _check(matches, by_id, b, 50)
        want = {kid for kid, rec in by_id.items() if constraints.eligible(rec, b)}
        assert {m.kol_id for m in matches} == want or len(want) > 50
        index.rank(b, k=5, explore=True, diversify=True)


@SETTINGS
@given(st.lists(kol_record, min_size=1, max_size=10), kol_record, brief_record)
def test_messy_updates_and_extras_never_raise(kols: list, extra: dict, brief: dict) -> None:
    index = MatchIndex.from_records(kols)
    index.upsert(extra)
    index.remove(str(kols[0]["id"]))
    by_id = {records.record_id(k): k for k in kols[1:]}
    by_id[records.record_id(extra)] = extra
    _check(index.rank(brief, k=20), by_id, brief, 20)
    for kid in list(by_id)[:3]:
        for s in index.similar(kid, k=3):
            assert s.kol_id != kid and math.isfinite(s.score)
    for bm in index.rank_briefs(extra, [brief]):
        assert 0.0 <= bm.score <= 1.0


@settings(max_examples=10, deadline=None)
@given(st.lists(kol_record, min_size=1, max_size=10), brief_record)
def test_messy_index_saves_and_loads(tmp_path_factory: Any, kols: list, brief: dict) -> None:
    path: Path = tmp_path_factory.mktemp("idx")
    index = MatchIndex.from_records(kols)
    index.save(path)
    assert MatchIndex.load(path).rank(brief, k=10) == index.rank(brief, k=10)


def test_garbage_inputs() -> None:
    index = MatchIndex.from_records([None, 3, "x", {"no": "id"}, {"id": None}, {"id": "ok"}])
    assert len(index) == 1
    assert index.rank(None) == [] and index.rank("brief") == []
    assert index.similar(None) == [] and not index.remove(None)  # type: ignore[arg-type]
    assert MatchIndex.from_records([]).rank({"id": "b"}) == []


@pytest.mark.parametrize("bad", [True, 2.0, "10", None, -1, 10_001, 10**30])
def test_k_is_a_whole_number_in_range_or_an_error(bad: Any) -> None:
    index = MatchIndex.from_records([kol_like("a"), kol_like("b")])
    b = {"id": "b1", "category": "beauty"}
    calls = (
        lambda: index.rank(b, k=bad),
        lambda: index.similar("a", k=bad),
        lambda: index.rank_briefs("a", [b], k=bad),
    )
    for call in calls:
        with pytest.raises((TypeError, ValueError), match="k must be"):
            call()


def test_k_accepts_numpy_integers_and_zero() -> None:
    index = MatchIndex.from_records([kol_like("a"), kol_like("b")])
    b = {"id": "b1", "category": "beauty"}
    assert [m.kol_id for m in index.rank(b, k=np.int64(1))] == ["a"]
    assert index.rank(b, k=0) == [] and index.similar("a", k=0) == []


def kol_like(kid: str) -> dict[str, Any]:
    return {"id": kid, "categories": ["beauty"],
            "rates": [{"platform": "douyin", "collab_type": "short_video", "rate": 100,
                       "currency": "cny"}]}  # fmt: skip
