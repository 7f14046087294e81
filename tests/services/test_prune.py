"""Pruning: what is old goes, what is recent or still needed stays; backlogs go in batches."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.jobs import prune
from marketplace.models import LoginFailure, LoginSession, MatchIndexChange, SignedRequest
from marketplace.models.base import utcnow
from marketplace.services.accounts.sessions import user_for_session
from marketplace.services.campaigns.postback_auth import tolerance_s
from marketplace.services.matchmaking.index_holder import LATE_COMMIT_WINDOW
from tests.factories.logs import (
    LoginFailureFactory,
    LoginSessionFactory,
    MatchIndexChangeFactory,
    MatchIndexSnapshotFactory,
    SignedRequestFactory,
)

SECOND = timedelta(seconds=1)
NOTHING = {"login_failures": 0, "login_sessions": 0, "signed_requests": 0, "index_changes": 0}


def ids(model) -> set[int]:
    db.session.expire_all()
    return set(db.session.scalars(select(model.id)))


def test_failures_older_than_the_window_go_and_recent_ones_still_throttle(ctx):
    now = utcnow()
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_S"])
    LoginFailureFactory.create_batch(3, at=now - window - SECOND)
    recent = LoginFailureFactory(at=now - window + 5 * SECOND)

    assert prune.prune(now)["login_failures"] == 3
    assert ids(LoginFailure) == {recent.id}


def test_expired_sessions_go_and_live_ones_keep_their_user_signed_in(ctx):
    now = utcnow()
    lifetime = timedelta(seconds=current_app.config["SESSION_LIFETIME_S"])
    expired = LoginSessionFactory(token="expired", created_at=now - lifetime - SECOND)
    live = LoginSessionFactory(token="live", created_at=now - lifetime + timedelta(hours=1))
    assert user_for_session(f"{expired.user_id}:expired") is None  # already refused

    assert prune.prune(now)["login_sessions"] == 1
    assert ids(LoginSession) == {live.id}
    assert user_for_session(f"{live.user_id}:live").id == live.user_id


def test_signatures_go_once_they_can_no_longer_be_replayed(ctx):
    now = utcnow()
    replay_horizon = timedelta(seconds=2 * tolerance_s())
    SignedRequestFactory.create_batch(2, at=now - replay_horizon - SECOND)
    guarding = SignedRequestFactory(at=now - replay_horizon + SECOND)

    assert prune.prune(now)["signed_requests"] == 2
    assert ids(SignedRequest) == {guarding.id}


def test_index_changes_go_only_once_every_live_snapshot_holds_them(ctx):
    now = utcnow()
    settled = now - 2 * LATE_COMMIT_WINDOW - SECOND
    held = MatchIndexChangeFactory.create_batch(2, at=settled)
    # Held by every snapshot, but so recent that catching-up workers still re-read it.
    held_but_recent = MatchIndexChangeFactory(at=now)
    held.append(MatchIndexChangeFactory(at=settled))
    not_yet_held = MatchIndexChangeFactory(at=settled)
    # No snapshot registered: nothing says what a starting worker can skip.
    assert prune.prune(now)["index_changes"] == 0

    MatchIndexSnapshotFactory(change_id=not_yet_held.id)
    MatchIndexSnapshotFactory(change_id=held[-1].id)  # an older worker still maps this one
    MatchIndexSnapshotFactory(change_id=0, retired_at=now)  # retired: holds nothing back

    assert prune.prune(now)["index_changes"] == 3
    assert ids(MatchIndexChange) == {held_but_recent.id, not_yet_held.id}


def test_a_backlog_goes_in_batches_and_a_sweep_stops_after_its_share(ctx, monkeypatch):
    now = utcnow()
    window = timedelta(seconds=current_app.config["LOGIN_FAILURE_WINDOW_S"])
    LoginFailureFactory.create_batch(11, at=now - window - SECOND)
    monkeypatch.setattr(prune, "BATCH", 2)
    monkeypatch.setattr(prune, "MAX_BATCHES", 3)

    assert prune.prune(now)["login_failures"] == 6
    assert prune.prune(now)["login_failures"] == 5
    assert prune.prune(now) == NOTHING
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 0


def test_pruning_twice_changes_nothing_more(ctx):
    now = utcnow()
    LoginFailureFactory(at=now - timedelta(days=1))
    SignedRequestFactory(at=now - timedelta(days=1))
    first = prune.prune(now)
    assert first == {**NOTHING, "login_failures": 1, "signed_requests": 1}
    assert prune.prune(now) == NOTHING
