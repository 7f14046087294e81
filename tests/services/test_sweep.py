"""The sweep: timers, outbox delivery and pruning in one idempotent run; steps isolated."""

from __future__ import annotations

import json
import logging
from datetime import timedelta

from flask import current_app
from prometheus_client import REGISTRY
from sqlalchemy import func, select

from marketplace.domain.fees import split
from marketplace.extensions import db
from marketplace.jobs import delivery, sweep
from marketplace.models import Contract, LedgerEntry, LoginFailure
from marketplace.models.base import utcnow
from marketplace.services.contracts import timers
from marketplace.services.ledger import accounts
from marketplace.services.ledger.postings import balance
from tests.factories.contracts import make_contract
from tests.factories.logs import LoginFailureFactory

PAST_THE_REVIEW_WINDOW = timedelta(days=3, minutes=1)


def counter(name: str, job: str) -> float:
    return REGISTRY.get_sample_value(f"{name}_total", {"job": job}) or 0.0


def releases(contract_id: int) -> int:
    key = f"release:contract:{contract_id}"
    return db.session.scalar(select(func.count()).where(LedgerEntry.idempotency_key == key))


def test_a_sweep_completes_a_contract_past_its_review_window_and_pays_the_kol(ctx):
    deal = make_contract("submitted", price=200_000)
    report = sweep.sweep(utcnow() + PAST_THE_REVIEW_WINDOW)

    assert report["run_due"]["auto_approved"] == 1
    assert report["failed_steps"] == []
    db.session.expire_all()
    assert db.session.get(Contract, deal.id).status == "completed"
    net = split(200_000, current_app.config["PLATFORM_FEE_BPS"]).net
    assert balance(accounts.kol_available(deal.kol.id), deal.contract.currency) == net
    assert releases(deal.id) == 1


def test_a_second_sweep_at_the_same_moment_does_nothing(ctx):
    deal = make_contract("submitted")
    moment = utcnow() + PAST_THE_REVIEW_WINDOW
    sweep.sweep(moment)
    again = sweep.sweep(moment)

    assert set(again["run_due"].values()) == {0}
    assert set(again["prune"].values()) == {0}
    assert releases(deal.id) == 1


def test_a_failing_step_is_logged_and_counted_and_the_others_still_run(ctx, monkeypatch, caplog):
    def broken(now):
        raise RuntimeError("the timers are broken")

    delivered_at = []
    monkeypatch.setattr(timers, "run_due", broken)
    monkeypatch.setattr(delivery, "deliver_due", lambda now: delivered_at.append(now) or 4)
    LoginFailureFactory(at=utcnow() - timedelta(days=1))
    failures_before = counter("kol_job_failures", "run_due")
    runs_before = counter("kol_job_runs", "sweep")

    with caplog.at_level(logging.INFO, logger="marketplace.jobs.sweep"):
        report = sweep.sweep()

    assert report["failed_steps"] == ["run_due"]
    assert "run_due" not in report
    assert report["outbox"] == 4 and len(delivered_at) == 1
    assert report["prune"]["login_failures"] == 1
    assert db.session.scalar(select(func.count(LoginFailure.id))) == 0
    assert counter("kol_job_failures", "run_due") == failures_before + 1
    assert counter("kol_job_runs", "sweep") == runs_before + 1
    errors = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "run_due" in errors[0].getMessage() and errors[0].exc_info


def test_each_sweep_logs_one_line_with_its_counts(ctx, caplog):
    make_contract("submitted")
    with caplog.at_level(logging.INFO, logger="marketplace.jobs.sweep"):
        sweep.sweep(utcnow() + PAST_THE_REVIEW_WINDOW)

    lines = [r for r in caplog.records if r.name == "marketplace.jobs.sweep"]
    assert len(lines) == 1
    logged = json.loads(lines[0].getMessage().removeprefix("sweep "))
    assert logged["run_due"]["auto_approved"] == 1
    assert lines[0].sweep == logged  # the same counts as fields, for JSON log formatters


def test_the_sweep_command_prints_its_report_and_fails_when_a_step_fails(app, ctx, monkeypatch):
    deal = make_contract("submitted")
    moment = (utcnow() + PAST_THE_REVIEW_WINDOW).isoformat()
    runner = app.test_cli_runner()

    result = runner.invoke(args=["jobs", "sweep", "--now", moment])
    assert result.exit_code == 0, result.output
    # stdout only: in the console default the sweep's emails are printed on stderr.
    assert json.loads(result.stdout)["run_due"]["auto_approved"] == 1
    db.session.expire_all()
    assert db.session.get(Contract, deal.id).status == "completed"

    def broken(now):
        raise ConnectionError("the mail server is down")

    monkeypatch.setattr(delivery, "deliver_due", broken)
    failed = runner.invoke(args=["jobs", "sweep"])
    assert failed.exit_code == 1
    assert json.loads(failed.stdout)["failed_steps"] == ["outbox"]
