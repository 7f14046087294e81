"""The RQ worker and scheduler on a real Redis: timers fire with nobody typing a command.

The acceptance test starts `flask --app wsgi jobs worker` and `flask --app wsgi jobs
scheduler` as the Procfile does, on the test database (SQLite file or PostgreSQL) and a
queue of its own, and waits for a contract past its review window to be completed and
the KOL paid.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import redis
from flask import current_app
from rq import Queue, Worker
from sqlalchemy import func, select, update

from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.jobs import queue as jobs_queue
from marketplace.jobs.scheduler import build_scheduler
from marketplace.jobs.worker import build_worker
from marketplace.models import Contract, LedgerEntry
from marketplace.models.base import utcnow
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.contracts import make_contract
from tests.services.job_support import private_queue, redis_or_skip, wait_for

pytestmark = pytest.mark.redis

ROOT = Path(__file__).resolve().parents[2]
# Each process imports the whole app first; on a busy two-core machine that takes a while.
START_AND_SWEEP_S = 180


@pytest.fixture
def redis_url() -> str:
    return redis_or_skip()


@pytest.fixture
def queue_name(redis_url: str) -> Iterator[str]:
    with private_queue() as name:
        yield name


def overdue_for_review(price: int) -> tuple[int, int, str]:
    """A submitted contract whose review window passed a minute ago, committed."""
    deal = make_contract("submitted", price=price)
    db.session.execute(
        update(Contract)
        .where(Contract.id == deal.id)
        .values(review_due_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
    return deal.id, deal.kol.id, deal.contract.currency


def releases(contract_id: int) -> int:
    key = f"release:contract:{contract_id}"
    return db.session.scalar(select(func.count()).where(LedgerEntry.idempotency_key == key))


def start(command: str, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    flask = str(Path(sys.executable).with_name("flask"))
    with log.open("wb") as output:
        return subprocess.Popen(
            [flask, "--app", "wsgi", "jobs", command],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )


def stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM (what honcho and systemd send), then the exit status; killed if it hangs."""
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise


@pytest.mark.live_db
@pytest.mark.slow
def test_worker_and_scheduler_complete_a_contract_past_its_review_window(
    app, committed_db, redis_url, queue_name, tmp_path
):
    with app.app_context():
        contract_id, kol_id, currency = overdue_for_review(price=180_000)
        net = split(180_000, current_app.config["PLATFORM_FEE_BPS"]).net
        database_url = db.engine.url.render_as_string(hide_password=False)
        db.session.remove()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "RQ_QUEUE": queue_name,
        "SWEEP_INTERVAL_S": "1",
        "SWEEP_IN_PROCESS": "0",
        "SECRET_KEY": "test-secret",
    }
    logs = {name: tmp_path / f"{name}.log" for name in ("worker", "scheduler")}
    processes = {name: start(name, env, log) for name, log in logs.items()}
    try:

        def completed() -> bool:
            with app.app_context():
                return db.session.get(Contract, contract_id).status == "completed"

        finished = wait_for(completed, timeout=START_AND_SWEEP_S)
    finally:
        exit_codes = {name: stop(process) for name, process in processes.items()}
    output = {name: log.read_text() for name, log in logs.items()}
    assert finished, output
    assert exit_codes == {"worker": 0, "scheduler": 0}, output
    with app.app_context():
        assert balance(accounts.kol_available(kol_id), currency) == net
        assert releases(contract_id) == 1
    connection = redis.Redis.from_url(redis_url)
    assert not connection.exists(f"kol:{queue_name}:scheduler-lead"), "the lead is handed back"
    assert Worker.all(queue=Queue(queue_name, connection=connection)) == []


def test_a_second_scheduler_stands_by_until_the_first_stops(app, redis_url, queue_name):
    config = {**app.config, "REDIS_URL": redis_url, "RQ_QUEUE": queue_name}
    first, standby = build_scheduler(config), build_scheduler(config)
    queued = Queue(queue_name, connection=first.connection)
    for scheduler in (first, standby):
        scheduler.register_birth()

    assert len(first.enqueue_jobs()) == 1
    assert standby.enqueue_jobs() == []
    assert queued.count == 1

    first.register_death()
    assert len(standby.enqueue_jobs()) == 1
    assert first.enqueue_jobs() == []
    assert queued.count == 2
    standby.register_death()


@pytest.mark.live_db
def test_queued_sweeps_run_in_the_one_app_the_worker_was_given(
    app, committed_db, redis_url, queue_name, monkeypatch
):
    with app.app_context():
        contract_id, _kol_id, _currency = overdue_for_review(price=90_000)
        db.session.remove()
    monkeypatch.setattr(jobs_queue, "_app", None)
    monkeypatch.setattr("marketplace.create_app", pytest.fail)  # no app per job
    monkeypatch.setitem(app.config, "REDIS_URL", redis_url)
    monkeypatch.setitem(app.config, "RQ_QUEUE", queue_name)
    with app.app_context():
        jobs = [jobs_queue.enqueue_sweep() for _ in range(2)]
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        build_worker(app).work(burst=True)
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)

    for job in jobs:
        job.refresh()
    assert [job.get_status() for job in jobs] == ["finished", "finished"]
    first, second = (job.return_value() for job in jobs)
    assert (first["run_due"]["auto_approved"], second["run_due"]["auto_approved"]) == (1, 0)
    with app.app_context():
        assert db.session.get(Contract, contract_id).status == "completed"
        assert releases(contract_id) == 1
