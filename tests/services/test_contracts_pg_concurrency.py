"""Contracts under concurrency on PostgreSQL: money moves once however many hands race.

- twenty threads approve one submitted contract: one release, one completion;
- the timer sweep races the brands' approvals after the review window: one of them wins
  each contract, the release is booked once;
- two `jobs run-due` processes (and four in-process sweeps) over many due contracts:
  each contract is moved exactly once (FOR UPDATE SKIP LOCKED), the ledger balances.

Twenty threads funding one contract are tested with the payments (the ledger's tests).
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from marketplace.domain.errors import Conflict
from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.models import Contract, ContractEvent, LedgerEntry, LedgerLine, User
from marketplace.models.base import utcnow
from marketplace.services.contracts import timers, work
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_brand
from tests.factories.catalogue import make_kol_with_listing
from tests.factories.contracts import make_contract

pytestmark = [
    pytest.mark.live_db,
    pytest.mark.postgres,
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="needs PostgreSQL (TEST_DATABASE_URL)"),
]

RACERS = 20
ROOT = Path(__file__).resolve().parents[2]
PAST_EVERY_TIMER = timedelta(days=3, minutes=1)


def race(app, jobs: list[Callable[[], str]]) -> Counter[str]:
    """Run every job in its own thread and app context, all released at once."""
    barrier = threading.Barrier(len(jobs))
    outcomes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(job: Callable[[], str]) -> None:
        with app.app_context():
            barrier.wait()
            try:
                result = job()
            except Conflict:
                result = "conflict"
            except Exception as error:  # anything else is a failure the test reports
                result = f"error: {error!r}"
            finally:
                db.session.remove()
        with lock:
            outcomes[result] += 1

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return outcomes


def ledger_balances() -> dict[str, int]:
    rows = db.session.execute(
        select(LedgerLine.currency, func.sum(LedgerLine.amount)).group_by(LedgerLine.currency)
    )
    return {currency: int(total) for currency, total in rows}


def count_events(contract_ids: list[int], to_status: str) -> Counter[int]:
    rows = db.session.scalars(
        select(ContractEvent.contract_id).where(
            ContractEvent.contract_id.in_(contract_ids), ContractEvent.to_status == to_status
        )
    )
    return Counter(rows)


def count_entries(prefix: str, contract_ids: list[int]) -> int:
    keys = [f"{prefix}:contract:{cid}" for cid in contract_ids]
    return db.session.scalar(select(func.count()).where(LedgerEntry.idempotency_key.in_(keys)))


def test_twenty_approvals_release_the_money_once(app, committed_db):
    with app.app_context():
        deal = make_contract("submitted", price=300_000)
        brand_id, kol_id, contract_id = deal.brand.id, deal.kol.id, deal.id
        db.session.remove()

    def approve() -> str:
        work.approve(db.session.get(User, brand_id), contract_id)
        return "approved"

    outcomes = race(app, [approve] * RACERS)
    assert outcomes == Counter({"approved": 1, "conflict": RACERS - 1})
    with app.app_context():
        assert count_events([contract_id], "completed") == Counter({contract_id: 1})
        assert count_entries("release", [contract_id]) == 1
        assert balance(accounts.kol_available(kol_id), "cny") == split(300_000, 1000).net
        assert balance(accounts.escrow(contract_id), "cny") == 0
        assert set(ledger_balances().values()) == {0}


def _submitted_and_overdue_for_review(count: int) -> tuple[int, dict[int, int]]:
    """`count` submitted contracts of one brand whose review windows passed a minute ago."""
    kol, listing = make_kol_with_listing()
    brand = make_brand()
    ids = [
        make_contract("submitted", brand=brand, kol=kol, listing=listing).id for _ in range(count)
    ]
    db.session.execute(
        update(Contract)
        .where(Contract.id.in_(ids))
        .values(review_due_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    return brand.id, {cid: kol.id for cid in ids}


def test_the_sweep_racing_the_brands_approvals_completes_each_contract_once(app, committed_db):
    with app.app_context():
        brand_id, contracts = _submitted_and_overdue_for_review(10)
        db.session.remove()
    ids = sorted(contracts)

    def sweep() -> str:
        return f"swept {timers.run_due().auto_approved}"

    def approver(contract_id: int) -> Callable[[], str]:
        def approve() -> str:
            work.approve(db.session.get(User, brand_id), contract_id)
            return "approved"

        return approve

    outcomes = race(app, [sweep, sweep, *[approver(cid) for cid in ids]])
    assert not [key for key in outcomes if key.startswith("error")], outcomes
    swept = sum(int(key.split()[1]) * n for key, n in outcomes.items() if key.startswith("swept"))
    assert swept + outcomes["approved"] == len(ids)
    assert outcomes["approved"] + outcomes["conflict"] == len(ids)
    with app.app_context():
        assert count_events(ids, "completed") == Counter({cid: 1 for cid in ids})
        assert count_entries("release", ids) == len(ids)
        kol_id = contracts[ids[0]]
        assert balance(accounts.kol_available(kol_id), "cny") == len(ids) * 270_000
        assert set(ledger_balances().values()) == {0}


def _many_due(per_timer: int) -> list[int]:
    kol, listing = make_kol_with_listing()
    brand = make_brand()
    return [
        make_contract(status, brand=brand, kol=kol, listing=listing).id
        for status in ("offered", "accepted", "submitted")
        for _ in range(per_timer)
    ]


def _check_each_moved_once(ids: list[int], per_timer: int) -> None:
    statuses = Counter(db.session.scalars(select(Contract.status).where(Contract.id.in_(ids))))
    assert statuses == {"expired": per_timer, "cancelled": per_timer, "completed": per_timer}
    timer_events = Counter(
        db.session.scalars(
            select(ContractEvent.contract_id).where(
                ContractEvent.contract_id.in_(ids), ContractEvent.actor_role == "system"
            )
        )
    )
    assert timer_events == Counter({cid: 1 for cid in ids})
    assert count_entries("release", ids) == per_timer
    assert set(ledger_balances().values()) == {0}


def test_two_run_due_processes_move_each_contract_once(app, committed_db):
    per_timer = 25
    with app.app_context():
        ids = _many_due(per_timer)
        url = db.engine.url.render_as_string(hide_password=False)
        db.session.remove()
    moment = (utcnow() + PAST_EVERY_TIMER).isoformat()
    flask = str(Path(sys.executable).with_name("flask"))
    env = {**os.environ, "DATABASE_URL": url, "SECRET_KEY": "test-secret"}
    command = [flask, "--app", "wsgi", "jobs", "run-due", "--now", moment]
    runners = [
        subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    reports = [runner.communicate(timeout=120)[0] for runner in runners]
    assert [runner.returncode for runner in runners] == [0, 0], reports
    totals: Counter[str] = Counter()
    for report in reports:
        for pair in report.split():
            name, count = pair.split("=")
            totals[name] += int(count)
    assert totals == {
        "expired": per_timer,
        "funding_cancelled": per_timer,
        "auto_approved": per_timer,
        "failed": 0,
        "reviews_revealed": 0,
        "payments_settled": 0,
        "disputes_flagged": 0,
        "commission_settled": 0,
        "commission_budgets_closed": 0,
    }
    with app.app_context():
        _check_each_moved_once(ids, per_timer)


def test_four_sweeps_at_once_move_each_contract_once(app, committed_db):
    per_timer = 10
    with app.app_context():
        ids = _many_due(per_timer)
        db.session.remove()
    moment = utcnow() + PAST_EVERY_TIMER

    def sweep() -> str:
        report = timers.run_due(moment).as_dict()
        return " ".join(f"{name}={count}" for name, count in report.items())

    outcomes = race(app, [sweep] * 4)
    assert not [key for key in outcomes if key.startswith("error")], outcomes
    totals: Counter[str] = Counter()
    for line, times in outcomes.items():
        for pair in line.split():
            name, count = pair.split("=")
            totals[name] += int(count) * times
    assert totals == {
        "expired": per_timer,
        "funding_cancelled": per_timer,
        "auto_approved": per_timer,
        "failed": 0,
        "reviews_revealed": 0,
        "payments_settled": 0,
        "disputes_flagged": 0,
        "commission_settled": 0,
        "commission_budgets_closed": 0,
    }
    with app.app_context():
        _check_each_moved_once(ids, per_timer)
