"""CSV exports of results: a day series, and a brand's (or KOL's) per-contract table.

Amounts are written in the currency's major unit (as a spreadsheet expects) next to the
currency; every cell goes through `csv_safe`, so text a party typed (a contract title)
cannot run as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from marketplace.domain.money import to_major
from marketplace.services.admin.audit_log import csv_safe
from marketplace.services.campaigns.results import Overview, Results

SERIES_HEADER = ("date", "clicks", "unique_clicks", "orders", "gmv", "commission", "currency")
TABLE_HEADER = (
    "contract_id",
    "title",
    "status",
    "currency",
    "clicks",
    "unique_clicks",
    "orders",
    "gmv",
    "refunded",
    "commission_accrued",
    "commission_paid",
    "budget_left",
    "fees",
    "spent",
    "conversion_rate",
    "cost_per_click",
    "cost_per_order",
    "roi",
)


def _write(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_safe(cell) for cell in row])
    return buffer.getvalue()


def _major(amount: int | None, currency: str) -> str:
    return "" if amount is None else str(to_major(amount, currency))


def series_csv(results: Results) -> str:
    """One row per day of the series."""
    c = results.currency
    return _write(
        SERIES_HEADER,
        (
            (
                p.day.isoformat(),
                p.clicks,
                p.unique_clicks,
                p.orders,
                _major(p.gmv, c),
                _major(p.commission, c),
                c,
            )
            for p in results.series
        ),
    )


def overview_csv(overview: Overview) -> str:
    """One row per contract with its figures."""
    rows = []
    for row in overview.rows:
        r, c = row.results, row.results.currency
        rows.append(
            (
                row.contract.id,
                row.contract.title,
                row.contract.status,
                c,
                r.clicks,
                r.unique_clicks,
                r.orders,
                *(
                    _major(amount, c)
                    for amount in (
                        r.gmv,
                        r.refunded,
                        r.commission_accrued,
                        r.commission_paid,
                        r.budget_left,
                        r.fees,
                        r.spent,
                    )
                ),
                "" if r.conversion_rate is None else r.conversion_rate,
                _major(r.cost_per_click, c),
                _major(r.cost_per_order, c),
                "" if r.roi is None else r.roi,
            )
        )
    return _write(TABLE_HEADER, rows)
