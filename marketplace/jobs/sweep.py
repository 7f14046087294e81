"""One sweep: the contract timers, outbox delivery and pruning, every few seconds.

Every step is idempotent and safe when two workers sweep at once (each takes its rows
with SKIP LOCKED or under a unique key), so a duplicate sweep only costs a few queries.
Steps are isolated: one that raises is rolled back, logged and counted in
`kol_job_failures_total`, and the sweep goes on with the next.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from datetime import datetime
from typing import Any

from marketplace.extensions import db
from marketplace.jobs import delivery, prune
from marketplace.models.base import utcnow
from marketplace.observability.metrics import JOB_FAILURES, JOB_RUNS
from marketplace.services.contracts import timers

log = logging.getLogger(__name__)


def _run_due(now: datetime) -> dict[str, int]:
    return timers.run_due(now).as_dict()


def _deliver_outbox(now: datetime) -> int:
    return delivery.deliver_due(now)


def _prune(now: datetime) -> dict[str, int]:
    return prune.prune(now)


STEPS: tuple[tuple[str, Callable[[datetime], Any]], ...] = (
    ("run_due", _run_due),
    ("outbox", _deliver_outbox),
    ("prune", _prune),
)


def sweep(now: datetime | None = None) -> dict[str, Any]:
    """Run every step at `now` (default: the current time); returns what each did.

    The report maps each step's name to its counts, plus `failed_steps` (names of steps
    that raised) and `duration_ms`. It is also logged as one line.
    """
    moment = now or utcnow()
    started = time.perf_counter()
    report: dict[str, Any] = {"at": moment.isoformat(timespec="seconds")}
    failed: list[str] = []
    for name, step in STEPS:
        JOB_RUNS.labels(job=name).inc()
        try:
            report[name] = step(moment)
        except Exception:
            log.exception("sweep step %s failed", name)
            JOB_FAILURES.labels(job=name).inc()
            failed.append(name)
        finally:
            # Leave no transaction open (or aborted) for the next step.
            db.session.rollback()
    report["failed_steps"] = failed
    report["duration_ms"] = round((time.perf_counter() - started) * 1000)
    JOB_RUNS.labels(job="sweep").inc()
    if failed:
        JOB_FAILURES.labels(job="sweep").inc()
    log.info("sweep %s", json.dumps(report), extra={"sweep": report})
    return report
