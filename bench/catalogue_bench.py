"""Catalogue benchmark: browse page and GET /api/v1/listings at scale, on either database.

    .venv/bin/python bench/catalogue_bench.py [--db sqlite|postgresql] [--kols 100000]
                                              [--rounds 40] [--fresh]

The database is BENCH_DATABASE_URL when set, else per `--db`: PostgreSQL
postgresql://postgres@127.0.0.1/kol_catalogue_bench (created when missing), or SQLite
instance/catalogue_bench.sqlite3. On a fresh or empty database it migrates, seeds the KOLs
in bulk (bench/catalogue_seed.py) and refreshes the planner statistics (VACUUM ANALYZE,
or ANALYZE and an FTS5 optimize). Then it times each query shape through the Flask test
client (server time: routing, validation, SQL, rendering / JSON), prints p50/p95 per shape
for the page and the API, and the query plan of the SQL behind the slowest shape.
Target: p95 under 150 ms per page.
"""

from __future__ import annotations

import argparse
import itertools
import os
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URLS = {
    "postgresql": "postgresql://postgres@127.0.0.1/kol_catalogue_bench",
    "sqlite": f"sqlite:///{ROOT / 'instance' / 'catalogue_bench.sqlite3'}",
}
TARGET_MS = 150.0
SURFACES = ("browse page", "API list")

# Each shape cycles through a few variants so one cached plan or page does not flatter it.
# Rates are in fen for the API; the browse page takes yuan (divided by 100 below).
SHAPES: dict[str, list[dict[str, Any]]] = {
    "default (no filters)": [{}],
    "text EN": [
        {"q": "skincare"},
        {"q": "home cooking"},
        {"q": "phone reviews"},
        {"q": "budget travel"},
        {"q": "yoga"},
    ],
    "text ZH": [{"q": "防晒"}, {"q": "穿搭"}, {"q": "探店美食"}, {"q": "育儿"}, {"q": "健身"}],
    "category + platform": [
        {"category": "beauty", "platform": "xiaohongshu"},
        {"category": "food", "platform": "douyin"},
        {"category": "electronics", "platform": "bilibili"},
        {"category": "fashion", "platform": "taobao_live", "collab_type": "live_stream"},
    ],
    "rate range": [
        {"currency": "cny", "min_rate": 100_000, "max_rate": 500_000},
        {"currency": "cny", "min_rate": 1_000_000, "max_rate": 5_000_000, "sort": "rate"},
        {"currency": "usd", "min_rate": 50_000, "max_rate": 200_000, "sort": "-rate"},
    ],
    "followers range + sort": [
        {"min_followers": 100_000, "max_followers": 1_000_000, "sort": "-followers"},
        {"min_followers": 10_000, "max_followers": 50_000, "sort": "engagement"},
        {"min_followers": 5_000, "sort": "followers"},
    ],
    "audience majority + verified": [
        {"audience_gender": "female", "audience_age": "18-24", "verified": "1"},
        {"audience_gender": "male", "audience_region": "tier1", "verified": "1"},
        {"audience_age": "25-34", "verified": "1", "sort": "rating"},
    ],
    "mixed: text + filters": [
        {"q": "防晒", "platform": "xiaohongshu", "verified": "1", "min_followers": 10_000},
        {"q": "skincare", "category": "beauty", "sort": "-followers"},
    ],
    "deep page 200": [
        {"page": 200},
        {"page": 200, "sort": "engagement"},
        {"page": 200, "category": "beauty"},
        {"page": 200, "sort": "rating"},
    ],
}


def log(message: str) -> None:
    print(message, flush=True)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite:///")


def create_database(url: str, fresh: bool) -> None:
    """Make sure the (empty, with `fresh`) database exists."""
    if is_sqlite(url):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        if fresh:
            for stale in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
                stale.unlink(missing_ok=True)
        return
    base, _, name = url.rpartition("/")
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if fresh and exists:
            admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = None
        if not exists:
            admin.execute(f'CREATE DATABASE "{name}"')
            log(f"created database {name}")


def analyze(url: str) -> None:
    """Refresh planner statistics, as an operator would after a bulk load."""
    if is_sqlite(url):
        with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
            conn.execute("INSERT INTO kol_search_fts(kol_search_fts) VALUES ('optimize')")
            conn.execute("ANALYZE")
        return
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM (ANALYZE)")


def prepare(url: str, kols: int, fresh: bool) -> None:
    """Create, migrate and seed the database unless it already holds the KOLs."""
    create_database(url, fresh)
    from flask_migrate import upgrade

    from marketplace.extensions import db

    app = make_app(url)
    with app.app_context():
        upgrade()
        seeded = db.session.scalar(text("SELECT count(*) FROM kol_profiles")) or 0
        db.session.remove()
        db.engine.dispose()
    if seeded >= kols:
        log(f"database already holds {seeded:,} KOLs; reusing it (--fresh rebuilds)")
    else:
        from bench.catalogue_seed import seed

        started = time.perf_counter()
        log(f"seeding {kols:,} KOLs ...")
        counts = seed(url, kols, log=log)
        log(f"seeded in {time.perf_counter() - started:.0f}s: {counts}")
    started = time.perf_counter()
    analyze(url)  # also after a migration that added or rebuilt an index
    log(f"statistics refreshed in {time.perf_counter() - started:.0f}s")


