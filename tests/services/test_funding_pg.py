"""Twenty clicks on "fund" at once: one charge at the provider, one ledger entry.

Runs only on PostgreSQL (row locks); see tests/services/test_concurrency_pg.py.
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from marketplace.domain.errors import DomainError
from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, PaymentAttempt, SandboxOperation, User
from marketplace.services.contracts.funding import fund
from marketplace.services.ledger import accounts, balances
from marketplace.services.ledger.postings import balance
from tests.conftest import TEST_DATABASE_URL
from tests.factories.contracts import make_contract

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 20
PRICE = 300_000


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_twenty_concurrent_fund_requests_charge_once(app, committed_db):
    with app.app_context():
        deal = make_contract("accepted", price=PRICE)
        brand_id, contract_id = deal.brand.id, deal.id
        db.session.remove()
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def click() -> None:
        with app.app_context():
            brand = db.session.get_one(User, brand_id)
            db.session.rollback()  # give the connection back: the pool has 15
            barrier.wait(timeout=30)
            try:
                result = fund(brand, contract_id, "pm_card_visa").status
            except DomainError as error:
                result = type(error).__name__
            except Exception as error:  # an escaped exception fails the test below
                result = f"escaped {error!r}"
            finally:
                db.session.remove()
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=click) for _ in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == RACERS
    assert set(outcomes) <= {"funded", "InvalidTransition"}, outcomes
    assert "funded" in outcomes
    with app.app_context():
        assert db.session.get_one(Contract, contract_id).status == "funded"
        assert _count(SandboxOperation, SandboxOperation.kind == "charge") == 1
        assert _count(PaymentAttempt, PaymentAttempt.contract_id == contract_id) == 1
        assert _count(LedgerEntry, LedgerEntry.contract_id == contract_id) == 1
        assert balance(accounts.escrow(contract_id), "cny") == PRICE
        assert balances.totals() == {"cny": 0}
