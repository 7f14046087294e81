"""SVG chart geometry for the admin dashboard, computed here and drawn by
`templates/admin/_charts.html` as inline SVG (no JavaScript, no CDN, no inline styles:
colours come from classes in static/css/app.css).
"""

from __future__ import annotations

from dataclasses import dataclass

from marketplace.services.admin.dashboard import Bucket

WIDTH = 600.0
HEIGHT = 200.0
AXIS = 20.0  # room under the columns for the period labels
GAP = 0.2  # share of a group's width left empty between groups


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    css: str
    value: int
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class ColumnChart:
    width: float
    height: float
    baseline: float
    rects: list[Rect]
    ticks: list[Tick]
    peak: int


def money_columns(buckets: list[Bucket], period: str) -> ColumnChart:
    """GMV and fee columns side by side per period, scaled to the largest GMV or fee."""
    peak = max([b.gmv for b in buckets] + [b.fees for b in buckets] + [0])
    plot = HEIGHT - AXIS
    group = WIDTH / max(len(buckets), 1)
    column = group * (1 - GAP) / 2
    rects: list[Rect] = []
    ticks: list[Tick] = []
    for i, bucket in enumerate(buckets):
        left = i * group + group * GAP / 2
        label = bucket.start.isoformat()
        for j, (css, value) in enumerate((("chart-gmv", bucket.gmv), ("chart-fees", bucket.fees))):
            h = round(plot * max(value, 0) / peak, 2) if peak else 0.0
            rects.append(
                Rect(
                    round(left + j * column, 2),
                    round(plot - h, 2),
                    round(column, 2),
                    h,
                    css,
                    value,
                    label,
                )
            )
        step = 1 if period == "week" or len(buckets) <= 7 else 2
        if i % step == 0:
            ticks.append(Tick(round(i * group + group / 2, 2), bucket.start.strftime("%m-%d")))
    return ColumnChart(WIDTH, HEIGHT, plot, rects, ticks, peak)


@dataclass(frozen=True)
class Row:
    key: str
    y: float
    width: float
    value: int


def status_rows(counts: dict[str, int], row_height: float = 18.0) -> list[Row]:
    """One horizontal bar per status, as a share (0-100) of the largest count."""
    peak = max(counts.values(), default=0)
    return [
        Row(key, i * row_height, round(100 * value / peak, 2) if peak else 0.0, value)
        for i, (key, value) in enumerate(counts.items())
    ]
