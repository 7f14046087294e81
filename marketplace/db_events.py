"""Engine tweaks: real transactions, foreign keys, WAL and a busy timeout on SQLite."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

# A writer waits this long for another writer to finish instead of failing "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 15_000

_write_lock_on_begin: ContextVar[bool] = ContextVar("sqlite_write_lock_on_begin", default=False)


@contextmanager
def sqlite_write_lock_on_begin() -> Iterator[None]:
    """Transactions begun inside this block take SQLite's write lock at once (BEGIN IMMEDIATE).

    A deferred transaction that reads and then writes fails at its first write if another
    writer committed since its read began (SQLITE_BUSY_SNAPSHOT), and no busy timeout can
    help it; one that takes the lock first simply waits its turn.
    """
    token = _write_lock_on_begin.set(True)
    try:
        yield
    finally:
        _write_lock_on_begin.reset(token)


@event.listens_for(Engine, "connect")
def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    """Let SQLAlchemy emit BEGIN itself so SAVEPOINTs work, and enforce foreign keys."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection: Any) -> None:
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_lock_on_begin.get() else "BEGIN")
