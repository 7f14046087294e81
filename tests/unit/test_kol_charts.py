"""SVG chart geometry for the public KOL page."""

import pytest

from marketplace.kols.charts import PALETTE, bar_rows, donut_segments, largest


def test_donut_segments_cover_the_circle_from_twelve_oclock():
    segments = donut_segments({"male": 0.25, "female": 0.75}, ("female", "male"))
    assert [s.key for s in segments] == ["female", "male"]  # the given order wins
    assert segments[0].dasharray == "75.000 25.000" and segments[0].dashoffset == 25
    assert segments[1].dasharray == "25.000 75.000" and segments[1].dashoffset == -50
    assert [s.color for s in segments] == list(PALETTE[:2])


def test_donut_normalises_shares_that_sum_to_almost_one():
    segments = donut_segments({"female": 0.5, "male": 0.495})
    total = sum(float(s.dasharray.split()[0]) for s in segments)
    assert total == pytest.approx(100, abs=0.01)


def test_empty_audience_draws_nothing():
    assert donut_segments({}) == [] and bar_rows({}) == []


def test_bars_scale_to_the_largest_share_and_stack_rows():
    rows = bar_rows({"tier2": 0.2, "tier1": 0.4, "mars": 0.1}, ("tier1", "tier2"))
    assert [(r.key, r.width, r.y) for r in rows] == [
        ("tier1", 100.0, 0.0),
        ("tier2", 50.0, 24.0),
        ("mars", 25.0, 48.0),  # unknown keys come last, largest first
    ]


def test_negative_shares_are_drawn_as_zero():
    assert bar_rows({"a": -0.1, "b": 0.5})[1].width == 0


def test_largest_keeps_the_biggest_shares_only():
    shares = {"a": 0.1, "b": 0.5, "c": 0.3, "d": 0.1}
    assert largest(shares, 2) == {"b": 0.5, "c": 0.3}
    assert largest(shares, 10) == shares
