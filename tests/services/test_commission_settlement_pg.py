"""Two sweeps settling commission at the same moment, on committed data: every payable
conversion is settled exactly once and the KOL is credited exactly the sum of the nets.
Runs on PostgreSQL (FOR UPDATE SKIP LOCKED) and on SQLite (write lock)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.models import Contract, Conversion, LedgerEntry
from marketplace.models.base import utcnow
from marketplace.services.contracts.timers import run_due
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.sales import make_commission_deal, make_conversion

SWEEPS = 2
pytestmark = [pytest.mark.live_db, pytest.mark.postgres]


def _sales(app: Flask) -> int:
    """Three commission deals of one KOL with four sales each, committed; the KOL's id."""
    with app.app_context():
        first = make_commission_deal(bps=1000, budget=50_000)
        deals = [first] + [
            make_commission_deal(bps=1000, budget=50_000, kol=first.kol) for _ in range(2)
        ]
        for deal in deals:
            for i in range(4):
                make_conversion(deal, amount=10_000 + 1_111 * i)
        db.session.commit()
        kol_id = first.kol.id
        db.session.remove()
    return kol_id


def test_two_sweeps_at_once_settle_each_conversion_exactly_once(app, committed_db):
    kol_id = _sales(app)
    later = utcnow() + timedelta(days=16)
    barrier = threading.Barrier(SWEEPS)
    settled: list[int] = []
    errors: list[BaseException] = []

    def sweep() -> None:
        with app.app_context():
            barrier.wait()
            try:
                settled.append(run_due(later).extra["commission_settled"])
            except BaseException as error:
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sweep) for _ in range(SWEEPS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    with app.app_context():
        # A conversion a sweep skipped because the other held its contract is left for
        # the next sweep; one more sweep must finish the job and book nothing twice.
        settled.append(run_due(later).extra["commission_settled"])
        assert sum(settled) == 12
        conversions = db.session.scalars(select(Conversion)).all()
        assert {c.status for c in conversions} == {"settled"}
        entries = db.session.scalar(
            select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "commission_settle")
        )
        assert entries == 12
        fee_bps = {c.id: c.fee_bps for c in db.session.scalars(select(Contract))}
        nets = sum(split(c.commission, fee_bps[c.contract_id]).net for c in conversions)
        assert balance(accounts.kol_available(kol_id), "cny") == nets
