"""Fast seeding for the catalogue benchmark: the demo generator, written in bulk.

PostgreSQL gets the rows with COPY, SQLite with executemany in one transaction (its FTS5
index is filled by the search-document triggers).

KOLs come from marketplace.seed.generate (generated in two processes); about one listing in
six gets a second "package" offer so 100,000 KOLs carry about 300,000 listings, and a few
listings are paused or deleted and a few KOLs suspended, so the filters that hide them do
real work. Search documents use the application's tokenizer.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from typing import Any

import psycopg
from sqlalchemy import Table
from werkzeug.security import generate_password_hash

from marketplace.models import KolCategory, KolProfile, Listing, PlatformAccount, User
from marketplace.seed.generate import DemoKol, generate_kols
from marketplace.services.catalogue.audience import majority_keys
from marketplace.services.discovery.search_index import profile_tokens

CHUNK = 5_000
ID_BASE = 1_000_000  # bench KOL user ids start here, clear of any other rows
PACKAGE_SHARE = 0.18


def _generate(start: int, count: int) -> list[DemoKol]:
    return generate_kols(count, start=start)


def _chunks(kols: int) -> Iterator[list[DemoKol]]:
    starts = list(range(0, kols, CHUNK))
    with ProcessPoolExecutor(max_workers=2) as pool:
        yield from pool.map(_generate, starts, [min(CHUNK, kols - s) for s in starts])


def _value(column: Any, values: dict[str, Any]) -> Any:
    """The row value for a column: given, else the model default, else NULL."""
    if column.name in values:
        value = values[column.name]
    elif column.default is not None and column.default.is_scalar:
        value = column.default.arg
    elif column.default is not None and column.default.is_callable:
        value = column.default.arg(None)
    else:
        value = None
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


class Copier:
    """COPY rows into the tables of the models, filling model defaults for other columns."""

    def __init__(self, conn: psycopg.Connection, table: Table, generated_ids: bool) -> None:
        self.columns = [c for c in table.columns if not (generated_ids and c.name == "id")]
        names = ", ".join(c.name for c in self.columns)
        self.cursor = conn.cursor()
        self._copy_cm = self.cursor.copy(f"COPY {table.name} ({names}) FROM STDIN")
        self.copy = self._copy_cm.__enter__()
        self.rows = 0

    def write(self, values: dict[str, Any]) -> None:
        self.copy.write_row([_value(c, values) for c in self.columns])
        self.rows += 1

    def close(self) -> None:
        self._copy_cm.__exit__(None, None, None)


def _rows_for(kol: DemoKol, now: datetime, password_hash: str) -> dict[str, list[dict]]:
    uid = ID_BASE + kol.index
    flag = (kol.index * 2654435761) % 1000  # deterministic pseudo-random per KOL
    gender, age, region = majority_keys(kol.audience)
    listings: list[dict[str, Any]] = []
    for n, item in enumerate(kol.listings):
        status = (
            "paused" if (flag + n) % 40 == 0 else "deleted" if (flag + n) % 150 == 1 else "active"
        )
        listings.append(
            {**item, "kol_id": uid, "status": status, "created_at": now, "updated_at": now}
        )
        if (flag * 7 + n * 13) % 100 < PACKAGE_SHARE * 100 and item["rate"]:
            listings.append(
                {
                    **item,
                    "kol_id": uid,
                    "title": item["title"] + " ×3",
                    "rate": item["rate"] * 26 // 10,
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
            )
    return {
        "users": [
            {
                "id": uid,
                "email": f"kol{kol.index}@bench.example",
                "password_hash": password_hash,
                "role": "kol",
                "name": kol.name,
                "is_suspended": flag < 8,  # about 0.8% suspended
                "created_at": now,
            }
        ],
        "kol_profiles": [
            {
                "user_id": uid,
                "display_name": kol.display_name,
                "bio": kol.bio,
                "tags": kol.tags,
                "verification": kol.verification,
                "audience": kol.audience,
                "audience_gender_major": gender,
                "audience_age_major": age,
                "audience_region_major": region,
                "rating_avg": kol.rating_avg,
                "rating_count": kol.rating_count,
                "completed_count": kol.completed_count,
                "on_time_rate": kol.on_time_rate,
                "created_at": now,
                "updated_at": now,
            }
        ],
        "kol_categories": [
            {"kol_id": uid, "category": c, "position": p} for p, c in enumerate(kol.categories)
        ],
        "platform_accounts": [{"kol_id": uid, **p} for p in kol.platforms],
        "listings": listings,
        "kol_search_docs": [
            {"kol_id": uid, "tokens": profile_tokens(kol.display_name, kol.bio, kol.tags)}
        ],
    }


class SqliteInserter:
    """The SQLite counterpart of Copier: executemany in batches, values adapted by hand."""

    def __init__(self, conn: sqlite3.Connection, table: Table, generated_ids: bool) -> None:
        self.columns = [c for c in table.columns if not (generated_ids and c.name == "id")]
        names = ", ".join(c.name for c in self.columns)
        marks = ", ".join("?" for _ in self.columns)
        self.sql = f"INSERT INTO {table.name} ({names}) VALUES ({marks})"
        self.conn = conn
        self.batch: list[list[Any]] = []
        self.rows = 0

    def write(self, values: dict[str, Any]) -> None:
        row = [_value(c, values) for c in self.columns]
        self.batch.append([_sqlite_value(v) for v in row])
        self.rows += 1
        if len(self.batch) >= CHUNK:
            self.close()

    def close(self) -> None:
        self.conn.executemany(self.sql, self.batch)
        self.batch = []


def _sqlite_value(value: Any) -> Any:
    """Datetimes in SQLAlchemy's SQLite text format; everything else as sqlite3 takes it."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    return value


