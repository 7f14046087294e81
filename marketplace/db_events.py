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


_relaxed_durability: ContextVar[bool] = ContextVar("sqlite_relaxed_durability", default=False)


@contextmanager
def sqlite_relaxed_durability() -> Iterator[None]:
    """Transactions begun inside this block commit without an fsync (WAL, synchronous=NORMAL).

    For facts we can afford to lose on a power cut (a tracked link's click), never money:
    they survive an application crash, and become durable with the next ordinary commit.
    """
    token = _relaxed_durability.set(True)
    try:
        yield
    finally:
        _relaxed_durability.reset(token)


def _set_synchronous(connection: Any) -> None:
    """PRAGMA synchronous may only change outside a transaction: just before BEGIN."""
    wanted = "NORMAL" if _relaxed_durability.get() else "FULL"
    if connection.info.get("sqlite_synchronous") != wanted:
        connection.exec_driver_sql(f"PRAGMA synchronous={wanted}")
        connection.info["sqlite_synchronous"] = wanted


@event.listens_for(Engine, "begin")
def _sqlite_on_begin(connection: Any) -> None:
    if connection.dialect.name == "sqlite":
        _set_synchronous(connection)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _write_lock_on_begin.get() else "BEGIN")
