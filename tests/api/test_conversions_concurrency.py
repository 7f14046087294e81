"""Sales reported at the same moment, on committed data: the budget is never overdrawn and
an identical sale is booked once. Runs on PostgreSQL (row locks) and on SQLite (write lock)."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable

import pytest
from flask import Flask
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Conversion, LedgerEntry
from marketplace.services.accounts import users
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.sales import make_commission_deal, sale_payload

RACERS = 12
pytestmark = [pytest.mark.live_db, pytest.mark.postgres]


def _at_once(app: Flask, request: Callable[[int], int]) -> Counter[int]:
    barrier = threading.Barrier(RACERS)
    statuses: Counter[int] = Counter()
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait()
        try:
            status = request(i)
        except Exception:
            status = -1
        with lock:
            statuses[status] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return statuses


def _deal(app: Flask, budget: int):
    """A funded commission deal (10% rate), its brand's token and sale bodies, committed."""
    with app.app_context():
        deal = make_commission_deal(bps=1000, budget=budget)
        token = users.issue_token(deal.brand)
        bodies = [sale_payload(deal, amount=10_000, order_id=f"TB-{i}") for i in range(RACERS)]
        db.session.commit()
        contract_id = deal.id
        db.session.remove()
    return contract_id, token, bodies


def _post(app: Flask, token: str, body: dict) -> int:
    response = app.test_client().post(
        "/api/v1/conversions", json=body, headers={"Authorization": f"Bearer {token}"}
    )
    return response.status_code


def test_concurrent_sales_never_overdraw_the_budget(app, committed_db):
    contract_id, token, bodies = _deal(app, budget=5_000)  # five sales' worth
    statuses = _at_once(app, lambda i: _post(app, token, bodies[i]))
    assert statuses == Counter({201: RACERS})
    with app.app_context():
        earned = db.session.scalars(select(Conversion.commission)).all()
        assert sorted(earned, reverse=True) == [1_000] * 5 + [0] * (RACERS - 5)
        assert balance(accounts.commission_held(contract_id), "cny") == 5_000
        assert balance(accounts.commission_escrow(contract_id), "cny") == 0


def test_identical_concurrent_sales_are_booked_once(app, committed_db):
    contract_id, token, bodies = _deal(app, budget=50_000)
    statuses = _at_once(app, lambda _i: _post(app, token, bodies[0]))
    # The contract's row lock queues them: the first books, the others find its booking.
    assert statuses == Counter({201: 1, 200: RACERS - 1})
    with app.app_context():
        assert db.session.scalar(select(func.count(Conversion.id))) == 1
        accruals = db.session.scalar(
            select(func.count(LedgerEntry.id)).where(LedgerEntry.kind == "commission_accrue")
        )
        assert accruals == 1
        assert balance(accounts.commission_held(contract_id), "cny") == 1_000