def _browse_params(params: dict[str, Any]) -> dict[str, Any]:
    """The page takes rates in yuan/dollars."""
    return {k: (v // 100 if k in ("min_rate", "max_rate") else v) for k, v in params.items()}


def make_app(url: str) -> Any:
    from marketplace import create_app

    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url.replace("postgresql://", "postgresql+psycopg://"),
            "SECRET_KEY": "bench",
            "RATELIMIT_ENABLED": False,  # Flask-Limiter, once the API has limits
        }
    )


def api_headers(app: Any) -> dict[str, str]:
    """A bearer token for a benchmark brand (created once)."""
    from sqlalchemy import select

    from marketplace.extensions import db
    from marketplace.models import User
    from marketplace.services.accounts import users

    email = "bench-brand@bench.example"
    with app.test_request_context():
        user = db.session.scalar(select(User).where(User.email == email))
        if user is None:
            user = users.register(email, "bench-pass-123", "brand", "Bench brand", "127.0.0.1")
        token = users.issue_token(user, name="bench")
        db.session.remove()
    return {"Authorization": f"Bearer {token}"}


Timing = tuple[float, float]  # (wall, CPU of this process) in milliseconds


def request(client: Any, surface: str, params: dict[str, Any], headers: dict[str, str]) -> Timing:
    """One request; returns its server time and the CPU time this process spent on it.

    On SQLite the whole request runs in this process, so its CPU time is what the request
    costs on an otherwise idle machine (wall time also counts waiting for a shared CPU).
    On PostgreSQL the CPU column leaves out the database server's work.
    """
    if surface == "browse page":
        path, query, extra = "/browse/", _browse_params(params), {}
    else:
        path, query, extra = "/api/v1/listings", params, {"headers": headers}
    started, cpu_started = time.perf_counter(), time.process_time()
    response = client.get(path, query_string=query, **extra)
    elapsed = (time.perf_counter() - started) * 1000
    cpu = (time.process_time() - cpu_started) * 1000
    assert response.status_code == 200, (path, query, response.status_code)
    return elapsed, cpu


def run(client: Any, headers: dict[str, str], rounds: int) -> list[tuple[str, str, list[Timing]]]:
    results: list[tuple[str, str, list[Timing]]] = []
    for shape, variants in SHAPES.items():
        for surface in SURFACES:
            for params in variants:  # warm-up: pool, templates, first plans
                request(client, surface, params, headers)
            cycle = itertools.cycle(variants)
            timings = [request(client, surface, next(cycle), headers) for _ in range(rounds)]
            results.append((shape, surface, timings))
    return results


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def report(results: list[tuple[str, str, list[Timing]]]) -> tuple[str, str]:
    log("")
    log(
        f"{'query shape':32} {'surface':12} {'n':>4} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}"
        f" {'cpu p50':>8} {'cpu p95':>8}"
    )
    log("-" * 96)
    worst = ("", "", 0.0)
    for shape, surface, timings in results:
        wall = [w for w, _cpu in timings]
        cpu = [c for _wall, c in timings]
        high = p95(wall)
        flag = "" if high < TARGET_MS else "  <-- over target"
        log(
            f"{shape:32} {surface:12} {len(wall):>4} {statistics.median(wall):>8.1f} "
            f"{high:>8.1f} {max(wall):>8.1f} {statistics.median(cpu):>8.1f} {p95(cpu):>8.1f}"
            f"{flag}"
        )
        if high > worst[2]:
            worst = (shape, surface, high)
    log("-" * 96)
    verdict = "met" if worst[2] < TARGET_MS else "NOT met"
    log(
        f"target p95 < {TARGET_MS:.0f} ms: {verdict} (worst p95 {worst[2]:.1f} ms: {worst[0]}, "
        f"{worst[1]})"
    )
    return worst[0], worst[1]


def explain(app: Any, client: Any, headers: dict[str, str], shape: str, surface: str) -> None:
    """The plan of every listing query behind the slowest variant of a shape: EXPLAIN
    (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN on SQLite."""
    from marketplace.extensions import db

    timed = [(request(client, surface, params, headers), params) for params in SHAPES[shape]]
    _timing, worst = max(timed, key=lambda pair: pair[0][0])
    captured: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many):
        if "listings" in statement and statement.lstrip().upper().startswith(("SELECT", "WITH")):
            captured.append((statement, parameters))

    with app.app_context():
        engine = db.engine
        event.listen(engine, "before_cursor_execute", capture)
        try:
            request(client, surface, worst, headers)
        finally:
            event.remove(engine, "before_cursor_execute", capture)
        log("")
        sqlite = engine.dialect.name == "sqlite"
        prefix = "EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN (ANALYZE, BUFFERS) "
        log(f"{prefix.strip()}, slowest shape: {shape} ({surface}), variant {worst}")
        with engine.connect() as conn:
            for statement, parameters in captured:
                log("")
                log(statement)
                log(f"-- parameters: {parameters}")
                plan = conn.exec_driver_sql(prefix + statement, parameters)
                for row in plan:
                    log(str(row[-1]) if sqlite else row[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=sorted(DEFAULT_URLS), default="postgresql")
    parser.add_argument("--kols", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=40, help="timed requests per shape")
    parser.add_argument("--fresh", action="store_true", help="drop and rebuild the database")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URLS[args.db]
    prepare(url, args.kols, args.fresh)
    app = make_app(url)
    client = app.test_client()
    headers = api_headers(app)
    shape, surface = report(run(client, headers, args.rounds))
    explain(app, client, headers, shape, surface)


if __name__ == "__main__":
    main()
