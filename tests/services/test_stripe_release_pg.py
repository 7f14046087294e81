"""Concurrent deliveries on PostgreSQL: one transfer per release, reversals within balance.

Row locks make these meaningful only on PostgreSQL. Transfers, reversals and balances are
the stand-in's (OUR model of Stripe); the funding charge is localstripe's.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import PaymentAttempt, User
from marketplace.services.ledger import accounts, balances
from marketplace.services.ledger.postings import balance
from marketplace.services.payments import connect_accounts
from marketplace.services.payments.clawbacks import refund_after_release
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_admin
from tests.factories.stripe import make_stripe_contract

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 8
NET = 45_000


def race(work: Callable[[int], str]) -> list[str]:
    barrier = threading.Barrier(RACERS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        barrier.wait(timeout=30)
        try:
            result = work(i)
        except Exception as error:  # reported below, not swallowed
            result = f"{type(error).__name__}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=90)
    return outcomes


def test_concurrent_account_updates_send_the_waiting_release_once(
    stripe_app, stripe_server, send_stripe_event, committed_db
) -> None:
    with stripe_app.test_request_context():
        deal = make_stripe_contract(stripe_server, onboarded=False)
        kol_id, contract_id = deal.kol.id, deal.id
        account = connect_accounts.ensure_account(deal.kol).reference
        db.session.remove()
    stripe_server.complete_onboarding(account)

    def deliver(_: int) -> str:
        event = stripe_server.account_updated(account)  # each its own event id
        return str(send_stripe_event(stripe_app.test_client(), event, "connect").status_code)

    assert race(deliver) == ["200"] * RACERS
    assert len(stripe_server.connect.transfers) == 1
    with stripe_app.app_context():
        attempts = db.session.scalars(
            select(PaymentAttempt).where(PaymentAttempt.kind == "transfer")
        ).all()
        assert [(a.contract_id, a.status) for a in attempts] == [(contract_id, "succeeded")]
        assert balance(accounts.kol_paid_out(kol_id), "usd") == NET
        assert balance(accounts.kol_available(kol_id), "usd") == 0
        assert balances.totals() == {"usd": 0}


def test_concurrent_reversals_never_take_more_than_was_transferred(
    stripe_app, stripe_server, committed_db
) -> None:
    with stripe_app.test_request_context():
        deal = make_stripe_contract(stripe_server)
        admin_id, contract_id, kol_id = make_admin().id, deal.id, deal.kol.id
        db.session.remove()
    share = 10_000  # four fit in 45_000

    def reverse(_: int) -> str:
        with stripe_app.test_request_context():
            try:
                admin = db.session.get_one(User, admin_id)
                return refund_after_release(admin, contract_id, share, "Race").status
            finally:
                db.session.remove()

    outcomes = race(reverse)
    assert outcomes.count("succeeded") == 4, outcomes
    assert set(outcomes) <= {"succeeded", "ValidationFailed", "Conflict"}, outcomes
    with stripe_app.app_context():
        reversed_total = db.session.scalar(
            select(func.sum(PaymentAttempt.amount)).where(
                PaymentAttempt.kind == "reversal", PaymentAttempt.status == "succeeded"
            )
        )
        assert reversed_total == 4 * share
        assert balance(accounts.kol_paid_out(kol_id), "usd") == NET - 4 * share
        assert balances.totals() == {"usd": 0}
    [transfer] = stripe_server.connect.transfers.values()
    assert transfer["amount_reversed"] == 4 * share
