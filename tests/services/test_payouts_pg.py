"""Twenty payout requests at once never take a KOL's available balance below zero.

Runs only on PostgreSQL (row locks); see tests/services/test_concurrency_pg.py.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from marketplace.domain.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Payout, SandboxOperation, User
from marketplace.services.ledger import balances
from marketplace.services.payments.earnings import Earnings, earnings
from marketplace.services.payments.payouts import request_payout
from tests.conftest import TEST_DATABASE_URL
from tests.factories.contracts import make_contract

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 20
NET = 270_000  # a 300,000 contract less the 10% fee
SHARE = NET // 3  # exactly three payouts fit


def test_concurrent_payouts_pay_exactly_what_is_available(app, committed_db):
    with app.app_context():
        kol_id = make_contract("completed", price=300_000).kol.id
        db.session.remove()
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def ask() -> None:
        with app.app_context():
            kol = db.session.get_one(User, kol_id)
            db.session.rollback()  # give the connection back: the pool has 15
            barrier.wait(timeout=30)
            try:
                result = request_payout(kol, SHARE, "cny").status
            except DomainError as error:
                result = type(error).__name__
            except Exception as error:  # an escaped exception fails the test below
                result = f"escaped {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=ask) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert sorted(outcomes) == ["Conflict"] * (RACERS - 3) + ["paid"] * 3, outcomes
    with app.app_context():
        kol = db.session.get_one(User, kol_id)
        assert earnings(kol) == {"cny": Earnings(paid_out=NET)}
        payouts = db.session.scalars(select(Payout).where(Payout.kol_id == kol_id)).all()
        assert [p.status for p in payouts] == ["paid"] * 3
        transfers = db.session.scalars(
            select(SandboxOperation).where(SandboxOperation.kind == "transfer")
        ).all()
        assert sorted(t.amount for t in transfers) == [SHARE] * 3
        assert balances.totals() == {"cny": 0}
