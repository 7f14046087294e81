"""SVG geometry of the admin dashboard's charts."""

from datetime import date, timedelta

from marketplace.admin.charts import HEIGHT, WIDTH, money_columns, status_rows
from marketplace.services.admin.dashboard import Bucket


def _buckets(values: list[tuple[int, int]]) -> list[Bucket]:
    start = date(2026, 1, 5)
    return [Bucket(start + timedelta(weeks=i), gmv, fees) for i, (gmv, fees) in enumerate(values)]


def test_columns_scale_to_the_peak_and_stand_on_the_baseline():
    chart = money_columns(_buckets([(1000, 100), (0, 0), (500, 50)]), "week")
    assert (chart.width, chart.height, chart.peak) == (WIDTH, HEIGHT, 1000)
    gmv = [r for r in chart.rects if r.css == "chart-gmv"]
    fees = [r for r in chart.rects if r.css == "chart-fees"]
    assert [r.height for r in gmv] == [chart.baseline, 0.0, chart.baseline / 2]
    assert fees[0].height == chart.baseline / 10
    assert all(r.y + r.height == chart.baseline for r in chart.rects)
    assert all(r.x >= 0 and r.x + r.width <= WIDTH for r in chart.rects)
    assert gmv[0].x < fees[0].x < gmv[1].x  # side by side, in period order
    assert [t.text for t in chart.ticks] == ["01-05", "01-12", "01-19"]
    assert (gmv[2].value, gmv[2].label) == (500, "2026-01-19")


def test_an_empty_series_draws_flat_columns():
    chart = money_columns(_buckets([(0, 0)] * 3), "week")
    assert chart.peak == 0 and all(r.height == 0 for r in chart.rects)


def test_daily_ticks_skip_every_other_day_when_crowded():
    chart = money_columns(_buckets([(1, 0)] * 14), "day")
    assert len(chart.ticks) == 7


def test_status_rows_share_the_largest_count():
    rows = status_rows({"offered": 4, "funded": 2, "disputed": 0})
    assert [(r.key, r.width, r.y) for r in rows] == [
        ("offered", 100.0, 0.0),
        ("funded", 50.0, 18.0),
        ("disputed", 0.0, 36.0),
    ]
    assert [r.width for r in status_rows({"offered": 0})] == [0.0]
