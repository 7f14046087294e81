"""Trimming the tables that only grow: old sign-in failures, expired sessions, spent
postback signatures and match index changes every live snapshot already holds.

Each kind is deleted in batches of `BATCH` rows, one transaction per batch, so a large
backlog never holds one long transaction or lock; at most `MAX_BATCHES` per kind per
sweep, so the sweep's other steps are not held up either: the next sweep goes on.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app

from marketplace.models import LoginFailure, LoginSession
from marketplace.services.batch_delete import DEFAULT_BATCH, delete_batch
from marketplace.services.campaigns.postback_auth import prune_signed_requests
from marketplace.services.matchmaking.snapshots import prune_index_changes
from marketplace.services.unit_of_work import use_case

BATCH = DEFAULT_BATCH
MAX_BATCHES = 20

Pruner = Callable[[datetime, int], int]


@use_case
def prune_login_failures(now: datetime, limit: int) -> int:
    """Failures older than the throttle window no longer count against anyone."""
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_S"])
    return delete_batch(LoginFailure, LoginFailure.at < now - window, limit=limit)


@use_case
def prune_login_sessions(now: datetime, limit: int) -> int:
    """Sessions past their lifetime, which the user loader already refuses."""
    lifetime = timedelta(seconds=current_app.config["SESSION_LIFETIME_S"])
    return delete_batch(LoginSession, LoginSession.created_at < now - lifetime, limit=limit)


PRUNERS: tuple[tuple[str, Pruner], ...] = (
    ("login_failures", prune_login_failures),
    ("login_sessions", prune_login_sessions),
    ("signed_requests", prune_signed_requests),
    ("index_changes", prune_index_changes),
)


def _drain(pruner: Pruner, now: datetime) -> int:
    deleted = 0
    for _ in range(MAX_BATCHES):
        batch = pruner(now, BATCH)
        deleted += batch
        if batch < BATCH:
            break
    return deleted


def prune(now: datetime) -> dict[str, int]:
    """Delete what is no longer needed at `now`; returns the rows deleted per kind."""
    return {name: _drain(pruner, now) for name, pruner in PRUNERS}