def _tables() -> dict[str, Table]:
    from marketplace.services.discovery.search_index import search_docs

    return {
        "users": User.__table__,
        "kol_profiles": KolProfile.__table__,
        "kol_categories": KolCategory.__table__,
        "platform_accounts": PlatformAccount.__table__,
        "listings": Listing.__table__,
        "kol_search_docs": search_docs,
    }


def _generated(kols: int, started: float, log) -> dict[str, list[dict]]:
    now = datetime.now(UTC).replace(tzinfo=None)
    password_hash = generate_password_hash("bench-pass-123")
    buffered: dict[str, list[dict]] = {name: [] for name in _tables()}
    for done, chunk in enumerate(_chunks(kols), start=1):
        for kol in chunk:
            for name, rows in _rows_for(kol, now, password_hash).items():
                buffered[name].extend(rows)
        elapsed = time.perf_counter() - started
        log(f"  generated {min(done * CHUNK, kols):,} KOLs ({elapsed:.0f}s)")
    return buffered


def seed(url: str, kols: int, log=print) -> dict[str, int]:
    """Write `kols` demo KOLs into the database at `url`; returns the row counts per table."""
    if url.startswith("sqlite:///"):
        return _seed_sqlite(url.removeprefix("sqlite:///"), kols, log)
    return _seed_postgresql(url, kols, log)


def _seed_sqlite(path: str, kols: int, log) -> dict[str, int]:
    started = time.perf_counter()
    buffered = _generated(kols, started, log)
    counts = {}
    conn = sqlite3.connect(path)
    try:
        for name, table in _tables().items():  # parents first, so foreign keys hold
            inserter = SqliteInserter(
                conn, table, generated_ids=name in ("listings", "platform_accounts")
            )
            for row in buffered[name]:
                inserter.write(row)
            inserter.close()
            counts[name] = inserter.rows
            elapsed = time.perf_counter() - started
            log(f"  inserted {inserter.rows:,} rows into {name} ({elapsed:.0f}s)")
        conn.commit()
    finally:
        conn.close()
    return counts


def _seed_postgresql(conninfo: str, kols: int, log) -> dict[str, int]:
    started = time.perf_counter()
    tables = _tables()
    buffered = _generated(kols, started, log)
    with psycopg.connect(conninfo) as conn:
        counts = {}
        for name, table in tables.items():  # parents first, so foreign keys hold
            copier = Copier(conn, table, generated_ids=name in ("listings", "platform_accounts"))
            for row in buffered[name]:
                copier.write(row)
            copier.close()
            counts[name] = copier.rows
            log(f"  copied {copier.rows:,} rows into {name} ({time.perf_counter() - started:.0f}s)")
        for table, column in (("users", "id"), ("listings", "id"), ("platform_accounts", "id")):
            conn.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'), "
                f"(SELECT max({column}) FROM {table}))"
            )
        conn.commit()
    return counts
