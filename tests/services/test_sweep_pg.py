"""Two sweeps at once on PostgreSQL: each due contract moves once, each release is booked
once, and the pruning of both sweeps together deletes each old row once."""

from __future__ import annotations

import threading
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.jobs import prune, sweep
from marketplace.models import Contract, ContractEvent, LedgerEntry, LedgerLine, LoginFailure
from marketplace.models.base import utcnow
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_brand
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract
from tests.factories.logs import LoginFailureFactory

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

PAST_EVERY_TIMER = timedelta(days=3, minutes=1)
SWEEPS = 2


def sweep_at_once(app, moment) -> list[dict[str, Any]]:
    """`SWEEPS` sweeps, each on its own thread and connection, released together."""
    barrier = threading.Barrier(SWEEPS)
    reports: list[dict[str, Any]] = []

    def run() -> None:
        with app.app_context():
            barrier.wait()
            try:
                reports.append(sweep.sweep(moment))
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run) for _ in range(SWEEPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return reports


def test_two_sweeps_at_once_move_each_contract_once_and_prune_each_row_once(
    app, committed_db, monkeypatch
):
    per_timer = 15
    old_failures = 40
    with app.app_context():
        kol, listing = make_kol_with_listing()
        brand = make_brand()
        ids = [
            make_contract(status, brand=brand, kol=kol, listing=listing).id
            for status in ("offered", "accepted", "submitted")
            for _ in range(per_timer)
        ]
        LoginFailureFactory.create_batch(old_failures, at=utcnow() - timedelta(days=1))
        db.session.remove()
    # Small batches, so both sweeps are pruning the same table at the same time.
    monkeypatch.setattr(prune, "BATCH", 3)
    monkeypatch.setattr(prune, "MAX_BATCHES", 100)

    reports = sweep_at_once(app, utcnow() + PAST_EVERY_TIMER)

    assert len(reports) == SWEEPS
    assert [report["failed_steps"] for report in reports] == [[]] * SWEEPS
    moved: Counter[str] = Counter()
    for report in reports:
        moved.update(report["run_due"])
    assert (moved["expired"], moved["funding_cancelled"], moved["auto_approved"]) == (
        per_timer,
        per_timer,
        per_timer,
    )
    assert moved["failed"] == 0
    assert sum(report["prune"]["login_failures"] for report in reports) == old_failures
    with app.app_context():
        statuses = Counter(db.session.scalars(select(Contract.status).where(Contract.id.in_(ids))))
        assert statuses == {"expired": per_timer, "cancelled": per_timer, "completed": per_timer}
        system_events = Counter(
            db.session.scalars(
                select(ContractEvent.contract_id).where(
                    ContractEvent.contract_id.in_(ids), ContractEvent.actor_role == "system"
                )
            )
        )
        assert system_events == Counter({cid: 1 for cid in ids})
        release_keys = [f"release:contract:{cid}" for cid in ids]
        releases = db.session.scalar(
            select(func.count()).where(LedgerEntry.idempotency_key.in_(release_keys))
        )
        assert releases == per_timer
        sums = db.session.execute(
            select(LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(LedgerLine.currency)
        )
        assert {int(total) for _currency, total in sums} == {0}
        assert db.session.scalar(select(func.count(LoginFailure.id))) == 0
