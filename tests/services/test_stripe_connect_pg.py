"""Concurrent first onboarding on PostgreSQL: one connected account, one row.

Accounts and links are the stand-in's (OUR model of Stripe's Connect).
"""

from __future__ import annotations

import threading
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.models import PaymentAccount
from tests.conftest import TEST_DATABASE_URL, login
from tests.factories.catalogue import make_kol_with_listing

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 6


def test_double_clicked_onboarding_creates_one_account(
    stripe_app, stripe_server, committed_db
) -> None:
    with stripe_app.test_request_context():
        kol, _ = make_kol_with_listing()
        kol_id, email = kol.id, kol.email
        db.session.remove()
    clients = [stripe_app.test_client() for _ in range(RACERS)]
    for client in clients:
        assert login(client, SimpleNamespace(email=email)).status_code == 302
    barrier = threading.Barrier(RACERS)
    statuses: list[int] = []
    lock = threading.Lock()

    def click(client) -> None:
        barrier.wait(timeout=30)
        status = client.post("/kol/payout-account/onboard").status_code
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=click, args=(c,)) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert statuses == [303] * RACERS
    assert len(stripe_server.connect.accounts) == 1
    keys = {r.idempotency_key for r in stripe_server.requests_to("POST", "/v1/accounts")}
    assert keys == {f"account:{kol_id}"}
    with stripe_app.app_context():
        assert db.session.scalar(select(func.count()).select_from(PaymentAccount)) == 1
