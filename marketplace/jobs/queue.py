"""RQ on Redis: the connection, the queue, and the job functions the queue runs.

A job runs in an application context of one app per worker process: `flask jobs
worker` hands over the app its command already built (`use_app`), and a process that
imports a job some other way (the plain `rq worker` command) builds one on first use.
Nothing here touches Flask or the database at import time.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from redis import Redis
from rq import Queue
from rq.job import Job

if TYPE_CHECKING:
    from flask import Flask

#: A sweep works in batches and normally takes well under a second; this only stops one
#: that hangs (a lock, a silent server), so the next sweep can start.
SWEEP_TIMEOUT_S = 15 * 60
#: Results are only for inspection (`rq info`, tests): keep them briefly.
SWEEP_RESULT_TTL_S = 3600


class JobsNotConfigured(RuntimeError):
    """REDIS_URL is empty: there is no queue (the sweep then runs in-process or by hand)."""


_app: Flask | None = None


def use_app(app: Flask) -> None:
    """Make `app` the application jobs of this process run in."""
    global _app
    _app = app


def job_app() -> Flask:
    """The application of this process, built once on first use."""
    if _app is None:
        from marketplace import create_app

        use_app(create_app())
    assert _app is not None
    return _app


def redis_connection(config: Mapping[str, Any]) -> Redis:
    url = config.get("REDIS_URL") or ""
    if not url:
        raise JobsNotConfigured("REDIS_URL is not set: background jobs need Redis.")
    return Redis.from_url(url)


def job_queue(config: Mapping[str, Any]) -> Queue:
    return Queue(config["RQ_QUEUE"], connection=redis_connection(config))


def sweep_job_ttl_s(config: Mapping[str, Any]) -> int:
    """How long a queued sweep may wait: a later one replaces it (a worker that was down
    finds a few sweeps waiting, not one per minute of its absence)."""
    return max(2 * int(config["SWEEP_INTERVAL_S"]), 300)


def sweep_job_options(config: Mapping[str, Any]) -> dict[str, int]:
    return {
        "job_timeout": SWEEP_TIMEOUT_S,
        "result_ttl": SWEEP_RESULT_TTL_S,
        "ttl": sweep_job_ttl_s(config),
    }


def run_sweep() -> dict[str, Any]:
    """The queued job: one sweep in an application context of this worker's app."""
    app = job_app()
    with app.app_context():
        from marketplace.jobs.sweep import sweep

        return sweep()


def enqueue_sweep() -> Job:
    """Queue one sweep now, on the current app's queue (the scheduler does this every
    SWEEP_INTERVAL_S)."""
    from flask import current_app

    config = current_app.config
    return job_queue(config).enqueue(run_sweep, **sweep_job_options(config))
