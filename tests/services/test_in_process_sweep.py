"""The in-process sweep (no Redis): a thread of the web process fires the timers itself."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import update

from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.jobs import in_process
from marketplace.models import Contract
from marketplace.models.base import utcnow
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.contracts import make_contract
from tests.services.job_support import wait_for


@pytest.mark.live_db
def test_the_thread_completes_a_contract_whose_review_window_passed(app, app_with, committed_db):
    with app.app_context():
        deal = make_contract("submitted", price=150_000)
        db.session.execute(
            update(Contract)
            .where(Contract.id == deal.id)
            .values(review_due_at=utcnow() - timedelta(minutes=1))
        )
        db.session.commit()
        contract_id, kol_id, currency = deal.id, deal.kol.id, deal.contract.currency
        net = split(150_000, current_app.config["PLATFORM_FEE_BPS"]).net
        db.session.remove()
    web = app_with(SWEEP_IN_PROCESS=True, REDIS_URL="", SWEEP_INTERVAL_S=1)
    assert in_process.sweeper_of(web) is None  # building the app starts nothing

    web.test_client().get("/")
    sweeper = in_process.sweeper_of(web)
    assert sweeper is not None
    try:
        assert sweeper.running

        def completed() -> bool:
            with web.app_context():
                return db.session.get(Contract, contract_id).status == "completed"

        assert wait_for(completed, timeout=60), "the in-process sweep did not complete the contract"
        with web.app_context():
            assert balance(accounts.kol_available(kol_id), currency) == net
        web.test_client().get("/")
        assert in_process.sweeper_of(web) is sweeper  # one thread per process, not per request
        assert wait_for(lambda: sweeper.sweeps >= 2, timeout=30), "it sweeps every interval"
    finally:
        sweeper.stop(timeout=30)
        with web.app_context():
            db.engine.dispose()
    assert not sweeper.running


@pytest.mark.parametrize(
    "settings",
    [
        {"SWEEP_IN_PROCESS": True, "REDIS_URL": "redis://127.0.0.1:6379/15"},
        {"SWEEP_IN_PROCESS": False, "REDIS_URL": ""},
    ],
    ids=["redis-workers-sweep-instead", "setting-off"],
)
def test_no_thread_with_redis_or_with_the_setting_off(app_with, settings):
    web = app_with(**settings)
    web.test_client().get("/")
    assert in_process.sweeper_of(web) is None


def test_the_test_suite_app_never_sweeps_by_itself(app, client):
    client.get("/")
    assert in_process.sweeper_of(app) is None
