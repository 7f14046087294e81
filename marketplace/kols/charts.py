"""Geometry for the server-rendered SVG audience charts (no JavaScript, no chart library)."""

from __future__ import annotations

from dataclasses import dataclass

# Colour-blind-safe palette (Okabe-Ito).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442")
# A circle of this radius has a circumference of 100, so dash lengths are percentages.
DONUT_RADIUS = 15.91549430918954


@dataclass(frozen=True)
class Segment:
    key: str
    share: float
    color: str
    dasharray: str
    dashoffset: float


@dataclass(frozen=True)
class Bar:
    key: str
    share: float
    color: str
    width: float
    y: float


def _ordered(shares: dict[str, float], order: tuple[str, ...] | None) -> list[tuple[str, float]]:
    keys = [k for k in order if k in shares] if order else []
    keys += sorted((k for k in shares if k not in keys), key=lambda k: -shares[k])
    return [(k, max(0.0, float(shares[k]))) for k in keys]


def largest(shares: dict[str, float], limit: int) -> dict[str, float]:
    """The `limit` largest shares: rows saved before a cap existed still draw a bounded chart."""
    if len(shares) <= limit:
        return shares
    return dict(sorted(shares.items(), key=lambda item: -float(item[1]))[:limit])


def donut_segments(shares: dict[str, float], order: tuple[str, ...] | None = None) -> list[Segment]:
    """Stroke-dash segments around a circle, starting at 12 o'clock, clockwise."""
    items = _ordered(shares, order)
    total = sum(share for _key, share in items) or 1.0
    segments = []
    start = 0.0
    for index, (key, share) in enumerate(items):
        length = 100 * share / total
        segments.append(
            Segment(
                key=key,
                share=share,
                color=PALETTE[index % len(PALETTE)],
                dasharray=f"{length:.3f} {100 - length:.3f}",
                dashoffset=round(25 - start, 3),
            )
        )
        start += length
    return segments


def bar_rows(
    shares: dict[str, float],
    order: tuple[str, ...] | None = None,
    row_height: float = 24.0,
) -> list[Bar]:
    """Horizontal bars; the largest share fills the plot width (100 units)."""
    items = _ordered(shares, order)
    largest = max((share for _key, share in items), default=0.0) or 1.0
    return [
        Bar(
            key=key,
            share=share,
            color=PALETTE[index % len(PALETTE)],
            width=round(100 * share / largest, 2),
            y=index * row_height,
        )
        for index, (key, share) in enumerate(items)
    ]
