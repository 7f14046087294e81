"""SVG geometry for the results charts: columns per day, drawn by
`templates/contracts/_results_charts.html` (no JavaScript, no CDN; colours from app.css).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from marketplace.services.campaigns.results import DayPoint

WIDTH = 600.0
HEIGHT = 200.0
AXIS = 20.0  # room under the columns for the day labels
GAP = 0.2  # share of a day's width left empty between days
MAX_TICKS = 8


@dataclass(frozen=True)
class Column:
    x: float
    y: float
    width: float
    height: float
    css: str
    series: str
    value: int
    day: str


@dataclass(frozen=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True)
class DayChart:
    width: float
    height: float
    baseline: float
    columns: list[Column]
    ticks: list[Tick]
    peak: int


def day_columns(points: Sequence[DayPoint], series: Sequence[tuple[str, str]]) -> DayChart:
    """Side-by-side columns per day for each (attribute, css class) in `series`, scaled to
    the largest value drawn; a day with nothing has no column, only its slot."""
    values = [[max(int(getattr(p, name)), 0) for name, _css in series] for p in points]
    peak = max((v for row in values for v in row), default=0)
    plot = HEIGHT - AXIS
    slot = WIDTH / max(len(points), 1)
    width = slot * (1 - GAP) / max(len(series), 1)
    step = max(1, -(-len(points) // MAX_TICKS))
    columns: list[Column] = []
    ticks: list[Tick] = []
    for i, (point, row) in enumerate(zip(points, values, strict=True)):
        left = i * slot + slot * GAP / 2
        for j, ((name, css), value) in enumerate(zip(series, row, strict=True)):
            if value and peak:
                height = round(plot * value / peak, 2)
                columns.append(
                    Column(
                        round(left + j * width, 2),
                        round(plot - height, 2),
                        round(width, 2),
                        height,
                        css,
                        name,
                        value,
                        point.day.isoformat(),
                    )
                )
        if i % step == 0:
            ticks.append(Tick(round(i * slot + slot / 2, 2), point.day.strftime("%m-%d")))
    return DayChart(WIDTH, HEIGHT, plot, columns, ticks, peak)


def results_charts(points: Sequence[DayPoint]) -> dict[str, DayChart]:
    """Clicks (all and unique) per day, orders per day and net GMV per day, each on its own
    scale (orders beside clicks would be too small to read)."""
    return {
        "traffic": day_columns(points, (("clicks", "chart-gmv"), ("unique_clicks", "chart-fees"))),
        "orders": day_columns(points, (("orders", "chart-gmv"),)),
        "gmv": day_columns(points, (("gmv", "chart-gmv"),)),
    }
