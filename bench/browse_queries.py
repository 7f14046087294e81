"""SQL time of the browse page's filter combinations, one request at a time, in-process.

Usage:
    DATABASE_URL=postgresql://postgres@127.0.0.1/kol_load_browsesql \\
        .venv/bin/python bench/browse_queries.py [N] [SEED]

Draws N (default 300) filter combinations from the load test's `Visitor.browse_filtered`
mix (bench/load/locustfile.py, seeded random, default seed 1), requests each /browse/ page
through the app in-process with the per-worker count cache off (SEARCH_COUNT_TTL_S=0), and
prints p50/p95/p99/max of the page's total SQL time and of the whole request (ms), then the
10 slowest combinations by SQL time with the split: the page query, the count, the rest.
"""

from __future__ import annotations

import ast
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

ENV = {
    "SECRET_KEY": "x",
    "RATELIMIT_ENABLED": "0",
    "APP_ENV": "production",
    "SESSION_COOKIE_SECURE": "0",
    "LOG_LEVEL": "WARNING",
    "MATCH_INDEX_PATH": "/work/main/instance/load/match_index",
}
for name, value in ENV.items():
    os.environ.setdefault(name, value)
os.environ["SEARCH_COUNT_TTL_S"] = "0"

from sqlalchemy import event  # noqa: E402

from marketplace import create_app  # noqa: E402
from marketplace.extensions import db  # noqa: E402


def _locust_constants() -> dict[str, tuple[str, ...]]:
    """The mix's choices, read from the locustfile (importing it would patch sockets)."""
    tree = ast.parse((Path(__file__).parent / "load" / "locustfile.py").read_text())
    wanted = {"AGES", "CATEGORIES", "COLLAB_TYPES", "PLATFORMS", "SORTS"}
    return {
        node.targets[0].id: ast.literal_eval(node.value)
        for node in tree.body
        if isinstance(node, ast.Assign)
        and isinstance(node.targets[0], ast.Name)
        and node.targets[0].id in wanted
    }


MIX = _locust_constants()
SORTS, CATEGORIES, PLATFORMS = MIX["SORTS"], MIX["CATEGORIES"], MIX["PLATFORMS"]
COLLAB_TYPES, AGES = MIX["COLLAB_TYPES"], MIX["AGES"]


def combination(rng: random.Random) -> dict[str, Any]:
    """One draw of `Visitor.browse_filtered`'s parameters, in the same order of draws."""
    params: dict[str, Any] = {"sort": rng.choice(SORTS)}
    if rng.random() < 0.7:
        params["category"] = rng.choice(CATEGORIES)
    if rng.random() < 0.5:
        params["platform"] = rng.choice(PLATFORMS)
    if rng.random() < 0.3:
        params["collab_type"] = rng.choice(COLLAB_TYPES)
    if rng.random() < 0.3:
        params["min_followers"] = rng.choice((10_000, 50_000, 100_000))
    if rng.random() < 0.2:
        params.update(audience_gender="female", audience_age=rng.choice(AGES))
    if rng.random() < 0.2:
        params["verified"] = "y"
    params["page"] = rng.choice((1, 1, 1, 2, 3, 5, 10))
    return params


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
        url = "/browse/?" + urlencode(combination(rng))
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
