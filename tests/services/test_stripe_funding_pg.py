"""The webhook and the return page racing on one paid PaymentIntent: funded once (PostgreSQL).

Twelve threads at once: some deliver `payment_intent.succeeded` (some the same event
id, some distinct ids, as Stripe's retries are), the others load the return page. Row
locks on the contract and the attempt make exactly one of them fund; the fake gateway
stands in for Stripe here (the end-to-end path is in tests/api/test_stripe_funding_api.py).
"""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import Contract, LedgerEntry, PaymentAttempt, WebhookEvent
from marketplace.services.ledger import accounts, balances
from marketplace.services.ledger.postings import balance
from marketplace.services.payments.stripe_funding import refresh_payment, start_funding
from tests.conftest import TEST_DATABASE_URL
from tests.factories.contracts import make_contract
from tests.services.stripe_funding_support import deliver, intent_event, stripe_mode

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 12
PRICE = 300_000


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def test_webhooks_and_return_pages_at_once_fund_once(app, committed_db):
    mode = stripe_mode(app)
    fake = next(mode)
    try:
        with app.app_context():
            deal = make_contract("accepted", price=PRICE)
            contract_id = deal.id
            intent = start_funding(deal.brand, deal.id).intent_ref
            fake.succeed(intent)
            db.session.remove()
        barrier = threading.Barrier(RACERS)
        outcomes: list[str] = []
        lock = threading.Lock()

        def race(n: int) -> None:
            with app.app_context():
                barrier.wait(timeout=30)
                try:
                    if n % 3 == 0:
                        refresh_payment(intent)
                        result = "page"
                    else:
                        event_id = "evt_same" if n % 3 == 1 else f"evt_{n}"
                        result = deliver(*intent_event(fake, intent), id=event_id)
                except Exception as error:  # an escaped exception fails the test below
                    result = f"escaped {error!r}"
                finally:
                    db.session.remove()
                with lock:
                    outcomes.append(result)

        threads = [threading.Thread(target=race, args=(n,)) for n in range(RACERS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

        assert len(outcomes) == RACERS
        assert set(outcomes) <= {"page", "handled", "duplicate"}, outcomes
        with app.app_context():
            assert db.session.get_one(Contract, contract_id).status == "funded"
            assert _count(LedgerEntry, LedgerEntry.contract_id == contract_id) == 1
            assert _count(PaymentAttempt, PaymentAttempt.contract_id == contract_id) == 1
            assert _count(WebhookEvent, WebhookEvent.event_id == "evt_same") == 1
            assert balance(accounts.escrow(contract_id), "cny") == PRICE
            assert balances.totals() == {"cny": 0}
    finally:
        mode.close()
