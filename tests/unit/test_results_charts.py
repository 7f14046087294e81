"""Results chart geometry: one slot per day, columns scaled to the largest value drawn."""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.contracts.results_charts import HEIGHT, WIDTH, day_columns
from marketplace.services.campaigns.results import DayPoint


def _points(clicks: list[int]) -> list[DayPoint]:
    start = date(2026, 11, 1)
    return [DayPoint(start + timedelta(days=i), c, c // 2, 0, 0, 0) for i, c in enumerate(clicks)]


def test_columns_scale_to_the_peak_and_skip_empty_days():
    chart = day_columns(_points([0, 10, 40, 20]), (("clicks", "a"), ("unique_clicks", "b")))
    assert chart.peak == 40
    assert len(chart.columns) == 6  # three days with clicks, two series each
    tallest = max(chart.columns, key=lambda c: c.height)
    assert (tallest.value, tallest.height, tallest.y) == (40, chart.baseline, 0.0)
    half = next(c for c in chart.columns if c.series == "clicks" and c.value == 20)
    assert half.height == chart.baseline / 2
    assert all(c.x >= 0 and c.x + c.width <= WIDTH for c in chart.columns)
    assert chart.height == HEIGHT


def test_no_data_draws_no_columns_and_long_ranges_thin_their_labels():
    assert day_columns(_points([0] * 5), (("clicks", "a"),)).columns == []
    chart = day_columns(_points([1] * 60), (("clicks", "a"),))
    assert 1 < len(chart.ticks) <= 8
