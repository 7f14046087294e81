"""SQL time of the browse page's filter combinations, one request at a time, in-process.

Usage:
    DATABASE_URL=postgresql://postgres@127.0.0.1/kol_load_browsesql \\
        .venv/bin/python bench/browse_queries.py [N] [SEED]

Draws N (default 300) filter combinations from the load test's `Visitor.browse_filtered`
mix (bench/load/browse_mix.py, seeded random, default seed 1), requests each /browse/ page
through the app in-process with the per-worker count cache off (SEARCH_COUNT_TTL_S=0), and
prints p50/p95/p99/max of the page's total SQL time and of the whole request (ms), then the
10 slowest combinations by SQL time with the split: the page query, the count, the rest.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench" / "load")]

ENV = {
    "SECRET_KEY": "x",
    "RATELIMIT_ENABLED": "0",
    "APP_ENV": "production",
    "SESSION_COOKIE_SECURE": "0",
    "LOG_LEVEL": "WARNING",
    "MATCH_INDEX_PATH": str(ROOT / "instance" / "load" / "match_index"),
}
for name, value in ENV.items():
    os.environ.setdefault(name, value)
os.environ["SEARCH_COUNT_TTL_S"] = "0"

from browse_mix import browse_filters  # noqa: E402
from sqlalchemy import event  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.extensions import db  # noqa: E402


def kind(statement: str) -> str:
    """'count' for the capped count, 'page' for the page query, 'other' for the rest."""
    head = statement.lstrip()[:200].lower()
    if head.startswith("select count(*)"):
        return "count"
    if ") AS page" in statement:
        return "page"
    return "other"


def percentiles(values: list[float]) -> str:
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))]  # noqa: E731
    return (
        f"p50 {statistics.median(ordered):7.1f}  p95 {pick(0.95):7.1f}  "
        f"p99 {pick(0.99):7.1f}  max {ordered[-1]:7.1f}"
    )


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 300
    rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    app = create_app()
    client = app.test_client()
    spent: dict[str, float] = {}
    started: list[float] = []
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "before_cursor_execute")
    def _before(conn, cursor, statement, params, context, executemany):
        started.append(time.perf_counter())

    @event.listens_for(engine, "after_cursor_execute")
    def _after(conn, cursor, statement, params, context, executemany):
        key = kind(statement)
        spent[key] = spent.get(key, 0.0) + (time.perf_counter() - started.pop()) * 1000

    headers = {"Accept-Language": "en"}
    for _ in range(3):
        client.get("/browse/", headers=headers)
    rows: list[tuple[float, float, dict[str, float], str]] = []
    for _ in range(n):
        url = "/browse/?" + urlencode(browse_filters(rng))
        spent.clear()
        t = time.perf_counter()
        response = client.get(url, headers=headers)
        whole = (time.perf_counter() - t) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{response.status_code} {url}")
        rows.append((sum(spent.values()), whole, dict(spent), url))
    print(f"{n} combinations")
    print("SQL time      " + percentiles([r[0] for r in rows]))
    print("whole request " + percentiles([r[1] for r in rows]))
    print("slowest by SQL time (ms: sql = page + count + other):")
    for sql, _whole, split, url in sorted(rows, reverse=True)[:10]:
        parts = " + ".join(f"{split.get(k, 0.0):.1f}" for k in ("page", "count", "other"))
        print(f"  {sql:7.1f} = {parts}  {url}")


if __name__ == "__main__":
    main()
