"""Deleting old rows a bounded batch at a time, without waiting on another deleter."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, inspect, select

from marketplace.extensions import db

#: Rows per batch: small enough that one batch is a short transaction.
DEFAULT_BATCH = 5_000


def delete_batch(model: type[Any], *conditions: ColumnElement[bool], limit: int) -> int:
    """Delete at most `limit` rows of `model` matching `conditions`; returns how many.

    The rows are chosen `FOR UPDATE SKIP LOCKED` (PostgreSQL; SQLite serialises writers),
    so two sweeps pruning at once delete different rows instead of queueing on the same
    ones. Call it again (in a new transaction) while it returns `limit`.
    """
    key = inspect(model).primary_key[0]
    chosen = select(key).where(*conditions).limit(limit).with_for_update(skip_locked=True)
    result = db.session.execute(
        delete(model).where(key.in_(chosen)),
        execution_options={"synchronize_session": False},
    )
    return int(getattr(result, "rowcount", 0) or 0)
